// The local-process path: how each part is prepared, launched, checked and stopped without a container engine.
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  VERSIONS,
  isKafkaClusterId,
  localUrls,
  renderKafkaLog4j,
  renderKafkaServerProperties,
  resolvePorts,
  type ProcessPart,
  type Profile,
} from './config';
import { ensureKafkaLibs, ensureKeycloakDist, ensureMongoLibs, runCommand } from './fetch';
import { kafkaHealthy, keycloakHealthy, mongoHealthy } from './health';
import { defaultJava, keycloakJdk } from './jdk';
import { lockFile, logDir, mongoLauncherSource, pidFile, profileDir, realmFile } from './paths';
import {
  isAlive,
  livePid,
  portInUse,
  rmQuiet,
  rotateLog,
  sleep,
  spawnDetached,
  stopGroup,
  tail,
  withLock,
  writePidFile,
  type PidRecord,
} from './proc';

type Log = (line: string) => void;

interface Launch {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface LocalPartSpec {
  part: ProcessPart;
  /** The endpoint as InfraEndpoints reports it (brokers joined by commas for Kafka). */
  url: string;
  ports: number[];
  healthy: (url: string) => Promise<boolean>;
  startTimeoutMs: number;
  stopGraceMs: number;
  /** stdout/stderr of the process. */
  outFile: string;
  /** Extra log files worth showing when the start fails. */
  extraLogs: string[];
  prepare: (log?: Log) => Promise<Launch>;
}

export function localSpecs(profile: Profile): Record<ProcessPart, LocalPartSpec> {
  const ports = resolvePorts(profile);
  const urls = localUrls(profile, ports);
  const logs = logDir(profile);
  return {
    kafka: {
      part: 'kafka',
      url: urls.kafkaBrokers.join(','),
      ports: [ports.kafka, ports.kafkaController],
      healthy: (url) => kafkaHealthy(url.split(',')),
      startTimeoutMs: 120_000,
      // A single-node broker's controlled shutdown takes a few seconds; give it room before SIGKILL.
      stopGraceMs: 30_000,
      outFile: path.join(logs, 'kafka.out'),
      extraLogs: [path.join(logs, 'kafka.log')],
      prepare: (log) => prepareKafka(profile, ports.kafka, ports.kafkaController, log),
    },
    mongo: {
      part: 'mongo',
      url: urls.mongoUrl,
      ports: [ports.mongo],
      healthy: (url) => mongoHealthy(url),
      startTimeoutMs: 60_000,
      stopGraceMs: 15_000,
      outFile: path.join(logs, 'mongo.log'),
      extraLogs: [],
      prepare: (log) => prepareMongo(profile, ports.mongo, log),
    },
    keycloak: {
      part: 'keycloak',
      url: urls.keycloakUrl,
      ports: [ports.keycloak, ports.keycloakManagement],
      healthy: (url) => keycloakHealthy(url),
      // Augmentation plus realm import take one to two minutes on two cores.
      startTimeoutMs: 240_000,
      stopGraceMs: 20_000,
      outFile: path.join(logs, 'keycloak.log'),
      extraLogs: [],
      prepare: (log) => prepareKeycloak(profile, ports.keycloak, ports.keycloakManagement, log),
    },
  };
}

/** The marker that must appear in a started process's command line: the profile's directory. */
function marker(profile: Profile): string {
  return profileDir(profile);
}

/** JVM options common to Kafka and mongo-java-server. */
function commonJvm(profile: Profile): string[] {
  return ['-Djava.awt.headless=true', `-Dwage.infra.dir=${marker(profile)}`];
}

async function prepareKafka(
  profile: Profile,
  port: number,
  controllerPort: number,
  log?: Log,
): Promise<Launch> {
  const libs = await ensureKafkaLibs(log);
  const dir = path.join(profileDir(profile), 'kafka');
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(logDir(profile), { recursive: true });
  const serverProperties = path.join(dir, 'server.properties');
  const log4j = path.join(dir, 'log4j2.properties');
  writeFileSync(serverProperties, renderKafkaServerProperties({ port, controllerPort, dataDir }));
  writeFileSync(log4j, renderKafkaLog4j(path.join(logDir(profile), 'kafka.log')));
  const java = defaultJava();
  const jvm = [
    ...commonJvm(profile),
    `-Dlog4j2.configurationFile=file:${log4j}`,
    `-Dkafka.logs.dir=${logDir(profile)}`,
  ];
  const classpath = path.join(libs, '*');

  const clusterId = kafkaClusterId(dir, dataDir);
  if (!existsSync(path.join(dataDir, 'meta.properties'))) {
    log?.(`formatting Kafka storage (cluster id ${clusterId})`);
    await runCommand(
      java,
      [
        '-Xmx256m',
        ...jvm,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        serverProperties,
        '--ignore-formatted',
      ],
      dir,
    );
  }
  return {
    command: java,
    args: [
      '-Xms256m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      ...jvm,
      '-cp',
      classpath,
      'kafka.Kafka',
      serverProperties,
    ],
    cwd: dir,
    env: process.env,
  };
}

/** The cluster id is generated once per profile and kept; an existing formatted log dir wins. */
function kafkaClusterId(dir: string, dataDir: string): string {
  const file = path.join(dir, 'cluster.id');
  const meta = path.join(dataDir, 'meta.properties');
  if (existsSync(meta)) {
    const fromMeta = /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1]?.trim();
    if (fromMeta) {
      writeFileSync(file, `${fromMeta}\n`);
      return fromMeta;
    }
  }
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (isKafkaClusterId(id)) return id;
  }
  const id = randomBytes(16).toString('base64url');
  writeFileSync(file, `${id}\n`);
  return id;
}

