// Mainland phone numbers as reporters give them: mobile numbers (11 digits, 1[3-9]…, optionally written
// with +86 / 0086 / 86 and separators) and landlines with an area code (hotline callers give those).

const SEPARATORS = /[\s\-()（）]/g;

function clean(input: string): string {
  return input.normalize('NFKC').trim().replace(SEPARATORS, '');
}

/** The 11-digit mobile number, or undefined when `input` is not one. Strips +86, 0086, 86 and separators. */
export function normaliseMobile(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  const m = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(clean(input));
  return m?.[1];
}

export function isMobile(input: string): boolean {
  return normaliseMobile(input) !== undefined;
}

function splitLandline(digits: string): { area: string; number: string } | undefined {
  // Area codes are 010 and 02X (3 digits, 8-digit numbers) or 0[3-9]XX (4 digits, 7- or 8-digit numbers).
  const areaLength = /^0(?:10|2\d)/.test(digits) ? 3 : /^0[3-9]\d\d/.test(digits) ? 4 : 0;
  if (areaLength === 0) return undefined;
  const area = digits.slice(0, areaLength);
  const number = digits.slice(areaLength);
  const lengthOk = areaLength === 3 ? number.length === 8 : number.length === 7 || number.length === 8;
  // Subscriber numbers never start with 0; 1 is accepted because placeholders like 0991-1234567 are common.
  return lengthOk && /^[1-9]/.test(number) ? { area, number } : undefined;
}

/**
 * A landline as `0AREA-NUMBER` (e.g. `0991-1234567`, `010-12345678`), or undefined; an extension is kept
 * after a second dash (`0931-8123456-801`). Accepts spaces, dashes, brackets, `+86`/`0086` with or without
 * the trunk 0, and extensions written `转801`, `ext 801` or `#801`.
 */
export function normaliseLandline(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  let text = input.normalize('NFKC').trim();
  let extension: string | undefined;
  const marked = /\s*(?:转|ext\.?|#)\s*(\d{1,6})$/i.exec(text);
  if (marked) {
    extension = marked[1];
    text = text.slice(0, marked.index);
  }
  const international = /^(?:\+86|0086)/.test(text);
  const parts = text
    .replace(/^(?:\+86|0086)/, '')
    .split(/[\s\-()（）]+/)
    .filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p))) return undefined;
  const withTrunk = (digits: string) => (international && !digits.startsWith('0') ? `0${digits}` : digits);

  let split = splitLandline(withTrunk(parts.join('')));
  if (!split && !extension && parts.length > 1) {
    // An unmarked extension: the last group, when the groups before it form a whole number.
    const last = parts[parts.length - 1] ?? '';
    split = last.length <= 6 ? splitLandline(withTrunk(parts.slice(0, -1).join(''))) : undefined;
    if (split) extension = last;
  }
  if (!split) return undefined;
  return extension ? `${split.area}-${split.number}-${extension}` : `${split.area}-${split.number}`;
}

export function isLandline(input: string): boolean {
  return normaliseLandline(input) !== undefined;
}
