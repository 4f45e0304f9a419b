import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Part, Profile } from './config';

let cachedRoot: string | undefined;

/** The monorepo root: the nearest directory at or above this package (or the cwd) holding turbo.json. */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (existsSync(path.join(dir, 'turbo.json'))) {
        cachedRoot = dir;
        return dir;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`cannot find the monorepo root (a directory with turbo.json) above ${__dirname}`);
}

/** All runtime files live under <repo>/.infra (git-ignored). WAGE_INFRA_DIR moves them, e.g. for CI caches. */
export function infraDir(): string {
  return process.env.WAGE_INFRA_DIR
    ? path.resolve(process.env.WAGE_INFRA_DIR)
    : path.join(repoRoot(), '.infra');
}

export function cacheDir(): string {
  return path.join(infraDir(), 'cache');
}

export function profileDir(profile: Profile): string {
  return path.join(infraDir(), profile);
}

export function runDir(profile: Profile): string {
  return path.join(profileDir(profile), 'run');
}

export function logDir(profile: Profile): string {
  return path.join(profileDir(profile), 'logs');
}

export function pidFile(profile: Profile, part: Part): string {
  return path.join(runDir(profile), `${part}.pid`);
}

export function lockFile(profile: Profile, part: Part): string {
  return path.join(runDir(profile), `${part}.lock`);
}

/** Files shipped with this package (the Mongo launcher) and with deploy/ (the realm). */
export function packageDir(): string {
  // dist/ and src/ both sit directly below the package directory.
  return path.resolve(__dirname, '..');
}

export function mongoLauncherSource(): string {
  return path.join(packageDir(), 'mongo', 'MongoServerLauncher.java');
}

export function realmFile(): string {
  return path.join(packageDir(), '..', 'keycloak', 'realm-wage.json');
}
