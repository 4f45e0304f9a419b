// The indexes README.md lists are the ones the models declare, and MONGO_SYNC_INDEXES makes a real server's
// collections match the models (on the shared local MongoDB-protocol server).
import mongoose, { Schema, type Connection } from 'mongoose';
import {
  createLogger,
  ensureOutboxIndex,
  metricsRegistry,
  registerOutboxBacklog,
  syncIndexes,
} from '@wage/kit';
import { databaseUrl, testInfra, uniqueNamespace } from '@wage/testing';
import { readRepoFile, SERVICES } from './support/files';

type Factory = (conn: Connection) => unknown;
const factories: Record<string, Factory> = {
  /* eslint-disable @typescript-eslint/no-require-imports */
  intake: require('@wage/intake/dist/infra/models').intakeModels,
  inspection: require('@wage/inspection/dist/infra/models').inspectionModels,
  mediation: require('@wage/mediation/dist/infra/models').mediationModels,
  credit: require('@wage/credit/dist/infra/models').creditModels,
  finance: require('@wage/finance/dist/infra/models').financeModels,
  /* eslint-enable @typescript-eslint/no-require-imports */
};

/** The README table: service, collection, index keys (as JSON), unique. */
function documented() {
  const readme = readRepoFile('README.md');
  const table = readme.slice(
    readme.indexOf('<!-- indexes:begin -->'),
    readme.indexOf('<!-- indexes:end -->'),
  );
  return table
    .split('\n')
    .filter((l) => l.startsWith('|') && l.includes('`{'))
    .map((l) => {
      const [service, collection, index] = l
        .split('|')
        .map((c) => c.trim())
        .slice(1);
      const keys = /`\{([^}]*)\}`/.exec(index!)![1]!;
      const fields = Object.fromEntries(
        keys.split(',').map((kv) => {
          const [k, v] = kv.split(':').map((x) => x.trim());
          return [k!, Number(v)];
        }),
      );
      return { service: service!, collection: collection!, fields, unique: index!.includes('(unique)') };
    });
}

describe('documented indexes', () => {
  const rows = documented();

  it('cover every service', () => {
    expect([...new Set(rows.map((r) => r.service))].sort()).toEqual([...SERVICES].sort());
  });

  it.each(rows.map((r) => [r.service, r.collection, JSON.stringify(r.fields), r]))(
    '%s %s %s is declared in the model',
    (_s, _c, _f, row) => {
      const conn = mongoose.createConnection();
      factories[row.service]!(conn);
      const model = Object.values(conn.models).find((m) => m.collection.collectionName === row.collection);
      expect(model).toBeDefined();
      const match = model!.schema.indexes().find(([f]) => JSON.stringify(f) === JSON.stringify(row.fields));
      expect(match).toBeDefined();
      expect(Boolean(match![1].unique)).toBe(row.unique);
    },
  );
});

describe('syncIndexes on a real server', () => {
  let conn: Connection;
  const logger = createLogger('indexes-test', 'silent');

  beforeAll(async () => {
    const infra = await testInfra();
    conn = await mongoose
      .createConnection(databaseUrl(infra.mongoUrl, uniqueNamespace('indexes')))
      .asPromise();
  });
  afterAll(() => conn?.close());

  it('creates the declared indexes, drops the undeclared and keeps the outbox index', async () => {
    const schema = new Schema({ _id: String, regionCode: String, status: String, outbox: [{ id: String }] });
    schema.index({ regionCode: 1, status: 1, _id: -1 });
    const Model = conn.model('Thing', schema, 'things');
    await Model.create({ _id: 'a', regionCode: '652301', status: 'open' });
    await Model.collection.createIndex({ status: 1 }, { name: 'stale_status' }); // no schema declares it
    await ensureOutboxIndex(Model);

    const result = await syncIndexes(conn, logger);
    expect(result).toEqual([{ collection: 'things', declared: 2, dropped: ['stale_status'] }]);
    const names = (await Model.collection.indexes()).map((i) => i.name).sort();
    expect(names).toEqual(['_id_', 'outbox.id_1', 'regionCode_1_status_1__id_-1']);
  });

  it('exports the outbox backlog the alert rules watch', async () => {
    const Model = conn.model('Thing');
    await Model.collection.updateOne(
      { _id: 'a' as never },
      { $set: { outbox: [{ id: 'e1' }, { id: 'e2' }] } },
    );
    await Model.create({ _id: 'b', regionCode: '652301', status: 'open' });
    registerOutboxBacklog([Model]);
    const text = await metricsRegistry.getSingleMetricAsString('wage_outbox_pending_aggregates');
    expect(text).toMatch(/wage_outbox_pending_aggregates\{[^}]*collection="things"[^}]*\} 1$/m);
  });
});
