import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';

/**
 * One connection per service, to its own database. Options stay within what a standalone MongoDB, a replica
 * set and the local MongoDB-protocol test server all support (no serverApi, no transactions).
 */
export async function connectMongo(url: string, logger: Logger): Promise<Connection> {
  mongoose.set('strictQuery', true);
  const conn = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 20,
    autoIndex: true,
  });
  conn.on('disconnected', () => logger.warn('mongo disconnected'));
  conn.on('reconnected', () => logger.info('mongo reconnected'));
  await conn.asPromise();
  return conn;
}

export function mongoReady(conn: Connection): boolean {
  return conn.readyState === 1;
}
