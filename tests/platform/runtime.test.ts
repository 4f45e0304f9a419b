// Every command of the README runs on the Node the repository pins (package.json optionalDependencies
// `node-linux-*`, Node 24 LTS), whatever Node the machine carries: jest itself, and the service processes
// tests and `npm start` spawn with `process.execPath`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, ServiceProcess, testInfra, uniqueNamespace } from '@wage/testing';

jest.setTimeout(120_000);

const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);
const pinned = (): string => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
    optionalDependencies: Record<string, string>;
  };
  return pkg.optionalDependencies[`node-${process.platform}-${process.arch}`] ?? '';
};

describe('the pinned Node runtime', () => {
  it('pins Node 24 for this platform', () => {
    expect(major(pinned())).toBe(24);
  });

  it('runs jest on Node 24', () => {
    expect(major(process.version)).toBe(24);
    expect(process.version).toBe(`v${pinned()}`);
  });

  it('runs a spawned service process on Node 24', async () => {
    const intake = new ServiceProcess({
      name: 'intake',
      infra: await testInfra(),
      namespace: uniqueNamespace('runtime'),
    });
    await intake.start();
    try {
      // prom-client's default metrics publish the process's own `process.version`.
      const metrics = await (await fetch(`http://127.0.0.1:${intake.opsPort}/metrics`)).text();
      const version = /^nodejs_version_info\{version="(v[\d.]+)"/m.exec(metrics)?.[1];
      expect(version).toBe(`v${pinned()}`);
      expect(major(version!)).toBe(24);
    } finally {
      await intake.stop();
    }
  });
});
