import { createHash } from 'node:crypto';
import { notFound, type DomainError } from '../errors';
import { coversRegion, type Principal } from '../auth/principal';
import type { Decision } from './aggregate';

// The pure parts of command idempotency live in the domain package; the kit adds what needs node or auth.
export {
  COMMANDS_KEPT,
  NO_CHANGE,
  idempotent,
  mergeDecisions,
  priorCommand,
  recordingCommand,
  type CommandRecord,
} from '@wage/domain';

/** The fingerprint of a request, to tell a retry from another request under the same idempotency key. */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/** Decides only for an aggregate inside the caller's region; outside it the aggregate does not exist (404). */
export function inRegion<S extends { regionCode: string }>(
  p: Principal,
  what: string,
  decide: (current: S) => Decision<S> | DomainError,
): (current: S) => Decision<S> | DomainError {
  return (current) => (coversRegion(p, current.regionCode) ? decide(current) : notFound(`${what}不存在`));
}
