import { FieldCipher, FieldCipherError, generateFieldKey, isEncryptedField, keyIdOf } from './fieldCipher';

const k1 = Buffer.alloc(32, 1).toString('base64');
const k2 = Buffer.alloc(32, 2).toString('base64');

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof FieldCipherError ? e.code : `not a FieldCipherError: ${String(e)}`;
  }
  return undefined;
}

/** Changes the first character of one dot-separated part, which always changes the decoded bytes. */
function tamper(token: string, part: number): string {
  const parts = token.split('.');
  const p = parts[part] ?? '';
  parts[part] = (p[0] === 'A' ? 'B' : 'A') + p.slice(1);
  return parts.join('.');
}

describe('FieldCipher', () => {
  const cipher = new FieldCipher({ currentKeyId: 'k1', keys: { k1 } });

  it('round-trips a field, Chinese text included', () => {
    expect(cipher.decrypt(cipher.encrypt('652301199001011235'))).toBe('652301199001011235');
    expect(cipher.decrypt(cipher.encrypt('张三 13812345678'))).toBe('张三 13812345678');
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('writes v1.<keyId>.<iv>.<ciphertext>.<tag> with a 96-bit IV and a 128-bit tag', () => {
    const token = cipher.encrypt('13812345678');
    expect(token).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{15}\.[A-Za-z0-9_-]{22}$/);
    expect(isEncryptedField(token)).toBe(true);
    expect(isEncryptedField('13812345678')).toBe(false);
  });

  it('uses a fresh IV every time, so equal values do not give equal ciphertexts', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  describe('tampering', () => {
    const token = cipher.encrypt('652301199001011235');

    it.each([
      [2, 'IV'],
      [3, 'ciphertext'],
      [4, 'tag'],
    ])('fails loudly when part %i (%s) is changed', (part) => {
      expect(errorCode(() => cipher.decrypt(tamper(token, part)))).toBe('tampered');
    });

    it('fails when the value is moved under another key id', () => {
      const both = new FieldCipher({ currentKeyId: 'k1', keys: { k1, k2 } });
      expect(errorCode(() => both.decrypt(token.replace('v1.k1.', 'v1.k2.')))).toBe('tampered');
    });

    it('fails when the value is copied into another field (context)', () => {
      const bound = cipher.encrypt('652301199001011235', 'worker.idNumber');
      expect(cipher.decrypt(bound, 'worker.idNumber')).toBe('652301199001011235');
      expect(errorCode(() => cipher.decrypt(bound, 'reporter.idNumber'))).toBe('tampered');
      expect(errorCode(() => cipher.decrypt(bound))).toBe('tampered');
    });

    it('rejects malformed values before trying to decrypt', () => {
      expect(errorCode(() => cipher.decrypt('652301199001011235'))).toBe('malformed');
      expect(errorCode(() => cipher.decrypt(token.replace('v1.', 'v2.')))).toBe('malformed');
      expect(errorCode(() => cipher.decrypt(`${token}.extra`))).toBe('malformed');
      const shortTag = token
        .split('.')
        .map((p, i) => (i === 4 ? p.slice(0, 10) : p))
        .join('.');
      expect(errorCode(() => cipher.decrypt(shortTag))).toBe('malformed');
    });
  });

  describe('key rotation', () => {
    const oldToken = cipher.encrypt('13812345678');
    const rotated = new FieldCipher({ currentKeyId: 'k2', keys: { k1, k2 } });

    it('encrypts with the current key and still reads values made with older keys', () => {
      expect(keyIdOf(rotated.encrypt('x'))).toBe('k2');
      expect(rotated.decrypt(oldToken)).toBe('13812345678');
    });

    it('tells which values to re-encrypt and re-encrypts them under the current key', () => {
      expect(rotated.needsReEncryption(oldToken)).toBe(true);
      const renewed = rotated.reEncrypt(oldToken);
      expect(keyIdOf(renewed)).toBe('k2');
      expect(rotated.needsReEncryption(renewed)).toBe(false);
      expect(rotated.decrypt(renewed)).toBe('13812345678');
    });

    it('cannot read a value once its key has left the ring', () => {
      const retired = new FieldCipher({ currentKeyId: 'k2', keys: { k2 } });
      expect(errorCode(() => retired.decrypt(oldToken))).toBe('unknown_key');
    });
  });

  describe('configuration', () => {
    it('refuses keys that are not 32 bytes of base64', () => {
      expect(
        errorCode(
          () => new FieldCipher({ currentKeyId: 'k1', keys: { k1: Buffer.alloc(16).toString('base64') } }),
        ),
      ).toBe('config');
      expect(
        errorCode(() => new FieldCipher({ currentKeyId: 'k1', keys: { k1: `${k1.slice(0, -4)}!!!=` } })),
      ).toBe('config');
    });

    it('refuses a current key missing from the ring and key ids that would break the format', () => {
      expect(errorCode(() => new FieldCipher({ currentKeyId: 'k3', keys: { k1 } }))).toBe('config');
      expect(errorCode(() => new FieldCipher({ currentKeyId: 'a.b', keys: { 'a.b': k1 } }))).toBe('config');
    });

    it('generates keys in the configured form', () => {
      const key = generateFieldKey();
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
      expect(new FieldCipher({ currentKeyId: 'new', keys: { new: key } }).currentKeyId).toBe('new');
    });
  });
});