async function prepareMongo(profile: Profile, port: number, log?: Log): Promise<Launch> {
  const libs = await ensureMongoLibs(log);
  const dir = path.join(profileDir(profile), 'mongo');
  mkdirSync(dir, { recursive: true });
  // Tests start from an empty in-memory server; the dev profile keeps its data in an H2 file.
  const backend =
    profile === 'dev' ? ['--backend', 'h2', '--file', path.join(dir, 'wage.mv')] : ['--backend', 'memory'];
  return {
    command: defaultJava(),
    args: [
      '-Xmx512m',
      '-XX:+UseSerialGC',
      ...commonJvm(profile),
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-Dorg.slf4j.simpleLogger.showDateTime=true',
      // Every client that closes its socket abruptly (drivers at exit, health checks) logs a stack trace here.
      '-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoExceptionHandler=off',
      '-cp',
      path.join(libs, '*'),
      mongoLauncherSource(),
      '--port',
      String(port),
      ...backend,
    ],
    cwd: dir,
    env: process.env,
  };
}

async function prepareKeycloak(
  profile: Profile,
  port: number,
  managementPort: number,
  log?: Log,
): Promise<Launch> {
  const dist = await ensureKeycloakDist(log);
  const dir = path.join(profileDir(profile), 'keycloak');
  const home = path.join(dir, `keycloak-${VERSIONS.keycloak}`);
  // Each profile gets its own copy: start-dev writes its build (lib/quarkus) and H2 database under the home
  // directory, and two profiles running at once must not share either.
  if (!existsSync(path.join(home, '.wage-complete'))) {
    log?.(`copying Keycloak ${VERSIONS.keycloak} for profile ${profile}`);
    const tmp = `${home}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    cpSync(dist, tmp, { recursive: true, preserveTimestamps: true });
    rmSync(home, { recursive: true, force: true });
    renameSync(tmp, home);
  }

  // Re-import the realm when the realm file changed (and always for tests): drop the dev database.
  const realm = readFileSync(realmFile());
  const digest = createHash('sha256').update(realm).digest('hex');
  const digestFile = path.join(dir, 'realm.sha256');
  const previous = existsSync(digestFile) ? readFileSync(digestFile, 'utf8').trim() : '';
  if (profile === 'test' || previous !== digest) {
    if (previous && previous !== digest) log?.('realm-wage.json changed: Keycloak re-imports it');
    rmSync(path.join(home, 'data', 'h2'), { recursive: true, force: true });
  }
  mkdirSync(path.join(home, 'data', 'import'), { recursive: true });
  writeFileSync(path.join(home, 'data', 'import', 'realm-wage.json'), realm);
  writeFileSync(digestFile, `${digest}\n`);

  const jdk = keycloakJdk();
  log?.(`Keycloak runs on JDK ${jdk.major} (${jdk.home})`);
  const env: NodeJS.ProcessEnv = {};
  // Outside KC_*/JAVA_OPTS settings would silently change the server; only ours apply.
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('KC_') && !k.startsWith('JAVA_OPTS') && k !== 'JAVA' && k !== 'JAVA_HOME') env[k] = v;
  }
  Object.assign(env, {
    JAVA_HOME: jdk.home,
    JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx768m',
    KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
    KC_BOOTSTRAP_ADMIN_PASSWORD: 'admin',
  });
  return {
    command: path.join(home, 'bin', 'kc.sh'),
    args: [
      'start-dev',
      '--import-realm',
      `--http-port=${port}`,
      `--http-management-port=${managementPort}`,
      '--http-host=127.0.0.1',
      // /health/ready on the management port (for readiness probes of whoever needs them).
      '--health-enabled=true',
      // A fixed issuer: tokens fetched through localhost or 127.0.0.1 verify against the same `iss`.
      `--hostname=http://127.0.0.1:${port}`,
      `-Dwage.infra.dir=${marker(profile)}`,
    ],
    cwd: home,
    env,
  };
}

