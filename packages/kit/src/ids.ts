import { createHash } from 'node:crypto';
import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7): event ids, aggregate ids, trace ids. */
export const newId = (): string => v7();

/**
 * The id of an aggregate created by a command that carries an idempotency key: the same caller and key
 * always name the same aggregate, so a retried command finds it instead of creating a second one.
 */
export function idFromIdempotencyKey(scope: string, key: string): string {
  const h = createHash('sha256').update(`${scope}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const READABLE = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read over the phone

/** A code people type or read aloud, from a hex digest (e.g. a keyed hash): 5 bits of it per character. */
export function readableCode(hex: string, length: number): string {
  const bytes = Buffer.from(hex, 'hex');
  let out = '';
  for (let i = 0; i < length; i++) out += READABLE[bytes[i % bytes.length]! % READABLE.length];
  return out;
}
