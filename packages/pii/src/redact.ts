import { residentIdCheckChar } from '@wage/cn';
import { isEncryptedField } from './fieldCipher';
import { maskPhone, maskResidentId } from './mask';

// The last line of defence before a log line or a response leaves a service: whatever a caller forgot to
// mask, an ID number or a mobile number does not get out in the clear. Matching is deliberately narrow
// around other long numbers the platform handles (credit codes, fen amounts, UUIDs, timestamps, hashes):
// a match may not touch an ASCII letter or digit on either side, ID numbers need a plausible birth date
// (19xx/20xx) and a valid check digit or a final X.

/** 17 digits with a 19xx/20xx birth date, then a digit or X, standing alone. Confirm with `looksLikeResidentId`. */
export const RESIDENT_ID_PATTERN =
  /(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/;

/** A mainland mobile number standing alone, optionally with +86/0086/86 and space or dash separators. */
export const MOBILE_PATTERN =
  /(?<![0-9A-Za-z+])(?:(?:\+86|0086|86)[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![0-9A-Za-z])/;

const RESIDENT_ID_GLOBAL = new RegExp(RESIDENT_ID_PATTERN.source, 'g');
const MOBILE_GLOBAL = new RegExp(MOBILE_PATTERN.source, 'g');

/** A candidate matched by RESIDENT_ID_PATTERN is treated as an ID number if its check digit holds or it ends in X. */
export function looksLikeResidentId(candidate: string): boolean {
  const id = candidate.toUpperCase();
  return id.endsWith('X') || residentIdCheckChar(id.slice(0, 17)) === id[17];
}

/** Masks every ID number and mobile number inside free text. */
export function redactText(text: string): string {
  if (!/\d{3}/.test(text)) return text; // most log strings: nothing to look at
  return text
    .replace(RESIDENT_ID_GLOBAL, (m) => (looksLikeResidentId(m) ? maskResidentId(m) : m))
    .replace(MOBILE_GLOBAL, (m) => maskPhone(m));
}

export type SensitiveKind = 'resident_id' | 'phone';

/** Classifies a property name by its last words: idNumber, reporterIdNumber, id_card_no, phone, contactPhone, mobileNumber… */
export function sensitiveKeyKind(key: string): SensitiveKind | undefined {
  if (/身份证/.test(key)) return 'resident_id';
  if (/手机|电话/.test(key)) return 'phone';
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter(Boolean);
  const tail = (n: number) => words.slice(-n).join(' ');
  if (
    ['id number', 'id no', 'id card', 'resident id', 'identity number', 'citizen id'].includes(tail(2)) ||
    ['id card number', 'id card no'].includes(tail(3)) ||
    ['id numbers', 'id cards'].includes(tail(2)) ||
    ['idnumber', 'idno', 'idcard'].includes(tail(1))
  ) {
    return 'resident_id';
  }
  if (
    ['phone', 'phones', 'mobile', 'mobiles', 'tel', 'telephone', 'cellphone'].includes(tail(1)) ||
    ['phone number', 'phone no', 'mobile number', 'mobile no'].includes(tail(2))
  ) {
    return 'phone';
  }
  return undefined;
}

function maskByKind(kind: SensitiveKind, value: string | number): string {
  const text = String(value);
  // Already masked, or stored encrypted: leave it (re-masking a mask would only lose the visible part).
  if (text.includes('*') || isEncryptedField(text)) return text;
  return kind === 'resident_id' ? maskResidentId(text) : maskPhone(text);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function walk(value: unknown, kind: SensitiveKind | undefined, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(kind ? maskByKind(kind, value) : value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    // Numbers are left alone (fen amounts, counts) unless the key says it is an ID number or phone.
    return kind && typeof value === 'number' ? maskByKind(kind, value) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, kind, seen));
    if (value instanceof Error) {
      // Errors serialise to {} in JSON; keep what pino would log, redacted.
      const out: Record<string, unknown> = { type: value.name, message: redactText(value.message) };
      if (value.stack) out.stack = redactText(value.stack);
      for (const [k, v] of Object.entries(value)) out[redactText(k)] = walk(v, sensitiveKeyKind(k), seen);
      return out;
    }
    if (!isPlainObject(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      // Whatever JSON.stringify would write (an ObjectId's hex string, a document's fields).
      return walk((value as { toJSON: () => unknown }).toJSON(), kind, seen);
    }
    if (value instanceof Map || value instanceof Set) return value;
    const out: Record<string, unknown> = {};
    // A property's own name decides for its value; an array inherits the name it sits under (phones: [...]).
    for (const [k, v] of Object.entries(value)) out[redactText(k)] = walk(v, sensitiveKeyKind(k), seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * A copy of `value` with every ID number and mobile number masked: values of properties named like
 * idNumber or phone whatever their format, and anything that looks like one inside any string (values
 * and property names). Other values keep their type; errors become `{type, message, stack}`.
 * The input is never modified.
 */
export function redactDeep<T>(value: T): T {
  return walk(value, undefined, new WeakSet()) as T;
}
