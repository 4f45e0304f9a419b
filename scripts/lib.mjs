// Shared by `npm start` and `npm test`: install what is missing, build, run commands.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

export function build() {
  log('building (turbo run build)');
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
}

export function infraCli(args) {
  return run(process.execPath, [join(root, 'deploy/local/dist/cli.js'), ...args]);
}
