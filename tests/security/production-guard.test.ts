// A process started for production with anything the dev profile ships refuses to start, naming each
// offending setting (real service and gateway processes against the real test Keycloak, which has the dev
// realm and the admin/admin bootstrap account).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { databaseUrl, freePort, repoRoot, testInfra, testPiiEnv, uniqueNamespace } from '@wage/testing';

jest.setTimeout(120_000);
let infra: Awaited<ReturnType<typeof testInfra>>;
beforeAll(async () => {
  infra = await testInfra();
});

async function startProcess(
  dir: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: join(repoRoot(), dir),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, stderr };
}

async function databaseExists(db: string): Promise<boolean> {
  const conn = await mongoose.createConnection(databaseUrl(infra.mongoUrl, 'admin')).asPromise();
  try {
    const { databases } = await conn.db!.admin().listDatabases();
    return databases.some((d) => d.name === db);
  } finally {
    await conn.close();
  }
}

it('refuses to start inspection with NODE_ENV=production and dev defaults, naming every setting', async () => {
  const ns = uniqueNamespace('prodguard');
  const { code, stderr } = await startProcess('services/inspection', {
    NODE_ENV: 'production',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `${ns}.`,
    MONGO_URL: databaseUrl(infra.mongoUrl, `${ns}-inspection`),
    KEYCLOAK_URL: infra.keycloakUrl,
    GRPC_PORT: String(await freePort()),
    OPS_PORT: String(await freePort()),
    SERVICE_CLIENT_ID: 'wage-inspection',
    SERVICE_CLIENT_SECRET: 'wage-inspection-dev-secret',
    KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
    KC_BOOTSTRAP_ADMIN_PASSWORD: 'admin',
    ...testPiiEnv(),
  });
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  for (const offence of [
    'CRIME_THRESHOLDS: not set, the dev rule book would be used',
    'INSPECTOR_ROSTER: not set, the dev rule book would be used',
    'SERVICE_CLIENT_SECRET: a dev realm secret',
    'KC_BOOTSTRAP_ADMIN_PASSWORD: Keycloak admin/admin',
    'KEYCLOAK_URL: plain-http Keycloak',
    'PII_KEYS: generated dev personal-data keys',
    'PII_CURRENT_KEY_ID: a generated dev key id',
    'accepts the bootstrap admin admin/admin',
    "has the dev realm's users (clerk.changji logs in)",
  ])
    expect(stderr).toContain(offence);
  // Refused before it touched anything: no database was created for it.
  expect(await databaseExists(`${ns}-inspection`)).toBe(false);
});

it('refuses to start the gateway with WAGE_PROFILE=prod against the dev realm', async () => {
  const ns = uniqueNamespace('prodguard-gw');
  const { code, stderr } = await startProcess('gateway', {
    WAGE_PROFILE: 'prod',
    NODE_ENV: 'test',
    MONGO_URL: databaseUrl(infra.mongoUrl, `${ns}-gateway`),
    KEYCLOAK_URL: infra.keycloakUrl,
    REDIS_URL: infra.redisUrl,
    GATEWAY_PORT: String(await freePort()),
    GATEWAY_CLIENT_SECRET: 'wage-gateway-dev-secret',
  });
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  for (const offence of [
    'GATEWAY_CLIENT_SECRET: a dev realm secret',
    'AUDIT_HMAC_KEY: not set',
    'KEYCLOAK_URL: plain-http Keycloak',
    'accepts the bootstrap admin admin/admin',
    "has the dev realm's users",
  ])
    expect(stderr).toContain(offence);
  expect(await databaseExists(`${ns}-gateway`)).toBe(false);
});
