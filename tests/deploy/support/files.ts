import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = join(__dirname, '..', '..', '..');

export const readRepoFile = (...parts: string[]) => readFileSync(join(repoRoot, ...parts), 'utf8');

/** Every YAML document of a string, with merge keys (`<<: *anchor`) resolved as Compose resolves them. */
export function parseYamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text, { merge: true })
    .map((d) => {
      if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join('\n'));
      return d.toJS({ maxAliasCount: -1 }) as unknown;
    })
    .filter((d) => d !== null && d !== undefined);
}

/** The platform's event-producing services: each owns `wage.<service>.events.v1` (packages/kit bus/topics). */
export const SERVICES = ['intake', 'inspection', 'mediation', 'credit', 'finance'] as const;

/** The topics file shared by the compose job and the Kubernetes job: `topic partitions retention.ms`. */
export function topicSpecs(): Array<{ topic: string; partitions: number; retentionMs: number }> {
  return readRepoFile('deploy', 'k8s', 'base', 'kafka', 'topics.txt')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [topic, partitions, retention] = l.split(/\s+/);
      return { topic: topic!, partitions: Number(partitions), retentionMs: Number(retention) };
    });
}
