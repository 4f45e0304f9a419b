import { FieldCipher, KeyedHash } from '@wage/pii';
import { ConfigError, type ServiceEnv } from './config';

/** Encryption at rest and keyed hashes for look-up, configured once per service from its environment. */
export interface PersonalDataProtection {
  cipher: FieldCipher;
  hasher: KeyedHash;
  /** Encrypted value plus keyed hash, the stored form of an ID number or phone. */
  protect(value: string): { enc: string; hash: string };
}

/** PII_KEYS is `keyId:base64key[,keyId:base64key…]`; PII_CURRENT_KEY_ID picks the key that encrypts. */
export function personalDataProtection(
  cfg: Pick<ServiceEnv, 'PII_KEYS' | 'PII_CURRENT_KEY_ID' | 'PII_HASH_KEY'>,
): PersonalDataProtection {
  if (!cfg.PII_KEYS || !cfg.PII_CURRENT_KEY_ID || !cfg.PII_HASH_KEY) {
    throw new ConfigError([
      'PII_KEYS, PII_CURRENT_KEY_ID and PII_HASH_KEY are required to store personal data',
    ]);
  }
  const keys = Object.fromEntries(
    cfg.PII_KEYS.split(',').map((pair) => {
      const i = pair.indexOf(':');
      return [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
    }),
  );
  const cipher = new FieldCipher({ currentKeyId: cfg.PII_CURRENT_KEY_ID, keys });
  const hasher = new KeyedHash(cfg.PII_HASH_KEY);
  return { cipher, hasher, protect: (value) => ({ enc: cipher.encrypt(value), hash: hasher.hash(value) }) };
}
