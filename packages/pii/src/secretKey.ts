/**
 * Decodes a base64 secret (an encryption, keyed-hash or audit key) and refuses one that is too short or
 * visibly not random: a key typed by hand (`aaaa…`, `0123…`) or a placeholder would make every hash or MAC
 * made with it recomputable.
 */
export function decodeSecretKey(base64: string, name: string, minBytes = 32): Buffer {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new RangeError(`${name}: not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < minBytes) throw new RangeError(`${name}: must be at least ${minBytes} bytes in base64`);
  // 32 random bytes have about 30 distinct values; fewer than half of the length means a pattern.
  if (new Set(bytes).size < Math.min(16, bytes.length / 2))
    throw new RangeError(`${name}: too little entropy (generate it with \`openssl rand -base64 32\`)`);
  return bytes;
}
