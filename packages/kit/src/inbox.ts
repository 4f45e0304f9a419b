import { duplicateKeyWrites, isDuplicateKey } from './errors';
import type { FilterQuery, Model, UpdateQuery } from 'mongoose';

const KEEP = 500;

export type InboxResult = 'applied' | 'duplicate';

/**
 * Applies a consumed event's effect at most once, in one single-document update: the update is conditioned
 * on the event id not being among the document's recently processed ids and records it in the same write.
 * Replaying a whole topic from offset 0 therefore changes nothing. With `upsert`, the first event creates the
 * document; the model needs a unique index on the fields of `filter` so a replay cannot create a second one.
 *
 * The processed list keeps the last 500 ids per document: a document that receives more events than that
 * must not rely on it for events older than its last 500 (counters belong in queries, not in event sums).
 */
export async function applyOnce<T>(
  model: Model<T>,
  filter: FilterQuery<T>,
  eventId: string,
  update: UpdateQuery<T>,
  opts: { upsert?: boolean } = {},
): Promise<InboxResult> {
  const u = { ...(update as Record<string, Record<string, unknown>>) };
  u.$push = { ...(u.$push ?? {}), processed: { $each: [eventId], $slice: -KEEP } };
  try {
    const res = await model.updateOne(
      { ...filter, processed: { $ne: eventId } } as FilterQuery<T>,
      u as UpdateQuery<T>,
      { upsert: opts.upsert ?? false },
    );
    if (res.matchedCount > 0 || res.upsertedCount > 0) return 'applied';
  } catch (e) {
    // The upsert tried to insert a second document for the same key: the event was already applied.
    if (isDuplicateKey(e)) return 'duplicate';
    throw e;
  }
  const exists = await model.exists({ ...filter, processed: eventId } as FilterQuery<T>);
  if (exists) return 'duplicate';
  throw new Error('applyOnce: the target document does not exist');
}

export interface OnceItem<T> {
  filter: FilterQuery<T>;
  eventId: string;
  update: UpdateQuery<T>;
}

/**
 * `applyOnce` for many events in one round trip: each item is the same conditional single-document update
 * (skipped if the document already recorded the event). Items for the same document must be applied in
 * order, so they go in successive rounds; within a round every item names a different document. Returns
 * how many items changed a document (duplicates and lost upsert races are not counted).
 */
export async function applyOnceMany<T>(
  model: Model<T>,
  items: Array<OnceItem<T>>,
  opts: { upsert?: boolean; documentKey: (item: OnceItem<T>) => string },
): Promise<number> {
  const rounds: Array<Array<OnceItem<T>>> = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const k = opts.documentKey(item);
    const round = seen.get(k) ?? 0;
    seen.set(k, round + 1);
    (rounds[round] ??= []).push(item);
  }
  let changed = 0;
  for (const round of rounds) {
    const ops = round.map((item) => {
      const u = { ...(item.update as Record<string, Record<string, unknown>>) };
      u.$push = { ...(u.$push ?? {}), processed: { $each: [item.eventId], $slice: -KEEP } };
      return {
        updateOne: {
          filter: { ...item.filter, processed: { $ne: item.eventId } },
          update: u,
          upsert: opts.upsert ?? false,
        },
      };
    });
    try {
      const res = await model.bulkWrite(ops as never, { ordered: false });
      changed += res.modifiedCount + res.upsertedCount;
    } catch (e) {
      // Unordered: the other writes went through; E11000 means the upsert's document already had the event.
      const err = e as {
        code?: number;
        writeErrors?: Array<{ code?: number }>;
        result?: { modifiedCount?: number; upsertedCount?: number };
      };
      if (!duplicateKeyWrites(err)) throw e;
      changed += (err.result?.modifiedCount ?? 0) + (err.result?.upsertedCount ?? 0);
    }
  }
  return changed;
}

/**
 * Creation from events, in bulk: inserts each document (carrying `processed: [eventId]`) in one unordered
 * write; a document whose unique key already exists was created before (by this event or another), and
 * gets the item's `otherwise` update applied once instead. The creating half of `onCaseRouted`-style handlers
 * for high-volume streams.
 */
export async function createOnceMany<T>(
  model: Model<T>,
  items: Array<{ doc: Record<string, unknown>; eventId: string; otherwise?: OnceItem<T> }>,
  documentKey: (item: OnceItem<T>) => string,
): Promise<number> {
  if (items.length === 0) return 0;
  let created = items.length;
  const duplicates: number[] = [];
  try {
    await model.collection.insertMany(items.map((i) => ({ ...i.doc, processed: [i.eventId] })) as never, {
      ordered: false,
    });
  } catch (e) {
    const err = e as {
      writeErrors?: Array<{ code?: number; index: number }> | { code?: number; index: number };
    };
    const writeErrors = duplicateKeyWrites(err);
    if (!writeErrors) throw e;
    for (const w of writeErrors) duplicates.push(w.index);
    created -= writeErrors.length;
  }
  const fallbacks = duplicates.flatMap((i) => {
    const o = items[i]?.otherwise;
    return o ? [o] : [];
  });
  if (fallbacks.length > 0) await applyOnceMany(model, fallbacks, { documentKey });
  return created;
}
