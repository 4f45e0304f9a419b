import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InfraEndpoints } from '@wage/local-infra';
import { eventually, freePort, repoRoot, testPiiEnv, TEST_AUDIT_HMAC_KEY } from './infra';

export interface ServiceOptions {
  /** Directory under services/ (or 'gateway'). */
  name: string;
  infra: InfraEndpoints;
  /** Isolates topics (prefix), the database and consumer groups of one suite. */
  namespace: string;
  env?: Record<string, string>;
  /** Keep the same ports and keys across restarts of one logical instance. */
  grpcPort?: number;
  opsPort?: number;
}

/**
 * Every service process a test file started and has not stopped, on the file's global object, where the
 * repository's jest environment (jest.environment.cjs) kills what is left when the file ends.
 */
const live: Set<ChildProcess> = ((
  globalThis as { __wageServiceProcesses?: Set<ChildProcess> }
).__wageServiceProcesses ??= new Set());

/** The dev realm's service accounts (deploy/keycloak/realm-wage.json), as `npm start` configures them. */
const SERVICE_ACCOUNTS: Record<string, Record<string, string>> = {
  inspection: { SERVICE_CLIENT_ID: 'wage-inspection', SERVICE_CLIENT_SECRET: 'wage-inspection-dev-secret' },
};

/** The same server, another database. */
export function databaseUrl(mongoUrl: string, db: string): string {
  const u = new URL(mongoUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * A real service process (node dist/main.js) against the real infrastructure, with its log in
 * .infra/test/logs. Tests kill it with SIGKILL or stop it with SIGTERM and start it again.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  readonly logFile: string;
  grpcPort = 0;
  opsPort = 0;
  private readonly pii = testPiiEnv();
  private starts = 0;

  constructor(readonly opts: ServiceOptions) {
    const dir = join(repoRoot(), '.infra', 'test', 'logs');
    mkdirSync(dir, { recursive: true });
    this.logFile = join(dir, `${opts.namespace}-${opts.name}.log`);
  }

  get address(): string {
    return `127.0.0.1:${this.grpcPort}`;
  }

  /** The gateway's HTTP base URL (the gateway serves everything on its one port). */
  get url(): string {
    return `http://127.0.0.1:${this.opsPort}`;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<this> {
    this.grpcPort ||= this.opts.grpcPort ?? (await freePort());
    this.opsPort ||= this.opts.opsPort ?? (await freePort());
    const { infra, namespace, name } = this.opts;
    const dir = name === 'gateway' ? join(repoRoot(), 'gateway') : join(repoRoot(), 'services', name);
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: `${namespace}.`,
      MONGO_URL: databaseUrl(infra.mongoUrl, `${namespace}-${name}`),
      KEYCLOAK_URL: infra.keycloakUrl,
      REDIS_URL: infra.redisUrl,
      GRPC_PORT: String(this.grpcPort),
      OPS_PORT: String(this.opsPort),
      ...(name === 'gateway'
        ? { GATEWAY_PORT: String(this.opsPort), AUDIT_HMAC_KEY: TEST_AUDIT_HMAC_KEY }
        : {}),
      ...(SERVICE_ACCOUNTS[name] ?? {}),
      ...this.pii,
      ...this.opts.env,
      ...extraEnv,
    };
    const log = createWriteStream(this.logFile, { flags: 'a' });
    log.write(`\n----- start #${++this.starts} ${new Date().toISOString()} -----\n`);
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    live.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        live.delete(child);
        resolve(code);
      }),
    );
    await this.waitReady();
    return this;
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    let dead = false;
    void this.exited.then(() => (dead = true));
    await eventually(async () => {
      if (dead) throw new Error(`${this.opts.name} exited during start; log: ${this.tail()}`);
      const res = await fetch(`http://127.0.0.1:${this.opsPort}/readyz`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, timeoutMs).catch((e: Error) => {
      throw new Error(`${this.opts.name} not ready: ${e.message}\n${this.tail()}`);
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Kills the process outright: no shutdown hooks, nothing flushed. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  /** Graceful stop; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child) return null;
    this.child.kill('SIGTERM');
    const code = await this.exited;
    this.child = undefined;
    return code;
  }

  /** Waits for the process to exit by itself (e.g. after an injected crash). */
  waitExit(): Promise<number | null> {
    return this.exited;
  }

  tail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }
}
