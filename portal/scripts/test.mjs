// The portal's tests for `npm test`: vitest (unit) then Playwright (browser, against the real platform).
// Each writes a JSON report that the root scripts/test.mjs adds to the final `N passed, N failed` line.
// Arguments turbo passes for jest (--json --outputFile=…) do not apply here and are ignored.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: dir, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

for (const f of ['.vitest-results.json', '.playwright-results.json']) rmSync(join(dir, f), { force: true });

const unit = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=.vitest-results.json',
]);

// Debian's chromium, the release Playwright 1.64 drives; CI runs as root on a clean machine.
if (!existsSync(CHROMIUM) && process.getuid?.() === 0) {
  console.log('[portal] installing chromium (apt-get)');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], {
    DEBIAN_FRONTEND: 'noninteractive',
  });
}
let browser = 1;
if (existsSync(CHROMIUM)) browser = run('npx', ['playwright', 'test']);
else console.error(`[portal] no Chromium at ${CHROMIUM}: browser tests not run (counted as failed)`);

process.exit(unit === 0 && browser === 0 ? 0 : 1);
