import { isCalendarDate, shanghaiDate } from './calendarDate';
import { isRegionCode } from './region';

// GB 11643-1999 citizen identity number: 6-digit region of first registration, 8-digit birth date,
// 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** First two digits of every province-level region, plus 81/82/83 used by HK, Macao and Taiwan residence permits. */
const PROVINCE_PREFIXES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

export type ResidentIdRejection = 'format' | 'checksum' | 'birth_date' | 'region';

export type ResidentIdResult =
  | { ok: true; value: string; birthDate: string; sex: 'male' | 'female'; regionCode: string }
  | { ok: false; reason: ResidentIdRejection; message: string };

/**
 * How strictly to check the region digits. Numbers keep the code of the region where they were first
 * issued, and many of those codes were abolished since, so the default only checks the province:
 * - `province`: the first two digits name a province-level region (default);
 * - `current`: the six digits are a region in today's dataset (rejects numbers from abolished counties);
 * - `none`: no region check;
 * - a function deciding for itself (e.g. a list of current plus historic codes).
 */
export type RegionCheck = 'province' | 'current' | 'none' | ((regionCode: string) => boolean);

export type ResidentIdOptions = { region?: RegionCheck; today?: string };

const MESSAGES: Record<ResidentIdRejection, string> = {
  format: '身份证号码应为18位，前17位为数字，最后一位为数字或X',
  checksum: '身份证号码校验位不正确',
  birth_date: '身份证号码中的出生日期无效',
  region: '身份证号码中的地区码无效',
};

function reject(reason: ResidentIdRejection): ResidentIdResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}

function regionAccepted(code: string, check: RegionCheck): boolean {
  if (typeof check === 'function') return check(code);
  if (check === 'none') return true;
  if (check === 'current') return isRegionCode(code);
  return PROVINCE_PREFIXES.has(code.slice(0, 2));
}

/** Normalises (full-width digits, lower-case x, surrounding spaces) and validates an 18-character number. */
export function validateResidentId(input: string, options: ResidentIdOptions = {}): ResidentIdResult {
  if (typeof input !== 'string') return reject('format');
  const value = input.normalize('NFKC').trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return reject('format');
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const today = options.today ?? shanghaiDate(new Date());
  if (!isCalendarDate(birthDate) || birthDate < '1900-01-01' || birthDate > today)
    return reject('birth_date');
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return reject('checksum');
  const regionCode = value.slice(0, 6);
  if (!regionAccepted(regionCode, options.region ?? 'province')) return reject('region');
  return { ok: true, value, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female', regionCode };
}

export function isResidentId(input: string, options?: ResidentIdOptions): boolean {
  return validateResidentId(input, options).ok;
}
