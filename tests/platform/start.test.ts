// `npm start` brings the whole platform up with its infrastructure and says where it is; running it again
// while it runs says so instead of starting twice; Ctrl-C stops everything; a later start works again
// with the data it had.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, eventually, tokenFor } from '@wage/testing';
import { clueRequest, intakeClient, inspectionClient } from '../support/fixtures';

jest.setTimeout(600_000);

function npmStart(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  // `npm start` runs the dev profile on its own default ports, whatever the test profile was given.
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  for (const k of ['KAFKA_PORT', 'MONGO_PORT', 'KEYCLOAK_PORT', 'KAFKA_BROKERS', 'MONGO_URL', 'KEYCLOAK_URL'])
    delete env[k];
  const child = spawn(process.execPath, [join(repoRoot(), 'scripts/start.mjs')], {
    cwd: repoRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  return { child, output: () => out, exited };
}

const KEYCLOAK = 'http://127.0.0.1:8180';

/** Waits for the platform's ready banner; fails at once, with its output, if `npm start` exits first. */
async function running(p: ReturnType<typeof npmStart>): Promise<void> {
  const ready = () => p.output().includes('The wage platform is running.');
  let settled = false;
  const banner = eventually(async () => (settled || ready() ? true : undefined), 480_000, 500).then(
    () => 'ready',
    () => 'timed out',
  );
  const outcome = await Promise.race([banner, p.exited.then((code) => `exited with ${code}`)]);
  settled = true;
  if (outcome !== 'ready' || !ready())
    throw new Error(`npm start ${outcome} before it was ready\n${p.output().slice(-3000)}`);
}

describe('npm start', () => {
  it('starts everything, refuses to start twice, stops on Ctrl-C and starts again with its data', async () => {
    const first = npmStart();
    await running(first);
    const out = first.output();
    expect(out).toContain('keycloak     http://127.0.0.1:8180');
    expect(out).toContain('intake       gRPC 127.0.0.1:7051');
    expect(out).toContain('clerk.changji');
    for (const port of [9461, 9462]) {
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    }

    // The platform works end to end on the dev profile.
    const clerk = await tokenFor(KEYCLOAK, 'clerk.changji');
    const clue = await intakeClient('127.0.0.1:7051').fileClue(clueRequest(Date.now() % 100_000), clerk);
    const inspector = await tokenFor(KEYCLOAK, 'inspector.changji');
    await eventually(() =>
      inspectionClient('127.0.0.1:7052')
        .getCase({ caseId: clue.caseId }, inspector)
        .catch(() => undefined),
    );

    // A second `npm start` while it runs says where it is and exits.
    const second = npmStart();
    expect(await second.exited).toBe(0);
    expect(second.output()).toMatch(/already running/);

    // Ctrl-C stops services and infrastructure.
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(
      await fetch('http://127.0.0.1:9461/healthz').then(
        () => 'up',
        () => 'down',
      ),
    ).toBe('down');

    // Started again, it comes up with the data it had.
    const third = npmStart();
    try {
      await running(third);
      const inspector2 = await tokenFor(KEYCLOAK, 'inspector.changji', 'demo');
      const again = await inspectionClient('127.0.0.1:7052').getCase({ caseId: clue.caseId }, inspector2);
      expect(again.caseNo).toBe(clue.caseNo);
    } finally {
      third.child.kill('SIGINT');
      await third.exited;
    }
  });
});