export interface StartResult {
  url: string;
  pid: number;
  reused: boolean;
}

/**
 * Idempotent start of one part: under the part's lock, reuse a live and healthy process (pid file), otherwise
 * launch it detached, record its pid and wait until it is healthy. Throws with the log tail when it is not.
 */
export async function ensureLocalPart(
  profile: Profile,
  spec: LocalPartSpec,
  log?: Log,
): Promise<StartResult> {
  return withLock(
    lockFile(profile, spec.part),
    async () => {
      const file = pidFile(profile, spec.part);
      const running = livePid(file);
      if (running) {
        if (running.url !== spec.url) {
          log?.(
            `${spec.part} already runs at ${running.url} (configured ${spec.url}); stop the profile to change ports`,
          );
        }
        if (await spec.healthy(running.url)) return { url: running.url, pid: running.pid, reused: true };
        // Alive but not answering: a start left behind by a process that gave up waiting. Give it the usual time.
        log?.(`${spec.part} (pid ${running.pid}) is running but not healthy yet; waiting`);
        try {
          await waitHealthy(spec, running);
          return { url: running.url, pid: running.pid, reused: true };
        } catch {
          log?.(`${spec.part} (pid ${running.pid}) never became healthy; restarting it`);
          await stopGroup(running.pid, spec.stopGraceMs);
          rmQuiet(file);
        }
      }

      for (const port of spec.ports) {
        if (await portInUse(port)) {
          throw new Error(
            `${spec.part}: port ${port} is already in use by a process that wage-infra did not start (no live pid file in ` +
              `${path.dirname(file)}). Stop it, choose other ports (KAFKA_PORT, MONGO_PORT, KEYCLOAK_PORT), or point ` +
              `the platform at it with KAFKA_BROKERS / MONGO_URL / KEYCLOAK_URL.`,
          );
        }
      }

      const launch = await spec.prepare(log);
      rotateLog(spec.outFile);
      for (const extra of spec.extraLogs) rotateLog(extra);
      const started = Date.now();
      log?.(`starting ${spec.part} at ${spec.url}`);
      const pid = spawnDetached(launch.command, launch.args, {
        cwd: launch.cwd,
        env: launch.env,
        logFile: spec.outFile,
      });
      const record: PidRecord = {
        pid,
        marker: marker(profile),
        url: spec.url,
        startedAt: new Date().toISOString(),
      };
      writePidFile(file, record);
      try {
        await waitHealthy(spec, record);
      } catch (e) {
        await stopGroup(pid, 5_000);
        rmQuiet(file);
        throw e;
      }
      log?.(`${spec.part} healthy after ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${pid})`);
      return { url: spec.url, pid, reused: false };
    },
    // Waiting on a lock covers another process's download and start: the longest is Keycloak's first run.
    { timeoutMs: 20 * 60_000, what: `${spec.part} start of profile ${profile}`, log },
  );
}

async function waitHealthy(spec: LocalPartSpec, record: PidRecord): Promise<void> {
  const deadline = Date.now() + spec.startTimeoutMs;
  for (;;) {
    if (!isAlive(record.pid)) {
      throw new Error(`${spec.part} exited during start (pid ${record.pid}).\n${logTails(spec)}`);
    }
    if (await spec.healthy(record.url)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${spec.part} was not healthy after ${spec.startTimeoutMs / 1000} s (pid ${record.pid}).\n${logTails(spec)}`,
      );
    }
    await sleep(spec.part === 'keycloak' ? 1000 : 300);
  }
}

function logTails(spec: LocalPartSpec): string {
  return [spec.outFile, ...spec.extraLogs]
    .map((file) => ({ file, text: tail(file, 40) }))
    .filter((t) => t.text !== '')
    .map((t) => `--- last 40 lines of ${t.file} ---\n${t.text}`)
    .join('\n');
}

/** Stops a part of a profile if its pid file names a live process; removes the pid file either way. */
export async function stopLocalPart(profile: Profile, spec: LocalPartSpec, log?: Log): Promise<void> {
  const file = pidFile(profile, spec.part);
  const running = livePid(file);
  if (!running) return;
  const outcome = await stopGroup(running.pid, spec.stopGraceMs);
  rmQuiet(file);
  log?.(
    `${spec.part} (pid ${running.pid}) ${outcome === 'killed' ? 'killed after the grace period' : 'stopped'}`,
  );
}
