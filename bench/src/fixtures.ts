// What the benches share: generated (valid) identities of seeded workers and contractors, and the resident
// memory of a process, read the same way in every bench so their figures compare.
import { readFileSync } from 'node:fs';
import { residentIdCheckChar, usccCheckChar } from '@wage/cn';

/** Resident memory of a process in MB (NaN once it has gone). */
export function rssMb(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Math.round(Number(kb ?? NaN) / 1024);
  } catch {
    return NaN;
  }
}

/** The n-th seeded worker's resident ID in 652301, with a correct check character. */
export function residentId(n: number): string {
  const first17 = `6523011988${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** The n-th seeded contractor's USCC in 652301, with a correct check character. */
export function uscc(n: number): string {
  const body = `91652301MA${String(n).padStart(7, '0')}`.slice(0, 17);
  return body + usccCheckChar(body);
}
