// Shared by `npm start` and `npm test`: install what is missing, build, run commands.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function log(msg) {
  console.log(`\x1b[36m[wage]\x1b[0m ${msg}`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0 && !opts.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
  return r.status ?? 1;
}

export function runAsync(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
    p.once('exit', (code) => resolve(code ?? 1));
  });
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // `npm install` rather than `npm ci`: npm 11 rejects this lockfile in `ci` over optional platform
  // packages (swc, turbo) it never lists; `install` still follows the lockfile's versions.
  log('installing dependencies (npm install)');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** Oldest Node the code supports where the pinned binary is not available (package.json `engines`). */
const MIN_NODE_MAJOR = 22;

/**
 * Runs the calling script on the Node binary pinned in package.json (`node-linux-*`, installed into
 * node_modules/.bin/node) whatever Node the machine carries. Call it right after `ensureInstalled()`:
 * on a fresh clone that first `npm install` runs on the machine's Node, everything after it on the pin.
 * The re-executed script gets node_modules/.bin first on PATH, so the npm, npx, turbo and jest it starts,
 * and the service processes they spawn with `process.execPath`, all run on the pinned Node too.
 */
export async function onPinnedNode() {
  const bin = join(root, 'node_modules', '.bin');
  const path = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  const pinned = join(bin, 'node');
  const here = realpathSync(process.execPath);
  if (!existsSync(pinned) || realpathSync(pinned) === here || process.env.WAGE_ON_PINNED_NODE) {
    const major = Number(process.versions.node.split('.')[0]);
    if (major < MIN_NODE_MAJOR) {
      throw new Error(
        `Node ${process.version} is too old and no pinned Node binary is installed for ${process.platform}-${process.arch}: install Node >= ${MIN_NODE_MAJOR}`,
      );
    }
    process.env.PATH = path;
    return;
  }
  const child = spawn(pinned, [...process.execArgv, ...process.argv.slice(1)], {
    cwd: process.cwd(),
    stdio: 'inherit',
    env: { ...process.env, PATH: path, WAGE_ON_PINNED_NODE: '1' },
  });
  // This process only waits: signals go to the script (a terminal's Ctrl-C reaches both already; the
  // script's own handlers ignore the repeat), and its exit status becomes ours.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  const code = await new Promise((resolve) =>
    child.once('exit', (c, signal) => resolve(c ?? 128 + (signal === 'SIGINT' ? 2 : 15))),
  );
  process.exit(code);
}

export function build() {
  log('building (turbo run build)');
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
}

export function infraCli(args) {
  return run(process.execPath, [join(root, 'deploy/local/dist/cli.js'), ...args]);
}
