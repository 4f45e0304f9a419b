// GB 32100-2015 unified social credit code (统一社会信用代码): registration authority (1 char), entity
// category (1), region of the registering authority (6 digits, GB/T 2260), organisation code (9, GB 11714),
// check character (1). The alphabet has 31 characters: no I, O, Z, S, V.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const VALUE = new Map([...ALPHABET].map((ch, i) => [ch, i]));

/** The check character for the first 17 characters of a code. */
export function usccCheckChar(first17: string): string {
  const body = first17.toUpperCase();
  if (body.length !== 17 || [...body].some((ch) => !VALUE.has(ch))) {
    throw new RangeError('expected 17 characters of the credit-code alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (VALUE.get(body[i] ?? '') ?? 0) * (WEIGHTS[i] ?? 0);
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

export type UsccRejection = 'format' | 'charset' | 'region' | 'checksum';

export type UsccResult =
  | { ok: true; value: string; regionCode: string; registrationAuthority: string; organizationCode: string }
  | { ok: false; reason: UsccRejection; message: string };

const MESSAGES: Record<UsccRejection, string> = {
  format: '统一社会信用代码应为18位',
  charset: '统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）',
  region: '统一社会信用代码第3至8位应为行政区划码',
  checksum: '统一社会信用代码校验位不正确',
};

function reject(reason: UsccRejection): UsccResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/**
 * Validates a code after normalising case, full-width characters and surrounding spaces. The region
 * digits are only checked to be digits (central registrations use 100000, and codes keep the region of
 * the authority that issued them); pass `isRegion` for a stricter check.
 */
export function validateUscc(
  input: string,
  options: { isRegion?: (code: string) => boolean } = {},
): UsccResult {
  if (typeof input !== 'string') return reject('format');
  const value = input.normalize('NFKC').trim().toUpperCase();
  if (value.length !== 18) return reject('format');
  if ([...value].some((ch) => !VALUE.has(ch))) return reject('charset');
  const regionCode = value.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode) || (options.isRegion && !options.isRegion(regionCode)))
    return reject('region');
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return reject('checksum');
  return {
    ok: true,
    value,
    regionCode,
    registrationAuthority: value.slice(0, 1),
    organizationCode: value.slice(8, 17),
  };
}

export function isUscc(input: string): boolean {
  return validateUscc(input).ok;
}
