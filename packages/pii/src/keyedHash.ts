import { createHmac } from 'node:crypto';
import { normaliseLandline, normaliseMobile } from '@wage/cn';
import { decodeSecretKey } from './secretKey';

// A keyed hash lets services find and merge records by ID number or phone (e.g. the same reporter on
// several channels) without storing the value in the clear; without the secret the hashes cannot be
// recomputed from the small space of possible ID numbers or phones. It uses its own secret, never an
// encryption key.

/**
 * The canonical form hashed: full-width characters folded, spaces trimmed; a mobile number as its 11
 * digits (no +86, no separators); a landline as digits only; an ID number (17 digits + digit/x) upper-case.
 */
export function normaliseForHash(value: string): string {
  const text = value.normalize('NFKC').trim();
  const mobile = normaliseMobile(text);
  if (mobile) return mobile;
  if (/^\d{17}[\dXx]$/.test(text)) return text.toUpperCase();
  const landline = normaliseLandline(text);
  if (landline) return landline.replace(/\D/g, '');
  return text;
}

export class KeyedHash {
  private readonly secret: Buffer;

  /** `secret`: base64 of at least 32 random bytes. */
  constructor(secret: string) {
    this.secret = decodeSecretKey(secret, 'the keyed-hash secret');
  }

  /** Hex HMAC-SHA256 of the normalised value: equal inputs in any spelling give equal hashes. */
  hash(value: string): string {
    if (typeof value !== 'string') throw new TypeError('only strings are hashed');
    return createHmac('sha256', this.secret).update(normaliseForHash(value), 'utf8').digest('hex');
  }
}
