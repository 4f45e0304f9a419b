import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM for one personal-data field at a time (ID number, phone). The output names its key so that
// keys can rotate: new values use the current key, old values stay readable until re-encrypted.
//   v1.<keyId>.<iv>.<ciphertext>.<tag>   (base64url, 96-bit IV, 128-bit tag)

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type FieldCipherErrorCode = 'config' | 'malformed' | 'unknown_key' | 'tampered';

export class FieldCipherError extends Error {
  constructor(
    readonly code: FieldCipherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FieldCipherError';
  }
}

/** Keys as configured: each a base64 string of exactly 32 random bytes, named by a key id. */
export type KeyRingConfig = { currentKeyId: string; keys: Record<string, string> };

function decodeKey(keyId: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  // Buffer ignores bad characters silently; re-encoding catches a mistyped key.
  if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== base64.trim().replace(/=+$/, '')) {
    throw new FieldCipherError('config', `key ${keyId} must be 32 bytes in base64`);
  }
  return key;
}

function additionalData(keyId: string, context: string | undefined): Buffer {
  // The header is authenticated with the data; a context (e.g. "worker.idNumber") binds a value to its
  // field, so a ciphertext copied into another field does not decrypt.
  return Buffer.from(
    context === undefined ? `${VERSION}.${keyId}` : `${VERSION}.${keyId}\u0000${context}`,
    'utf8',
  );
}

export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(config: KeyRingConfig) {
    for (const [keyId, base64] of Object.entries(config.keys)) {
      if (!KEY_ID.test(keyId))
        throw new FieldCipherError('config', `invalid key id: ${JSON.stringify(keyId)}`);
      this.keys.set(keyId, decodeKey(keyId, base64));
    }
    if (!this.keys.has(config.currentKeyId)) {
      throw new FieldCipherError('config', `current key ${config.currentKeyId} is not in the key ring`);
    }
    this.currentKeyId = config.currentKeyId;
  }

  encrypt(plaintext: string, context?: string): string {
    if (typeof plaintext !== 'string') throw new TypeError('only strings are encrypted');
    const keyId = this.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(keyId) as Buffer, iv);
    cipher.setAAD(additionalData(keyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      keyId,
      iv.toString('base64url'),
      ciphertext.toString('base64url'),
      tag.toString('base64url'),
    ].join('.');
  }

  /** Throws FieldCipherError on anything but an intact value made with a key in the ring. */
  decrypt(token: string, context?: string): string {
    const { keyId, iv, ciphertext, tag } = parseToken(token);
    const key = this.keys.get(keyId);
    if (!key) throw new FieldCipherError('unknown_key', `no key ${keyId} in the key ring`);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldCipherError('tampered', 'encrypted field failed authentication');
    }
  }

  /** True when `token` was made with an older key and should be re-encrypted. */
  needsReEncryption(token: string): boolean {
    return parseToken(token).keyId !== this.currentKeyId;
  }

  /** Decrypts with whichever key made `token` and encrypts again with the current key. */
  reEncrypt(token: string, context?: string): string {
    return this.encrypt(this.decrypt(token, context), context);
  }
}

/** The key id an encrypted value was made with (no key needed). */
export function keyIdOf(token: string): string {
  return parseToken(token).keyId;
}

export function isEncryptedField(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseToken(value);
    return true;
  } catch {
    return false;
  }
}

function parseToken(token: string): { keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const parts = typeof token === 'string' ? token.split('.') : [];
  const [version, keyId, iv, ciphertext, tag] = parts;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    keyId === undefined ||
    !KEY_ID.test(keyId) ||
    [iv, ciphertext, tag].some((p) => p === undefined || !B64URL.test(p))
  ) {
    throw new FieldCipherError('malformed', 'not a v1 encrypted field');
  }
  const decoded = {
    keyId,
    iv: Buffer.from(iv ?? '', 'base64url'),
    ciphertext: Buffer.from(ciphertext ?? '', 'base64url'),
    tag: Buffer.from(tag ?? '', 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new FieldCipherError('malformed', 'encrypted field has a wrong IV or tag length');
  }
  return decoded;
}

/** A fresh random key in the configured form, for operators setting up or rotating keys. */
export function generateFieldKey(): string {
  return randomBytes(32).toString('base64');
}
