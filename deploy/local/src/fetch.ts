// Downloads from Maven Central through `mvn`, cached under .infra/cache and shared by every profile.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KAFKA_DEPENDENCIES, MONGO_DEPENDENCIES, VERSIONS, renderPom, type MavenDependency } from './config';
import { cacheDir } from './paths';
import { withLock } from './proc';

type Log = (line: string) => void;

/** Written last inside a cache entry: an entry without it is a leftover of an interrupted download. */
const COMPLETE = '.wage-complete';

export function runCommand(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (e) =>
      reject(
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(`${command} is not installed (the local infrastructure needs it)`)
          : e,
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}\n${output.split('\n').slice(-40).join('\n')}`,
          ),
        );
    });
  });
}

const MVN_FLAGS = ['-q', '-B', '-Dstyle.color=never'];
const DEPENDENCY_PLUGIN = `org.apache.maven.plugins:maven-dependency-plugin:${VERSIONS.mavenDependencyPlugin}`;

/**
 * Makes sure `.infra/cache/<name>` exists and is complete. One process downloads (lock), others wait; the
 * entry is built in a temporary directory and renamed into place, so a crash never leaves a half entry.
 */
async function ensureCached(
  name: string,
  produce: (tmp: string) => Promise<string>,
  log?: Log,
): Promise<string> {
  const final = path.join(cacheDir(), name);
  if (existsSync(path.join(final, COMPLETE))) return final;
  mkdirSync(cacheDir(), { recursive: true });
  await withLock(
    path.join(cacheDir(), `${name}.lock`),
    async () => {
      if (existsSync(path.join(final, COMPLETE))) return;
      const tmp = path.join(cacheDir(), `${name}.tmp-${process.pid}`);
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      const started = Date.now();
      log?.(`downloading ${name} from Maven Central`);
      try {
        const ready = await produce(tmp);
        writeFileSync(path.join(ready, COMPLETE), `${new Date().toISOString()}\n`);
        rmSync(final, { recursive: true, force: true });
        renameSync(ready, final);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      log?.(`downloaded ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    { timeoutMs: 20 * 60_000, what: `download of ${name}`, log },
  );
  return final;
}

async function copyDependencies(tmp: string, artifactId: string, deps: MavenDependency[]): Promise<string> {
  writeFileSync(path.join(tmp, 'pom.xml'), renderPom(artifactId, deps));
  const out = path.join(tmp, 'entry');
  await runCommand(
    'mvn',
    [
      ...MVN_FLAGS,
      `${DEPENDENCY_PLUGIN}:copy-dependencies`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${path.join(out, 'libs')}`,
    ],
    tmp,
  );
  if (!readdirSync(path.join(out, 'libs')).some((f) => f.endsWith('.jar')))
    throw new Error(`no jars resolved for ${artifactId}`);
  return out;
}

/** Kafka broker classpath: kafka_2.13 + slf4j-reload4j and their runtime dependencies. Returns the libs dir. */
export async function ensureKafkaLibs(log?: Log): Promise<string> {
  const dir = await ensureCached(
    `kafka-${VERSIONS.kafka}`,
    (tmp) => copyDependencies(tmp, 'kafka-libs', KAFKA_DEPENDENCIES),
    log,
  );
  return path.join(dir, 'libs');
}

/** mongo-java-server with the memory and H2 backends. Returns the libs dir. */
export async function ensureMongoLibs(log?: Log): Promise<string> {
  const dir = await ensureCached(
    `mongo-java-server-${VERSIONS.mongoJavaServer}`,
    (tmp) => copyDependencies(tmp, 'mongo-libs', MONGO_DEPENDENCIES),
    log,
  );
  return path.join(dir, 'libs');
}

/** The Keycloak server distribution (keycloak-quarkus-dist tar.gz), extracted. Returns its home directory. */
export async function ensureKeycloakDist(log?: Log): Promise<string> {
  const v = VERSIONS.keycloak;
  return ensureCached(
    `keycloak-${v}`,
    async (tmp) => {
      await runCommand(
        'mvn',
        [
          ...MVN_FLAGS,
          `${DEPENDENCY_PLUGIN}:copy`,
          `-Dartifact=org.keycloak:keycloak-quarkus-dist:${v}:tar.gz`,
          `-DoutputDirectory=${tmp}`,
        ],
        tmp,
      );
      const archive = path.join(tmp, `keycloak-quarkus-dist-${v}.tar.gz`);
      await runCommand('tar', ['-xzf', archive, '-C', tmp], tmp);
      rmSync(archive, { force: true }); // Maven's local repository keeps a copy
      const home = path.join(tmp, `keycloak-${v}`);
      if (!existsSync(path.join(home, 'bin', 'kc.sh')))
        throw new Error(`unexpected layout of keycloak-quarkus-dist ${v}`);
      return home;
    },
    log,
  );
}

/** Downloads everything (CI warm-up); parts download in parallel, each at most once across processes. */
export async function fetchArtifacts(
  opts: { log?: Log } = {},
): Promise<{ kafkaLibs: string; mongoLibs: string; keycloakHome: string }> {
  const [kafkaLibs, mongoLibs, keycloakHome] = await Promise.all([
    ensureKafkaLibs(opts.log),
    ensureMongoLibs(opts.log),
    ensureKeycloakDist(opts.log),
  ]);
  return { kafkaLibs, mongoLibs, keycloakHome };
}
