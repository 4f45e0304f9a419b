// @wage/local-infra: real Kafka, MongoDB (mongo-java-server) and Keycloak for tests and `npm start`.
// Each part resolves to, in order: explicit env → testcontainers (when an engine answers) → local processes.
import { spawn } from 'node:child_process';
import {
  ALL_PARTS,
  PROCESS_PARTS,
  localUrls,
  resolvePorts,
  type Part,
  type ProcessPart,
  type Profile,
} from './config';
import { containerRuntimeAvailable, startContainer, stopContainers } from './containers';
import { kafkaHealthy, keycloakHealthy, mongoHealthy, redisHealthy } from './health';
import { ensureLocalPart, localSpecs, stopLocalPart } from './local';
import { pidFile } from './paths';
import { livePid, sleep } from './proc';

export type { Part, Profile } from './config';
export { VERSIONS, isProfile, resolvePorts } from './config';
export { fetchArtifacts } from './fetch';
export { keycloakJdk } from './jdk';
export { repoRoot } from './paths';

export type Source = 'env' | 'container' | 'local';

export interface InfraEndpoints {
  kafkaBrokers: string[];
  mongoUrl: string;
  keycloakUrl: string;
  redisUrl: string;
  source: Record<Part, Source>;
}

export interface PartStatus {
  running: boolean;
  pid?: number;
  url: string;
}

export type Log = (line: string) => void;

export interface EnsureInfraOptions {
  profile: Profile;
  /** Parts to make healthy (default: all). The others are reported as they would resolve, without starting. */
  parts?: Part[];
  log?: Log;
}

const ENV_VARS: Record<Part, string> = {
  kafka: 'KAFKA_BROKERS',
  mongo: 'MONGO_URL',
  keycloak: 'KEYCLOAK_URL',
  redis: 'REDIS_URL',
};

type Runtime = 'auto' | 'local' | 'container';

/** WAGE_INFRA_RUNTIME=local skips the container probe; =container insists on an engine. */
function runtimeChoice(): Runtime {
  const v = (process.env.WAGE_INFRA_RUNTIME ?? 'auto').toLowerCase();
  if (v === 'auto' || v === 'local' || v === 'container') return v;
  throw new Error(`WAGE_INFRA_RUNTIME must be auto, local or container, got ${v}`);
}

function envValue(part: Part): string | undefined {
  const v = process.env[ENV_VARS[part]]?.trim();
  return v ? v : undefined;
}

function healthCheck(part: Part, url: string): Promise<boolean> {
  switch (part) {
    case 'kafka':
      return kafkaHealthy(url.split(','));
    case 'mongo':
      return mongoHealthy(url);
    case 'keycloak':
      return keycloakHealthy(url);
    case 'redis':
      return redisHealthy(url);
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

interface Resolved {
  url: string;
  source: Source;
}

async function ensurePart(
  profile: Profile,
  part: Part,
  log: Log | undefined,
  useContainers: boolean,
): Promise<Resolved> {
  const fromEnv = envValue(part);
  if (fromEnv) {
    // Something outside (compose, a CI service) owns it; still refuse to hand out an endpoint that is down.
    await waitFor(`${part} at ${ENV_VARS[part]}=${fromEnv}`, () => healthCheck(part, fromEnv), 60_000);
    return { url: fromEnv, source: 'env' };
  }
  if (part === 'redis') return { url: await ensureRedis(profile, log), source: 'local' };
  if (useContainers) {
    log?.(`starting ${part} with testcontainers`);
    return { url: await startContainer(part, profile), source: 'container' };
  }
  const result = await ensureLocalPart(profile, localSpecs(profile)[part], log);
  if (result.reused) log?.(`${part} already running (pid ${result.pid}) at ${result.url}`);
  return { url: result.url, source: 'local' };
}

/** The machine's Redis (shared by profiles, never stopped by us); started with redis-server if it is down. */
async function ensureRedis(profile: Profile, log?: Log): Promise<string> {
  const url = localUrls(profile, resolvePorts(profile)).redisUrl;
  if (await redisHealthy(url)) return url;
  log?.('Redis does not answer on 127.0.0.1:6379; starting redis-server');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      'redis-server',
      ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    child.on('error', (e) =>
      reject(new Error(`Redis is down and redis-server cannot be started: ${e.message}`)),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`redis-server exited with ${code}`)),
    );
  });
  await waitFor('Redis on 127.0.0.1:6379', () => redisHealthy(url), 15_000);
  return url;
}

