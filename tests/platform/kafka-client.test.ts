// kafkajs stays behind the kit's bus (packages/kit/src/bus), so a maintained Kafka client can replace it in
// one package. Exempt, because they drive or inspect Kafka from outside the product: test files and test
// folders (`*.test.ts`, `<workspace>/test/`), the cross-service suites (tests/), the shared test support
// (packages/testing) and the benchmarks (bench/, which measure raw kafkajs as a reference).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { repoRoot } from '@wage/testing';

const ADAPTER = 'packages/kit/src/bus/';
const EXEMPT = ['tests/', 'packages/testing/', 'bench/'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'gen', '.git', '.infra', '.turbo', 'coverage']);

/** The repository's own files (no dependencies, build output or generated code), relative, with `/`. */
function ownFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) ownFiles(join(dir, entry.name), out);
    } else {
      out.push(relative(repoRoot(), join(dir, entry.name)).split(sep).join('/'));
    }
  }
  return out;
}

const importsKafkajs = (text: string) =>
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]kafkajs(?:\/[^'"]*)?['"]/.test(text);

const isTest = (path: string) => path.endsWith('.test.ts') || /(^|\/)test\//.test(path);

describe('the Kafka client', () => {
  const root = repoRoot();
  const files = ownFiles(root);
  const importers = files
    .filter((f) => /\.(ts|tsx|js|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => importsKafkajs(readFileSync(join(root, f), 'utf8')));

  it('is imported by the bus adapter', () => {
    expect(importers.filter((f) => f.startsWith(ADAPTER))).toContain('packages/kit/src/bus/kafka.ts');
  });

  it('is imported by no other product module', () => {
    const outside = importers.filter(
      (f) => !f.startsWith(ADAPTER) && !isTest(f) && !EXEMPT.some((e) => f.startsWith(e)),
    );
    expect(outside).toEqual([]);
  });

  it('is a runtime dependency of the kit only', () => {
    const manifests = files.filter((f) => f === 'package.json' || f.endsWith('/package.json'));
    expect(manifests).toContain('packages/kit/package.json');
    const owners = manifests.filter((m) => {
      const pkg = JSON.parse(readFileSync(join(root, m), 'utf8')) as {
        dependencies?: Record<string, string>;
      };
      return pkg.dependencies?.kafkajs !== undefined;
    });
    expect(owners.filter((m) => !EXEMPT.some((e) => m.startsWith(e))).sort()).toEqual([
      'packages/kit/package.json',
    ]);
  });
});
