// `npm start`: installs and builds what is missing, starts the dev profile of the infrastructure
// (Kafka, MongoDB-protocol server with a file backend, Keycloak with the dev realm, Redis), then every
// service and the gateway that exist; prints where everything is; Ctrl-C stops it all.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, ensureInstalled, infraCli, log, onPinnedNode, root } from './lib.mjs';

const state = join(root, '.infra', 'dev');
const pidFile = join(state, 'platform.pid');

/** Fixed local ports: gRPC and ops (health/metrics) per service, below Linux's ephemeral range (32768+). */
const SERVICES = [
  { name: 'intake', grpc: 7051, ops: 9461 },
  {
    name: 'inspection',
    grpc: 7052,
    ops: 9462,
    // The dev realm's service account; it completes deposit draws and advances a crash left pending.
    serviceAccount: {
      SERVICE_CLIENT_ID: 'wage-inspection',
      SERVICE_CLIENT_SECRET: 'wage-inspection-dev-secret',
    },
  },
  { name: 'mediation', grpc: 7053, ops: 9463 },
  { name: 'credit', grpc: 7054, ops: 9464 },
  { name: 'finance', grpc: 7055, ops: 9465 },
];

const DEMO_USERS = [
  ['clerk.changji', 'intake-clerk', '652300'],
  ['inspector.changji', 'labor-inspector', '652300'],
  ['inspector.lanzhou', 'labor-inspector', '620100'],
  ['housing.changji', 'housing-officer', '652300'],
  ['police.changji', 'police-officer', '652300'],
  ['mediator.changji', 'mediator', '652300'],
  ['arbitrator.changji', 'arbitrator', '652300'],
  ['judge.changji', 'judge', '652300'],
  ['finance.changji', 'finance-officer', '652300'],
  ['credit.xinjiang', 'credit-officer', '650000'],
  ['supervisor.xinjiang', 'supervisor, pii-reader', '650000'],
  ['supervisor.changji', 'supervisor', '652300'],
];

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Dev-only personal-data keys and the gateway's audit key, generated once and kept so stored data stays
 * readable and the audit chain verifiable across restarts; a key added later is generated into the same file.
 */
function devSecrets() {
  const f = join(state, 'secrets.json');
  const k = () => randomBytes(32).toString('base64');
  const wanted = {
    PII_KEYS: `dev1:${k()}`,
    PII_CURRENT_KEY_ID: 'dev1',
    PII_HASH_KEY: k(),
    AUDIT_HMAC_KEY: k(),
  };
  const have = existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {};
  const secrets = { ...wanted, ...have };
  if (Object.keys(wanted).some((name) => !(name in have))) {
    mkdirSync(state, { recursive: true });
    writeFileSync(f, JSON.stringify(secrets), { mode: 0o600 });
  }
  return secrets;
}

