import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
// The topic naming itself, not the whole kit (which would load the Kafka and Mongo clients).
import { deadLetterTopic, eventsTopic } from '@wage/kit/dist/bus/topics';
import { parseYamlDocuments, readRepoFile, repoRoot, SERVICES, topicSpecs } from './support/files';

interface ComposeService {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  user?: string;
  read_only?: boolean;
  restart?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

// The Compose specification's JSON schema as dclint ships it (no network at test time).
// Its `$schema` names draft-07 by an https URL Ajv does not know; the schema itself is plain draft-07.
const { $schema: _draft, ...schema } = JSON.parse(
  readRepoFile('node_modules', 'dclint', 'schemas', 'compose.schema.json'),
) as Record<string, unknown>;
const [compose] = parseYamlDocuments(readRepoFile('deploy', 'compose', 'compose.yaml')) as [ComposeFile];
const services = Object.entries(compose.services);
const PROCESSES = [...SERVICES, 'gateway'];

describe('deploy/compose', () => {
  it('validates against the Compose specification', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    // The schema is strict enough to catch a misspelt key.
    const misspelt = { services: { gateway: { ...compose.services.gateway, healthchek: {} } } };
    expect(validate(misspelt)).toBe(false);
  });

  it('health-checks every service, one-shot jobs included', () => {
    const unchecked = services
      .filter(([, s]) => !s.healthcheck?.test || s.healthcheck.disable || s.healthcheck.test[0] === 'NONE')
      .map(([name]) => name);
    expect(unchecked).toEqual([]);
  });

  it('runs 3 KRaft brokers with replication factor 3, min.insync.replicas 2 and no auto-created topics', () => {
    const brokers = services.filter(
      ([, s]) => s.image?.startsWith('apache/kafka') && s.environment?.KAFKA_NODE_ID,
    );
    expect(brokers.map(([, s]) => s.environment!.KAFKA_NODE_ID).sort()).toEqual([1, 2, 3]);
    for (const [, b] of brokers) {
      expect(b.environment).toMatchObject({
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093',
        KAFKA_DEFAULT_REPLICATION_FACTOR: 3,
        KAFKA_MIN_INSYNC_REPLICAS: 2,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3,
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      });
    }
    expect(compose.services['kafka-topics']!.environment).toMatchObject({
      REPLICATION_FACTOR: 3,
      MIN_INSYNC_REPLICAS: 2,
    });
  });

  it('runs a 3-member MongoDB replica set initiated by a job', () => {
    const members = services.filter(
      ([, s]) => s.image?.startsWith('mongo:') && s.command?.includes('--replSet'),
    );
    expect(members.map(([n]) => n).sort()).toEqual(['mongo-1', 'mongo-2', 'mongo-3']);
    const init = String(compose.services['mongo-init']!.command);
    for (const [name] of members) expect(init).toContain(`host: '${name}:27017'`);
  });

  it('starts every platform process from the one image, as a non-root user on a read-only filesystem', () => {
    for (const name of PROCESSES) {
      const s = compose.services[name]!;
      expect({ name, image: s.image, user: s.user, readOnly: s.read_only }).toEqual({
        name,
        image: '${WAGE_IMAGE:-wage-platform:local}',
        user: '1000:1000',
        readOnly: true,
      });
      const entry = (s.command as string[])[0]!;
      expect(existsSync(join(repoRoot, entry.replace('/dist/', '/src/').replace(/\.js$/, '.ts')))).toBe(true);
    }
  });

  it('exports every process traces where OTEL_EXPORTER_OTLP_ENDPOINT in .env says, nowhere by default', () => {
    for (const name of PROCESSES) {
      expect([name, compose.services[name]!.environment?.OTEL_EXPORTER_OTLP_ENDPOINT]).toEqual([
        name,
        '${OTEL_EXPORTER_OTLP_ENDPOINT:-}',
      ]);
    }
  });

  it('starts services only after topics and the replica set exist, each service on its own database', () => {
    for (const name of SERVICES) {
      const s = compose.services[name]!;
      expect(s.depends_on).toMatchObject({
        'kafka-topics': { condition: 'service_completed_successfully' },
        'mongo-init': { condition: 'service_completed_successfully' },
      });
      expect(String(s.environment!.MONGO_URL)).toMatch(new RegExp(`/${name}\\?replicaSet=rs0$`));
    }
    for (const [name, s] of services) {
      for (const dep of Object.keys(s.depends_on ?? {}))
        expect([name, compose.services[dep] !== undefined]).toEqual([name, true]);
    }
  });

  it('commits no secret value: keys, client secrets and passwords come from the git-ignored .env', () => {
    const secretish = /PII_|SECRET|PASSWORD/;
    for (const [name, s] of services) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (secretish.test(key))
          expect([name, key, value]).toEqual([name, key, expect.stringMatching(/^\$\{\w+:\?[^}]+\}$/)]);
      }
    }
    expect(readRepoFile('.gitignore').split('\n')).toContain('.env');
  });

  it('creates exactly the topics the services use, with their dead-letter topics', () => {
    const expected = SERVICES.flatMap((s) => [eventsTopic(s), deadLetterTopic(eventsTopic(s))]).sort();
    expect(
      topicSpecs()
        .map((t) => t.topic)
        .sort(),
    ).toEqual(expected);
    for (const t of topicSpecs()) {
      expect(t.partitions).toBeGreaterThanOrEqual(1);
      expect(t.retentionMs).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000);
    }
  });
});
