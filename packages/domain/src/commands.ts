import { ruleViolation, type DomainError } from './errors';
import { mergeDecisions, NO_CHANGE, type Decision } from './decision';

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

/** How many command records an aggregate keeps. */
export const COMMANDS_KEPT = 100;

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

/** Wraps a decision so that the command's key is recorded in the same write. */
export function recordingCommand<S>(
  decision: Decision<S>,
  key: string | undefined,
  fingerprint: string,
  at: Date,
): Decision<S> {
  if (!key) return decision;
  const record: Decision<{ commands: CommandRecord[] }> = {
    append: { commands: [{ key, fingerprint, at }] },
    keepLast: { commands: COMMANDS_KEPT },
    events: [],
  };
  return mergeDecisions(decision, record as unknown as Decision<S>);
}

/** The usual shape: replay, refuse, or decide and record the key. */
export function idempotent<S extends { commands: CommandRecord[] }>(
  key: string | undefined,
  fingerprint: string,
  at: Date,
  decide: (current: S) => Decision<S> | DomainError,
): (current: S) => Decision<S> | DomainError {
  return (current) => {
    const prior = priorCommand(current.commands ?? [], key, fingerprint);
    if (prior === 'replay') return NO_CHANGE;
    if (prior !== 'new') return prior;
    const d = decide(current);
    return d instanceof Error ? d : recordingCommand(d, key, fingerprint, at);
  };
}