function endpoints() {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`,
    MONGO_URL: process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`,
    KEYCLOAK_URL: process.env.KEYCLOAK_URL ?? `http://127.0.0.1:${process.env.KEYCLOAK_PORT ?? 8180}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

async function waitReady(url, child, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) return false;
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function main() {
  if (existsSync(pidFile) && alive(Number(readFileSync(pidFile, 'utf8')))) {
    log(
      `the platform is already running (pid ${readFileSync(pidFile, 'utf8').trim()}); gateway at http://127.0.0.1:${process.env.GATEWAY_PORT ?? 8080}`,
    );
    return;
  }
  ensureInstalled();
  await onPinnedNode();
  build();
  log(
    'starting the infrastructure (first start downloads Kafka, Keycloak and mongo-java-server from Maven Central)',
  );
  infraCli(['up', '--profile', 'dev']);
  mkdirSync(join(state, 'logs'), { recursive: true });
  writeFileSync(pidFile, String(process.pid));

  const infra = endpoints();
  const secrets = devSecrets();
  // The dev CA and each process's certificate for mutual TLS on gRPC (.infra/tls), generated once.
  const { ensureDevPki } = await import(
    pathToFileURL(join(root, 'packages', 'kit', 'dist', 'grpc', 'tls.js')).href
  );
  ensureDevPki(join(process.env.WAGE_INFRA_DIR ?? join(root, '.infra'), 'tls'));
  const children = [];
  const mongoBase = new URL(infra.MONGO_URL);
  const built = SERVICES.filter((s) => existsSync(join(root, 'services', s.name, 'dist', 'main.js')));
  for (const svc of built) {
    const dir = join(root, 'services', svc.name);
    mongoBase.pathname = `/${svc.name}`;
    const env = {
      ...process.env,
      ...infra,
      ...secrets,
      MONGO_URL: mongoBase.toString(),
      GRPC_PORT: String(svc.grpc),
      OPS_PORT: String(svc.ops),
      NODE_ENV: 'development',
      ...(svc.serviceAccount ?? {}),
    };
    for (const other of built) env[`${other.name.toUpperCase()}_GRPC`] = `127.0.0.1:${other.grpc}`;
    const out = createWriteStream(join(state, 'logs', `${svc.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    children.push({ ...svc, child, ready: `http://127.0.0.1:${svc.ops}/readyz` });
  }
  const gatewayDir = join(root, 'gateway');
  if (existsSync(join(gatewayDir, 'dist', 'main.js'))) {
    const port = process.env.GATEWAY_PORT ?? '8080';
    const env = { ...process.env, ...infra, ...secrets, GATEWAY_PORT: port, NODE_ENV: 'development' };
    mongoBase.pathname = '/gateway';
    env.MONGO_URL = mongoBase.toString();
    // The gateway is ready only when every service it knows answers: it knows the ones that are built.
    for (const s of built) env[`${s.name.toUpperCase()}_GRPC`] = `127.0.0.1:${s.grpc}`;
    const out = createWriteStream(join(state, 'logs', 'gateway.log'), { flags: 'a' });
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: gatewayDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    children.push({ name: 'gateway', child, ready: `http://127.0.0.1:${port}/healthz` });
  }

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping services');
    await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) => {
            if (c.child.exitCode !== null) return resolve();
            c.child.once('exit', resolve);
            c.child.kill('SIGTERM');
            setTimeout(() => c.child.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
    if (!process.env.WAGE_KEEP_INFRA) {
      log('stopping the infrastructure');
      infraCli(['down', '--profile', 'dev']);
    }
    rmSync(pidFile, { force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const results = await Promise.all(children.map(async (c) => [c.name, await waitReady(c.ready, c.child)]));
  const failed = results.filter(([, ok]) => !ok).map(([n]) => n);
  if (failed.length > 0) {
    log(`not ready: ${failed.join(', ')} (logs in .infra/dev/logs/)`);
    await stop(1);
    return;
  }
  for (const c of children) {
    c.child.once('exit', (code) => {
      if (!stopping) log(`${c.name} exited with ${code}; see .infra/dev/logs/${c.name}.log`);
    });
  }
  const lines = [
    '',
    'The wage platform is running.',
    `  gateway      http://127.0.0.1:${process.env.GATEWAY_PORT ?? 8080}${existsSync(join(gatewayDir, 'dist', 'main.js')) ? '' : '  (not built yet)'}`,
    `  portal       http://127.0.0.1:${process.env.GATEWAY_PORT ?? 8080}/${existsSync(join(root, 'portal', 'dist', 'index.html')) ? '' : '  (not built yet)'}  (agencies' workbenches; dev server: npm run dev -w portal)`,
    `  keycloak     ${infra.KEYCLOAK_URL}  (realm wage; admin console user admin / admin)`,
    `  kafka        ${infra.KAFKA_BROKERS}`,
    `  mongodb      ${infra.MONGO_URL}`,
    ...children
      .filter((c) => c.grpc)
      .map(
        (c) => `  ${c.name.padEnd(12)} gRPC 127.0.0.1:${c.grpc}   health http://127.0.0.1:${c.ops}/readyz`,
      ),
    '',
    'Demo logins (password "demo", client wage-portal):',
    ...DEMO_USERS.map(([u, r, region]) => `  ${u.padEnd(22)} ${r.padEnd(24)} ${region}`),
    '  bank-feed (client credentials, secret bank-feed-dev-secret, region 650000)',
    '',
    'Logs: .infra/dev/logs/   Stop: Ctrl-C',
  ];
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e.message);
  rmSync(pidFile, { force: true });
  process.exit(1);
});
