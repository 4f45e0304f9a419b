import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface Jdk {
  home: string;
  major: number;
  /** Directory name, used to prefer the Temurin builds. */
  name: string;
}

/** The feature version from a JDK's `release` file (JAVA_VERSION="25.0.3" → 25, "1.8.0_402" → 8). */
export function parseJavaMajor(releaseText: string): number | undefined {
  const m = /^JAVA_VERSION="?([0-9._]+)/m.exec(releaseText);
  const version = m?.[1];
  if (!version) return undefined;
  const parts = version.split(/[._]/).map((p) => Number(p));
  const first = parts[0];
  if (first === undefined || Number.isNaN(first)) return undefined;
  return first === 1 ? parts[1] : first;
}

/**
 * The JDK for Keycloak 26: the newest Temurin JDK with version >= 21, else the newest other JDK >= 21,
 * else the newest JDK >= 17 (Keycloak 26 still starts on 17, which it deprecates).
 */
export function pickKeycloakJdk(candidates: Jdk[]): Jdk | undefined {
  const newestFirst = [...candidates].sort((a, b) => b.major - a.major || a.name.localeCompare(b.name));
  const isTemurin = (j: Jdk) => /temurin/i.test(j.name);
  return (
    newestFirst.find((j) => j.major >= 21 && isTemurin(j)) ??
    newestFirst.find((j) => j.major >= 21) ??
    newestFirst.find((j) => j.major >= 17)
  );
}

function describeJdk(home: string): Jdk | undefined {
  try {
    const real = realpathSync(home);
    if (!existsSync(path.join(real, 'bin', 'java'))) return undefined;
    const major = parseJavaMajor(readFileSync(path.join(real, 'release'), 'utf8'));
    return major === undefined ? undefined : { home: real, major, name: path.basename(home) };
  } catch {
    return undefined;
  }
}

/** JDKs installed on this machine: /usr/lib/jvm/* (Debian, Ubuntu, Temurin packages) and JAVA_HOME. */
export function installedJdks(
  env: NodeJS.ProcessEnv = process.env,
  roots: string[] = ['/usr/lib/jvm'],
): Jdk[] {
  const homes: string[] = [];
  for (const root of roots) {
    try {
      for (const entry of readdirSync(root)) homes.push(path.join(root, entry));
    } catch {
      // root does not exist on this OS
    }
  }
  if (env.JAVA_HOME) homes.push(env.JAVA_HOME);
  const byRealPath = new Map<string, Jdk>();
  for (const home of homes) {
    const jdk = describeJdk(home);
    // Debian symlinks (java-1.17.0-openjdk-amd64 → java-17-openjdk-amd64) describe the same JDK; keep the first name.
    if (jdk && !byRealPath.has(jdk.home)) byRealPath.set(jdk.home, jdk);
  }
  return [...byRealPath.values()];
}

/** KEYCLOAK_JAVA_HOME wins; otherwise pickKeycloakJdk over the installed JDKs. */
export function keycloakJdk(env: NodeJS.ProcessEnv = process.env): Jdk {
  if (env.KEYCLOAK_JAVA_HOME) {
    const jdk = describeJdk(env.KEYCLOAK_JAVA_HOME);
    if (!jdk)
      throw new Error(
        `KEYCLOAK_JAVA_HOME=${env.KEYCLOAK_JAVA_HOME} is not a JDK (no bin/java or release file)`,
      );
    return jdk;
  }
  const jdk = pickKeycloakJdk(installedJdks(env));
  if (!jdk) {
    throw new Error(
      'Keycloak 26 needs a JDK 21+ (17 works, deprecated): none found in /usr/lib/jvm or JAVA_HOME',
    );
  }
  return jdk;
}

/**
 * The java binary for Kafka and mongo-java-server: JAVA_HOME if set, else `java` on PATH. Kafka 4 supports
 * JDK 17 and 21 for brokers; newer JDKs are not on its support list, so these do not follow the Keycloak choice.
 */
export function defaultJava(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JAVA_HOME && existsSync(path.join(env.JAVA_HOME, 'bin', 'java')))
    return path.join(env.JAVA_HOME, 'bin', 'java');
  return 'java';
}
