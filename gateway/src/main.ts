import type { Server } from 'node:http';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import {
  AssertionSigner,
  assertNoDevDefaults,
  connectMongo,
  createLogger,
  GATEWAY_IDENTITY,
  startTracing,
  syncIndexes,
  tlsIdentity,
} from '@wage/kit';
import { forwardingAssertions, keycloakAuthenticator } from './auth';
import { createApp } from './app';
import { gatewayConfig } from './config';
import { Upstreams } from './upstream';

async function start(): Promise<void> {
  // The gateway holds no personal-data keys of its own (the services check theirs), only the audit key.
  await assertNoDevDefaults(process.env, { requirePiiKeys: false, secretKeys: ['AUDIT_HMAC_KEY'] });
  const cfg = gatewayConfig();
  const logger = createLogger('gateway', cfg.LOG_LEVEL);
  const stopTracing = startTracing('gateway');
  const mongo = await connectMongo(cfg.MONGO_URL, logger);
  // Rate limits must not hold requests hostage when Redis is away: fail fast, the limiter decides.
  const redis = new Redis(cfg.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  redis.on('error', (e) => logger.warn({ err: e }, 'redis error'));
  const upstreams = new Upstreams(cfg);
  const authenticate = forwardingAssertions(
    keycloakAuthenticator({
      keycloakUrl: cfg.KEYCLOAK_URL,
      realm: cfg.KEYCLOAK_REALM,
      clientId: cfg.GATEWAY_CLIENT_ID,
    }),
    new AssertionSigner(tlsIdentity(GATEWAY_IDENTITY)),
  );
  // A separate audit store is not waited for: while it is away, commands fail closed (503) and reads go on.
  const auditMongo = cfg.AUDIT_MONGO_URL
    ? mongoose.createConnection(cfg.AUDIT_MONGO_URL, {
        serverSelectionTimeoutMS: 5_000,
        bufferCommands: false,
      })
    : undefined;
  auditMongo?.asPromise().catch((e: unknown) => logger.error({ err: e }, 'audit store unreachable'));
  const { app, audit } = createApp({
    cfg,
    logger,
    mongo,
    redis,
    upstreams,
    authenticate,
    ...(auditMongo ? { auditMongo } : {}),
  });
  const anchorEvery = setInterval(() => {
    audit.anchor().catch((e: unknown) => logger.error({ err: e }, 'audit anchor failed'));
  }, cfg.AUDIT_ANCHOR_EVERY_MS);
  if (cfg.MONGO_SYNC_INDEXES) await syncIndexes(mongo, logger);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(cfg.GATEWAY_PORT, '0.0.0.0', () => resolve(s));
  });
  logger.info({ port: cfg.GATEWAY_PORT, services: upstreams.configured() }, 'gateway started');

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    clearInterval(anchorEvery);
    server.close(() => {
      upstreams.close();
      redis.disconnect();
      // The last head is signed before the store closes, so a cut made while the gateway is down shows.
      void audit
        .anchor()
        .catch((e: unknown) => logger.error({ err: e }, 'audit anchor failed'))
        .then(() => Promise.all([mongo.close(), auditMongo?.close(), stopTracing().catch(() => undefined)]))
        .then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

start().catch((e) => {
  console.error(`gateway failed to start: ${(e as Error).message}`);
  process.exit(1);
});
