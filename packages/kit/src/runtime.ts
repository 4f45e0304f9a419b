import type { Server } from 'node:http';
import { hostname } from 'node:os';
import type { Connection, Model } from 'mongoose';
import type { z } from 'zod';
import { loadConfig, serviceEnv, type ServiceEnv } from './config';
import { createLogger, type Logger } from './logger';
import { connectMongo, mongoReady } from './mongo';
import { ensureOutboxIndex, syncIndexes } from './indexes';
import { createKafka, createProducer, type Kafka, type Producer } from './bus/kafka';
import { ensureTopics, eventsTopic, deadLetterTopic } from './bus/topics';
import { EventConsumer, type BatchEventHandlers, type EventHandlers } from './bus/consumer';
import { AggregateStore, type AggregateFields } from './outbox/aggregate';
import { OutboxRelay } from './outbox/relay';
import { TokenVerifier } from './auth/verifier';
import { ServiceCallerVerifier, type CallerVerifier } from './auth/internal';
import { tlsIdentity, type TlsIdentity } from './grpc/tls';
import { ServiceAccount } from './auth/serviceAccount';
import { GrpcServer } from './grpc/server';
import { startOpsServer, type ReadinessCheck } from './ops/server';
import { registerOutboxBacklog } from './ops/outboxMetrics';
import { personalDataProtection, type PersonalDataProtection } from './pii';
import { assertNoDevDefaults, type ProductionGuardOptions } from './productionGuard';
import { startTracing } from './tracing';

export interface Runtime<C extends ServiceEnv = ServiceEnv> {
  name: string;
  config: C;
  logger: Logger;
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  verifier: CallerVerifier;
  /** This process's mutual-TLS identity (server and client certificate). */
  tls: TlsIdentity;
  /** Personal data encryption and keyed hashing; throws at first use when the keys are not configured. */
  readonly pii: PersonalDataProtection;
  /** The service's own identity for calls no person makes; undefined unless SERVICE_CLIENT_ID/SECRET are set. */
  serviceAccount?: ServiceAccount;
  /** Topic of a producing service, with this environment's prefix. */
  topicOf(service: string): string;
  /** An aggregate store publishing to this service's topic; its model joins the outbox relay. */
  store<T extends AggregateFields>(model: Model<T>): AggregateStore<T>;
}

export interface ConsumerSpec {
  /** Defaults to `<service>`; one group per consuming service (see consumerGroupIds). */
  groupId?: string;
  topics: string[];
  handlers: EventHandlers;
  batchHandlers?: BatchEventHandlers;
}

/**
 * The consumer group of each consumer. Two consumers of one process must not share a group: kafkajs's
 * assigner spreads the partitions of every topic the group subscribes to over all its members, whatever
 * each member subscribed to, so one consumer would get (and skip, and commit) the other's messages.
 */
export function consumerGroupIds(
  specs: Pick<ConsumerSpec, 'groupId' | 'topics'>[],
  defaultGroupId: string,
): string[] {
  const ids = specs.map((c) => c.groupId ?? defaultGroupId);
  const shared = ids.find((id, i) => ids.indexOf(id) !== i);
  if (shared !== undefined) {
    throw new Error(
      `two consumers share the consumer group "${shared}": merge them into one consumer or give each its own groupId`,
    );
  }
  return ids;
}

