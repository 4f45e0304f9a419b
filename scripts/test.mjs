// `npm test`: installs and builds what is missing, starts the test profile of the real local
// infrastructure (or uses KAFKA_BROKERS / MONGO_URL / KEYCLOAK_URL, or testcontainers), runs every
// workspace's unit, integration and end-to-end tests, and ends with one line `N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureInstalled, infraCli, log, onPinnedNode, root, runAsync } from './lib.mjs';

const RESULTS = '.jest-results.json';

/** Every workspace (from npm itself, so a new workspace is picked up without edits here). */
function workspaces() {
  const out = execFileSync('npm', ['query', '.workspace', '--json'], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out).map((w) => ({
    name: w.name,
    dir: join(root, w.location),
    lint: Boolean(w.scripts?.lint),
  }));
}

/**
 * Lint is part of the test run: the import boundaries of the domain folders (eslint `no-restricted-imports`)
 * are rules CI must enforce, so each workspace's lint counts as one test in the final line.
 */
async function lintWorkspaces(list) {
  let passed = 0;
  let failed = 0;
  for (const w of list.filter((x) => x.lint)) {
    const code = await runAsync('npm', ['run', 'lint', '--silent'], { cwd: w.dir });
    if (code === 0) passed++;
    else {
      failed++;
      log(`lint failed: ${w.name}`);
    }
  }
  return { passed, failed };
}

async function main() {
  const started = Date.now();
  ensureInstalled();
  await onPinnedNode();
  build();
  const list = workspaces();
  const dirs = list.map((w) => w.dir);
  for (const d of dirs)
    for (const f of [RESULTS, '.vitest-results.json', '.playwright-results.json'])
      rmSync(join(d, f), { force: true });

  log('starting the test infrastructure (Kafka, MongoDB-protocol server, Keycloak, Redis)');
  infraCli(['up', '--profile', 'test']);

  log('running tests (turbo run test)');
  const code = await runAsync('npx', [
    'turbo',
    'run',
    'test',
    '--concurrency=1',
    '--continue',
    '--output-logs=full',
    '--',
    '--json',
    `--outputFile=${RESULTS}`,
  ]);

  log('linting every workspace (npm run lint)');
  const lint = await lintWorkspaces(list);

  let passed = lint.passed;
  let failed = lint.failed;
  let suitesWithoutResults = 0;
  for (const d of dirs) {
    const f = join(d, RESULTS);
    if (!existsSync(f)) continue;
    const r = JSON.parse(readFileSync(f, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A suite that failed to run (syntax error, beforeAll failure) has no failed test but must count.
    suitesWithoutResults += r.testResults.filter(
      (s) => s.status === 'failed' && s.assertionResults.length === 0,
    ).length;
  }
  failed += suitesWithoutResults;
  // The portal's vitest (jest-shaped JSON) and Playwright reports.
  for (const d of dirs) {
    const unit = join(d, '.vitest-results.json');
    if (existsSync(unit)) {
      const r = JSON.parse(readFileSync(unit, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
    }
    const browser = join(d, '.playwright-results.json');
    if (existsSync(browser)) {
      const r = JSON.parse(readFileSync(browser, 'utf8'));
      passed += (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0);
      failed += r.stats?.unexpected ?? 0;
      // A failed global setup (the platform did not start) runs no test but must count.
      if ((r.errors?.length ?? 0) > 0 && !r.stats?.unexpected) failed += 1;
    }
  }
  if (code !== 0 && failed === 0) failed = 1; // turbo failed outside jest (e.g. a crashed runner)

  if (!process.env.WAGE_KEEP_INFRA) {
    log('stopping the test infrastructure (set WAGE_KEEP_INFRA=1 to keep it)');
    infraCli(['down', '--profile', 'test']);
  }
  log(`finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
