import { createHash } from 'node:crypto';
import { notFound, ruleViolation, type DomainError } from '../errors';
import { coversRegion, type Principal } from '../auth/principal';
import type { Decision } from './aggregate';

/**
 * Idempotency of commands that move an existing aggregate: the aggregate keeps the keys of its recent
 * commands (with a fingerprint of each request) in the same document, so a retried command is answered from
 * the state it produced and a reused key with another request is refused, without any second collection.
 */

/** A command applied to an aggregate under an idempotency key, with the fingerprint of its request. */
export interface CommandRecord {
  key: string;
  fingerprint: string;
  at: Date;
}

const KEEP = 100;

/** A decision that changes nothing: the answer to a command already applied. */
export const NO_CHANGE: Decision = { update: {}, events: [] };

/**
 * Idempotency of commands that move an aggregate (API.md): the same key with the same request is answered
 * from the state it produced; the same key with another request is refused.
 */
export function priorCommand(
  records: readonly CommandRecord[],
  key: string | undefined,
  fingerprint: string,
): 'new' | 'replay' | DomainError {
  if (!key) return 'new';
  const seen = records.find((r) => r.key === key);
  if (!seen) return 'new';
  return seen.fingerprint === fingerprint
    ? 'replay'
    : ruleViolation('同一幂等键已用于内容不同的请求 (Idempotency-Key reused with a different request)');
}

/** Merges two update documents operator by operator (later fields win within an operator). */
export function mergeUpdates(a: Decision['update'], b: Decision['update']): Decision['update'] {
  const out: Record<string, Record<string, unknown>> = { ...(a as Record<string, Record<string, unknown>>) };
  for (const [op, fields] of Object.entries(b as Record<string, Record<string, unknown>>)) {
    out[op] = { ...(out[op] ?? {}), ...fields };
  }
  return out;
}

/** Wraps a decision so that the command's key is recorded in the same write. */
export function recordingCommand(
  decision: Decision,
  key: string | undefined,
  fingerprint: string,
  at: Date,
): Decision {
  if (!key) return decision;
  return {
    update: mergeUpdates(decision.update, {
      $push: { commands: { $each: [{ key, fingerprint, at }], $slice: -KEEP } },
    }),
    events: decision.events,
  };
}

/** The usual shape: replay, refuse, or decide and record the key. */
export function idempotent<S extends { commands: CommandRecord[] }>(
  key: string | undefined,
  fingerprint: string,
  at: Date,
  decide: (current: S) => Decision | DomainError,
): (current: S) => Decision | DomainError {
  return (current) => {
    const prior = priorCommand(current.commands ?? [], key, fingerprint);
    if (prior === 'replay') return NO_CHANGE;
    if (prior !== 'new') return prior;
    const d = decide(current);
    return d instanceof Error ? d : recordingCommand(d, key, fingerprint, at);
  };
}

/** The fingerprint of a request, to tell a retry from another request under the same idempotency key. */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/** Decides only for an aggregate inside the caller's region; outside it the aggregate does not exist (404). */
export function inRegion<S extends { regionCode: string }>(
  p: Principal,
  what: string,
  decide: (current: S) => Decision | DomainError,
): (current: S) => Decision | DomainError {
  return (current) => (coversRegion(p, current.regionCode) ? decide(current) : notFound(`${what}不存在`));
}
