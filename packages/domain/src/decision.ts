import type { EventDraft } from './events';

/** The fields of `S` that hold lists, and the type of one item of each. */
type ListKeys<S> = { [K in keyof S]-?: NonNullable<S[K]> extends readonly unknown[] ? K : never }[keyof S];
type ItemOf<L> = NonNullable<L> extends readonly (infer I)[] ? I : never;

/** Items appended, in order, to list fields of the state (history entries, records, payments). */
export type Appended<S> = { [K in ListKeys<S>]?: readonly ItemOf<S[K]>[] };

/**
 * What a domain decision returns: the new values of some top-level fields of the aggregate's state, the
 * items appended to its lists, and the events it implies. The store turns it into one single-document
 * write conditioned on the version read, so a patch computed from the state read is as safe as an
 * increment; the domain never sees a database update document.
 */
export interface Decision<S = Record<string, unknown>> {
  set?: Partial<S>;
  append?: Appended<S>;
  /** Lists bounded to their last N items after the append (e.g. the recent command records). */
  keepLast?: Partial<Record<ListKeys<S>, number>>;
  events: EventDraft[];
}

/** A decision that changes nothing: the answer to a command already applied. */
export const NO_CHANGE: Decision<never> = { events: [] };

/** `b` after `a` in one write: later set fields win, appends are concatenated in order. */
export function mergeDecisions<S>(a: Decision<S>, b: Decision<S>): Decision<S> {
  const append: Record<string, unknown[]> = {};
  for (const d of [a, b]) {
    for (const [k, items] of Object.entries(d.append ?? {}) as Array<[string, readonly unknown[]]>) {
      append[k] = [...(append[k] ?? []), ...items];
    }
  }
  const set = { ...(a.set ?? {}), ...(b.set ?? {}) } as Partial<S>;
  const keepLast = { ...(a.keepLast ?? {}), ...(b.keepLast ?? {}) } as Decision<S>['keepLast'];
  return {
    ...(Object.keys(set).length > 0 ? { set } : {}),
    ...(Object.keys(append).length > 0 ? { append: append as Appended<S> } : {}),
    ...(keepLast && Object.keys(keepLast).length > 0 ? { keepLast } : {}),
    events: [...a.events, ...b.events],
  };
}

/**
 * The state a decision leaves, computed in memory exactly as the store writes it: unit tests assert
 * this, and code that answers from the new state without reading it back uses it too.
 */
export function applyDecision<S extends object>(state: S, d: Decision<S>): S {
  const next: Record<string, unknown> = { ...(state as Record<string, unknown>), ...(d.set ?? {}) };
  for (const [k, items] of Object.entries(d.append ?? {}) as Array<[string, readonly unknown[]]>) {
    const list = [...((next[k] as unknown[] | undefined) ?? []), ...items];
    const keep = (d.keepLast as Record<string, number> | undefined)?.[k];
    next[k] = keep !== undefined ? list.slice(-keep) : list;
  }
  return next as S;
}

/** True when the decision changes nothing and publishes nothing. */
export function isNoChange(d: Decision<unknown>): boolean {
  return (
    Object.keys(d.set ?? {}).length === 0 && Object.keys(d.append ?? {}).length === 0 && d.events.length === 0
  );
}
