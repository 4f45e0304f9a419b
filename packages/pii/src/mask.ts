import { normaliseLandline, normaliseMobile } from '@wage/cn';

// How personal data is shown to a caller without the right to see it (API.md: 652301********123X,
// 138****5678). Masks keep enough to recognise a value, never enough to use it.

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n));
}

/** First 6 and last 4 characters of an 18-character number (652301********123X); first 6 and last 3 of a 15-digit one. */
export function maskResidentId(value: string): string {
  const id = value.normalize('NFKC').trim().toUpperCase();
  if (id.length === 18) return `${id.slice(0, 6)}${stars(8)}${id.slice(14)}`;
  if (id.length === 15) return `${id.slice(0, 6)}${stars(6)}${id.slice(12)}`;
  // Not a well-formed number: reveal at most the last 2 characters.
  return id.length <= 4 ? stars(id.length) : `${stars(id.length - 2)}${id.slice(-2)}`;
}

/**
 * A mobile number as 138****5678; a landline keeps its area code and last 4 digits (0991-***4567);
 * anything else keeps only its last 2 characters.
 */
export function maskPhone(value: string): string {
  const mobile = normaliseMobile(value);
  if (mobile) return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
  const landline = normaliseLandline(value);
  if (landline) {
    const [area = '', number = ''] = landline.split('-');
    return `${area}-${stars(number.length - 4)}${number.slice(-4)}`;
  }
  const text = value.trim();
  return text.length <= 4 ? stars(text.length) : `${stars(text.length - 2)}${text.slice(-2)}`;
}

/**
 * The first character of a name, then a star for each other character: 张三 → 张*, 欧阳娜娜 → 欧***.
 * The surname alone is kept because a compound surname cannot be told from a given name reliably.
 */
export function maskName(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.length <= 1) return stars(chars.length);
  return `${chars[0]}${stars(chars.length - 1)}`;
}