function configuredUrl(profile: Profile, part: Part): Resolved {
  const fromEnv = envValue(part);
  if (fromEnv) return { url: fromEnv, source: 'env' };
  const urls = localUrls(profile, resolvePorts(profile));
  const local = {
    kafka: urls.kafkaBrokers.join(','),
    mongo: urls.mongoUrl,
    keycloak: urls.keycloakUrl,
    redis: urls.redisUrl,
  };
  if (part !== 'redis') {
    // A running process of the profile may have been started with other ports: its record is the truth.
    const running = livePid(pidFile(profile, part));
    if (running) return { url: running.url, source: 'local' };
  }
  return { url: local[part], source: 'local' };
}

/**
 * Makes the requested parts of a profile healthy and returns their endpoints. Idempotent and safe to call from
 * several processes at once: running processes are reused (pid file + health), missing ones start in parallel.
 */
export async function ensureInfra(opts: EnsureInfraOptions): Promise<InfraEndpoints> {
  const { profile, log } = opts;
  const parts = [...new Set(opts.parts ?? ALL_PARTS)];
  const needsEngine = parts.some((p) => p !== 'redis' && !envValue(p));
  const runtime = runtimeChoice();
  let useContainers = false;
  if (needsEngine && runtime !== 'local') {
    useContainers = await containerRuntimeAvailable();
    if (runtime === 'container' && !useContainers)
      throw new Error('WAGE_INFRA_RUNTIME=container but no container engine answers');
  }

  const settled = await Promise.allSettled(parts.map((p) => ensurePart(profile, p, log, useContainers)));
  const failures = settled
    .map((s, i) => ({ s, part: parts[i] }))
    .filter((x): x is { s: PromiseRejectedResult; part: Part } => x.s.status === 'rejected');
  if (failures.length > 0) {
    const detail = failures
      .map((f) => `[${f.part}] ${(f.s.reason as Error)?.message ?? String(f.s.reason)}`)
      .join('\n\n');
    throw new Error(`infrastructure of profile ${profile} is not ready:\n${detail}`);
  }

  const resolved = {} as Record<Part, Resolved>;
  for (const part of ALL_PARTS) {
    const i = parts.indexOf(part);
    const s = i >= 0 ? settled[i] : undefined;
    resolved[part] = s?.status === 'fulfilled' ? s.value : configuredUrl(profile, part);
  }
  return {
    kafkaBrokers: resolved.kafka.url
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    mongoUrl: resolved.mongo.url,
    keycloakUrl: resolved.keycloak.url,
    redisUrl: resolved.redis.url,
    source: {
      kafka: resolved.kafka.source,
      mongo: resolved.mongo.source,
      keycloak: resolved.keycloak.source,
      redis: resolved.redis.source,
    },
  };
}

/**
 * Stops the processes (and reusable containers) of a profile: SIGTERM, then SIGKILL after a grace period.
 * Idempotent. The machine's Redis and anything given by env are left alone.
 */
export async function stopInfra(opts: { profile: Profile; log?: Log }): Promise<void> {
  const specs = localSpecs(opts.profile);
  const tasks: Array<Promise<void>> = PROCESS_PARTS.map((part) =>
    stopLocalPart(opts.profile, specs[part], opts.log),
  );
  if (runtimeChoice() !== 'local') tasks.push(stopContainers(opts.profile, opts.log));
  const settled = await Promise.allSettled(tasks);
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed.length > 0)
    throw new Error(failed.map((f) => String((f.reason as Error)?.message ?? f.reason)).join('\n'));
}

/** Local processes of a profile (pid files) and the machine's Redis. Does not start or probe containers. */
export async function infraStatus(profile: Profile): Promise<Record<Part, PartStatus>> {
  const specs = localSpecs(profile);
  const status = {} as Record<Part, PartStatus>;
  for (const part of PROCESS_PARTS as readonly ProcessPart[]) {
    const running = livePid(pidFile(profile, part));
    status[part] = running
      ? { running: true, pid: running.pid, url: running.url }
      : { running: false, url: specs[part].url };
  }
  const redisUrl = envValue('redis') ?? localUrls(profile, resolvePorts(profile)).redisUrl;
  status.redis = { running: await redisHealthy(redisUrl), url: redisUrl };
  return status;
}
