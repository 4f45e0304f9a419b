// Money is integer fen (分) everywhere; these helpers never go through floating point.

export type Rounding = 'ceil' | 'floor' | 'half_up';

/** A safe non-negative integer number of fen. */
export function isFen(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * Parses a yuan amount written exactly as digits with up to two decimals ("12", "12.3", "12.34") into
 * fen. Anything else — a number, a sign, a thousands separator, a third decimal — is refused, so a
 * float never becomes money.
 */
export function yuanToFen(yuan: string): number {
  if (typeof yuan !== 'string') throw new TypeError('a yuan amount must be given as a string');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!m) throw new RangeError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  const fen = BigInt(m[1] ?? '0') * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`yuan amount too large: ${yuan}`);
  return Number(fen);
}

/** "¥12,345.67"; a negative amount (a correction, a balance) as "-¥12.34". */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${fen < 0 ? '-' : ''}¥${yuan}.${cents}`;
}

/**
 * `fen × bp / 10 000` in integer arithmetic (1 basis point = 0.01 %; 3 % = 300 bp, ×1.5 = 15 000 bp).
 * Rounds up by default because the result is usually an obligation — a required deposit, a penalty, extra
 * compensation — and rounding down would let the payer owe a fraction of a fen less than the rule says.
 */
export function applyRatioBasisPoints(fen: number, bp: number, rounding: Rounding = 'ceil'): number {
  if (!isFen(fen)) throw new RangeError(`not an amount of fen: ${fen}`);
  if (!Number.isSafeInteger(bp) || bp < 0)
    throw new RangeError(`basis points must be a non-negative integer: ${bp}`);
  const product = BigInt(fen) * BigInt(bp);
  const quotient = product / 10_000n;
  const remainder = product % 10_000n;
  let result = quotient;
  if (remainder > 0n) {
    if (rounding === 'ceil' || (rounding === 'half_up' && remainder * 2n >= 10_000n)) result += 1n;
  }
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('result exceeds the safe integer range');
  return Number(result);
}
