import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { ensureInfra, repoRoot, type InfraEndpoints } from '@wage/local-infra';

let endpoints: Promise<InfraEndpoints> | undefined;

/** The test profile's real Kafka, MongoDB-protocol server, Keycloak and Redis, started once and shared. */
export function testInfra(): Promise<InfraEndpoints> {
  return (endpoints ??= ensureInfra({ profile: 'test' }));
}

export { repoRoot };

/** A prefix isolating one suite's topics, consumer groups and databases from every other suite's. */
export function uniqueNamespace(label: string): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}-${label}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Fresh personal-data keys for one test run: nothing real is ever encrypted with them. */
export function testPiiEnv(): Record<string, string> {
  const k = () => randomBytes(32).toString('base64');
  return { PII_KEYS: `t1:${k()}`, PII_CURRENT_KEY_ID: 't1', PII_HASH_KEY: k() };
}

/** The audit chain key of every gateway a test file starts, so the file can run `audit verify` itself. */
export const TEST_AUDIT_HMAC_KEY = randomBytes(32).toString('base64');

/** Polls until `probe` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
