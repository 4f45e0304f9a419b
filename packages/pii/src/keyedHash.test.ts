import { createHmac } from 'node:crypto';
import { KeyedHash, normaliseForHash } from './keyedHash';

/** Fixed but varied key bytes: a constant fill is refused as too little entropy. */
const keyBytes = (seed: number) => Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + seed) & 255));
const secret = keyBytes(7).toString('base64');

describe('KeyedHash', () => {
  const hasher = new KeyedHash(secret);

  it('is HMAC-SHA256 of the normalised value, in hex', () => {
    const expected = createHmac('sha256', keyBytes(7)).update('13812345678').digest('hex');
    expect(hasher.hash('13812345678')).toBe(expected);
    expect(hasher.hash('13812345678')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic, so records can be found and merged by it', () => {
    expect(hasher.hash('652301199001011235')).toBe(new KeyedHash(secret).hash('652301199001011235'));
  });

  it('depends on the secret', () => {
    const other = new KeyedHash(keyBytes(8).toString('base64'));
    expect(other.hash('13812345678')).not.toBe(hasher.hash('13812345678'));
  });

  it('hashes every spelling of the same ID number alike', () => {
    expect(hasher.hash('11010519491231002x')).toBe(hasher.hash('11010519491231002X'));
    expect(hasher.hash(' 11010519491231002X ')).toBe(hasher.hash('11010519491231002X'));
  });

  it('hashes every spelling of the same phone alike', () => {
    const h = hasher.hash('13812345678');
    for (const spelling of [
      '+86 138 1234 5678',
      '0086-138-1234-5678',
      '138-1234-5678',
      '１３８１２３４５６７８',
    ]) {
      expect(hasher.hash(spelling)).toBe(h);
    }
    expect(hasher.hash('0991-1234567')).toBe(hasher.hash('09911234567'));
    expect(normaliseForHash('(0991) 123 4567')).toBe('09911234567');
  });

  it('keeps different values apart', () => {
    expect(hasher.hash('13812345678')).not.toBe(hasher.hash('13812345679'));
  });

  it('refuses a short secret', () => {
    expect(() => new KeyedHash(Buffer.alloc(16).toString('base64'))).toThrow(RangeError);
    expect(() => new KeyedHash(Buffer.alloc(32, 7).toString('base64'))).toThrow('too little entropy');
    expect(() => new KeyedHash('not base64 at all!')).toThrow('not base64');
  });
});
