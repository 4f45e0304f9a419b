import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import { z } from 'zod';

/**
 * `MONGO_SYNC_INDEXES=true` (production): at start, make every model's collection carry exactly the indexes
 * its schema declares — create the missing ones and drop those no schema declares any more, which mongoose's
 * autoIndex (always on: unique indexes are part of correctness) never does. Off in development and tests.
 */
export const syncIndexesEnv = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

/**
 * The outbox relay scans every aggregate collection for `{ 'outbox.id': { $exists: true } }` on each drain:
 * the hottest query of every service. Every model the relay reads gets this index, declared on its schema
 * (so syncIndexes keeps it) and created now (the model compiled before the runtime could declare it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function ensureOutboxIndex(model: Model<any>): Promise<void> {
  const fields = { 'outbox.id': 1 } as const;
  if (!model.schema.indexes().some(([f]) => Object.keys(f).join() === 'outbox.id'))
    model.schema.index(fields);
  await model.collection.createIndex(fields);
}

export interface IndexSync {
  collection: string;
  declared: number;
  dropped: string[];
}

/** Syncs the indexes of every model on the connection (see syncIndexesEnv) and logs what changed. */
export async function syncIndexes(conn: Connection, logger: Logger): Promise<IndexSync[]> {
  const results: IndexSync[] = [];
  for (const model of Object.values(conn.models)) {
    const dropped = await model.syncIndexes();
    const result = {
      collection: model.collection.collectionName,
      declared: model.schema.indexes().length,
      dropped,
    };
    logger.info(result, 'indexes synced');
    results.push(result);
  }
  return results;
}