export interface ScheduledJob {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

export interface ServiceParts {
  grpc?: (server: GrpcServer) => void;
  consumers?: ConsumerSpec[];
  jobs?: ScheduledJob[];
  onStop?: () => Promise<void>;
}

export interface ServiceSpec<S extends z.ZodType<ServiceEnv>> {
  name: string;
  env?: S;
  build: (rt: Runtime<z.infer<S>>) => Promise<ServiceParts>;
  /** What counts as a dev default for this service (its dev rule books); checked when NODE_ENV=production. */
  production?: ProductionGuardOptions;
}

export interface RunningService {
  runtime: Runtime;
  grpcPort: number;
  relay: OutboxRelay;
  consumers: EventConsumer[];
  stop(): Promise<void>;
}

/**
 * Starts a service: config (fail fast), logger, Mongo, Kafka producer and topics, the outbox relay, the
 * consumers, the gRPC server with health, scheduled jobs and the ops endpoints; and stops it in the reverse
 * order so nothing in flight is lost.
 */
export async function runService<S extends z.ZodType<ServiceEnv>>(
  spec: ServiceSpec<S>,
): Promise<RunningService> {
  const config = loadConfig(spec.env ?? serviceEnv, process.env) as z.infer<S>;
  await assertNoDevDefaults(process.env, spec.production);
  const logger = createLogger(spec.name, config.LOG_LEVEL);
  const stopTracing = startTracing(spec.name);
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const kafka = createKafka(`${spec.name}-${hostname()}`, config.KAFKA_BROKERS, logger);
  const producer = createProducer(kafka);
  await producer.connect();
  const ownTopic = eventsTopic(spec.name, config.KAFKA_TOPIC_PREFIX);
  const models: Array<Model<any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  // The relay reads `models` at each drain, so stores registered during `build` join it.
  const relay = new OutboxRelay({
    connection: mongo,
    models,
    producer,
    logger,
    ownerId: `${hostname()}:${spec.name}:${config.GRPC_PORT}`,
    fault: config.WAGE_FAULT,
  });
  let pii: PersonalDataProtection | undefined;
  const tls = tlsIdentity(spec.name);
  const runtime: Runtime<z.infer<S>> = {
    name: spec.name,
    config,
    logger,
    mongo,
    kafka,
    producer,
    tls,
    verifier: new ServiceCallerVerifier(
      tls,
      new TokenVerifier({
        keycloakUrl: config.KEYCLOAK_URL,
        realm: config.KEYCLOAK_REALM,
        audience: config.TOKEN_AUDIENCE,
        issuer: config.TOKEN_ISSUER,
      }),
      spec.name,
    ),
    ...(config.SERVICE_CLIENT_ID && config.SERVICE_CLIENT_SECRET
      ? {
          serviceAccount: new ServiceAccount({
            keycloakUrl: config.KEYCLOAK_URL,
            realm: config.KEYCLOAK_REALM,
            clientId: config.SERVICE_CLIENT_ID,
            clientSecret: config.SERVICE_CLIENT_SECRET,
          }),
        }
      : {}),
    get pii() {
      return (pii ??= personalDataProtection(config));
    },
    topicOf: (service) => eventsTopic(service, config.KAFKA_TOPIC_PREFIX),
    store: (model) => {
      models.push(model);
      const store = new AggregateStore(model, spec.name, ownTopic);
      store.onCommitted = () => relay.nudge();
      return store;
    },
  };

  const parts = await spec.build(runtime);
  await Promise.all(models.map((m) => m.init()));
  await Promise.all(models.map((m) => ensureOutboxIndex(m)));
  if (config.MONGO_SYNC_INDEXES) await syncIndexes(mongo, logger);
  registerOutboxBacklog(models);
  const consumerTopics = (parts.consumers ?? []).flatMap((c) => c.topics);
  await ensureTopics(
    kafka,
    [...new Set([ownTopic, ...consumerTopics])].map((topic) => ({ topic })),
  );

  relay.start();

  const groupIds = consumerGroupIds(
    parts.consumers ?? [],
    config.KAFKA_GROUP_ID ?? `${config.KAFKA_TOPIC_PREFIX}${spec.name}`,
  );
  const consumers = (parts.consumers ?? []).map(
    (c, i) =>
      new EventConsumer({
        kafka,
        groupId: groupIds[i]!,
        fault: config.WAGE_FAULT,
        topics: c.topics,
        handlers: c.handlers,
        batchHandlers: c.batchHandlers,
        producer,
        logger,
      }),
  );
  await Promise.all(consumers.map((c) => c.start()));

  const grpc = new GrpcServer({ logger, verifier: runtime.verifier, tls });
  parts.grpc?.(grpc);
  const grpcPort = await grpc.listen(config.GRPC_PORT);
  grpc.setServing(true);

  const timers = (parts.jobs ?? []).map((job) => {
    let running = false;
    return setInterval(() => {
      if (running) return;
      running = true;
      job
        .run()
        .catch((e) => logger.error({ err: e, job: job.name }, 'scheduled job failed'))
        .finally(() => {
          running = false;
        });
    }, job.everyMs);
  });

  const checks = (): ReadinessCheck[] => [
    { name: 'mongo', check: () => mongoReady(mongo) },
    { name: 'outbox-relay', check: () => relay.healthy() || (relay.lastError ?? 'relay not running') },
    ...consumers.map((c) => ({
      name: `consumer:${c.health().groupId}`,
      check: () => {
        const h = c.health();
        return h.healthy || (h.reason ?? 'unhealthy');
      },
    })),
  ];
  const ops: Server = await startOpsServer(config.OPS_PORT, spec.name, checks);
  logger.info({ grpcPort, opsPort: config.OPS_PORT, topic: ownTopic }, `${spec.name} started`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      timers.forEach(clearInterval);
      await Promise.all(
        consumers.map((c) => c.stop().catch((e) => logger.warn({ err: e }, 'consumer stop failed'))),
      );
      await grpc.shutdown();
      await relay.stop();
      await parts.onStop?.();
      await producer.disconnect();
      await mongo.close();
      await new Promise((r) => ops.close(r));
      await stopTracing().catch((e) => logger.warn({ err: e }, 'trace flush failed'));
      logger.info('stopped');
    })());

  return { runtime: runtime as unknown as Runtime, grpcPort, relay, consumers, stop };
}

/** Entry point of a service process: start, stop gracefully on SIGTERM/SIGINT, exit non-zero on failure. */
export function main<S extends z.ZodType<ServiceEnv>>(spec: ServiceSpec<S>): void {
  runService(spec)
    .then((svc) => {
      const onSignal = (sig: string) => {
        svc.runtime.logger.info({ signal: sig }, 'signal received');
        svc
          .stop()
          .then(() => process.exit(0))
          .catch((e) => {
            svc.runtime.logger.error({ err: e }, 'shutdown failed');
            process.exit(1);
          });
      };
      process.once('SIGTERM', () => onSignal('SIGTERM'));
      process.once('SIGINT', () => onSignal('SIGINT'));
    })
    .catch((e) => {
      console.error(`${spec.name} failed to start: ${(e as Error).message}`);
      process.exit(1);
    });
}

export { deadLetterTopic };
