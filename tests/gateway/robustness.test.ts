// Bad input gets a clear 4xx and changes nothing; retried commands move nothing twice, also across a
// gateway restart (real gateway, services, Keycloak, Mongo).
import mongoose from 'mongoose';
import { databaseUrl } from '@wage/testing';
import { Platform, clueBody } from '../support/platform';

jest.setTimeout(300_000);
const p = new Platform();
let clerk: string;

beforeAll(async () => {
  await p.start('gw-robust');
  clerk = await p.token('clerk.changji');
});
afterAll(() => p.stop());

async function clueCount(): Promise<number> {
  const conn = await mongoose
    .createConnection(databaseUrl(p.infra.mongoUrl, `${p.namespace}-intake`))
    .asPromise();
  try {
    return await conn.collection('clues').countDocuments();
  } finally {
    await conn.close();
  }
}

/** Hundreds of malformed clue bodies: wrong types, missing fields, huge strings, Mongo operators anywhere. */
function malformedBodies(): Array<{ label: string; raw: string }> {
  const good = clueBody(1) as Record<string, unknown>;
  const bad: Array<{ label: string; raw: string }> = [];
  const wrongValues: Array<[string, unknown]> = [
    ['null', null],
    ['number', 12345],
    ['negative', -1],
    ['float', 1.5],
    ['boolean', true],
    ['array', ['a']],
    ['empty string', ''],
    ['object', { a: 1 }],
    ['$gt operator', { $gt: '' }],
    ['$ne operator', { $ne: null }],
    ['$where', { $where: 'sleep(1000)' }],
    ['huge string', 'x'.repeat(300_000)],
    ['nested huge', { a: 'y'.repeat(100_000) }],
    ['unicode junk', '\u0000\uffff\ud800'],
  ];
  const paths = [
    'channel',
    'regionCode',
    'reporter',
    'reporter.name',
    'reporter.idNumber',
    'reporter.phone',
    'employer',
    'employer.name',
    'employer.uscc',
    'projectId',
    'workerCount',
    'amountFen',
    'description',
    'occurredFrom',
  ];
  for (const path of paths) {
    for (const [label, value] of wrongValues) {
      const body = structuredClone(good);
      const [a, b] = path.split('.') as [string, string | undefined];
      if (b) (body[a] as Record<string, unknown>)[b] = value;
      else body[a] = value;
      // A value that happens to be valid for that field is not a malformed body.
      if (['workerCount', 'amountFen'].includes(path) && label === 'number') continue;
      if (path === 'reporter.name' && label === 'unicode junk') continue;
      if (path === 'description' && label === 'unicode junk') continue;
      if (path === 'employer.name' && label === 'unicode junk') continue;
      bad.push({ label: `${path} = ${label}`, raw: JSON.stringify(body) });
    }
    const missing = structuredClone(good);
    const [a, b] = path.split('.') as [string, string | undefined];
    if (['employer.uscc', 'projectId', 'occurredFrom'].includes(path)) continue; // optional
    if (b) delete (missing[a] as Record<string, unknown>)[b];
    else delete missing[a];
    bad.push({ label: `${path} missing`, raw: JSON.stringify(missing) });
  }
  bad.push({ label: 'unknown field', raw: JSON.stringify({ ...good, $where: '1' }) });
  bad.push({ label: 'operator at top level', raw: JSON.stringify({ $gt: '' }) });
  for (const raw of [
    '',
    '{',
    '{"channel":',
    'null',
    '[]',
    '"text"',
    '42',
    '{"a":1}{',
    '\u0000',
    '{"regionCode": 652301,}',
  ]) {
    bad.push({ label: `invalid JSON ${JSON.stringify(raw).slice(0, 20)}`, raw });
  }
  bad.push({
    label: 'body over the limit',
    raw: JSON.stringify({ ...good, description: 'z'.repeat(2_000_000) }),
  });
  return bad;
}

describe('malformed input', () => {
  it('answers every malformed body with a 4xx problem+json, never a 5xx, and stores nothing', async () => {
    const before = await clueCount();
    const cases = malformedBodies();
    expect(cases.length).toBeGreaterThan(200);
    const failures: string[] = [];
    for (const c of cases) {
      const r = await p.request('POST', '/api/v1/clues', { token: clerk, rawBody: c.raw });
      const problem = r.headers.get('content-type')?.includes('application/problem+json');
      if (r.status < 400 || r.status >= 500 || !problem || typeof r.body?.detail !== 'string') {
        failures.push(`${c.label}: ${r.status} ${r.text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await clueCount()).toBe(before);
    expect((await p.request('GET', '/healthz')).status).toBe(200);
  });

  it('names each bad field in a validation failure', async () => {
    const r = await p.request('POST', '/api/v1/clues', {
      token: clerk,
      body: { ...clueBody(2), workerCount: 'ten', amountFen: 1.5, regionCode: { $gt: '' } },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'amountFen',
      'regionCode',
      'workerCount',
    ]);
  });

  it('passes the domain checks of the service through as field-level 400s', async () => {
    const r = await p.request('POST', '/api/v1/clues', {
      token: clerk,
      body: clueBody(3, { reporter: { name: '王五', idNumber: '652301199001011230', phone: '13800000000' } }),
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'reporter.idNumber' })]);
  });
});

describe('Idempotency-Key', () => {
  it('answers a retried POST with the first response and creates one clue, also after a gateway restart', async () => {
    const before = await clueCount();
    const body = clueBody(40);
    const headers = { 'idempotency-key': `retry-${p.namespace}` };
    const first = await p.request('POST', '/api/v1/clues', { token: clerk, body, headers });
    expect(first.status).toBe(201);
    const again = await p.request('POST', '/api/v1/clues', { token: clerk, body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);

    await p.gateway.stop();
    await p.gateway.start();
    const afterRestart = await p.request('POST', '/api/v1/clues', { token: clerk, body, headers });
    expect(afterRestart.status).toBe(201);
    expect(afterRestart.body).toEqual(first.body);
    expect(await clueCount()).toBe(before + 1);
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    const headers = { 'idempotency-key': `conflict-${p.namespace}` };
    expect(
      (await p.request('POST', '/api/v1/clues', { token: clerk, body: clueBody(50), headers })).status,
    ).toBe(201);
    const before = await clueCount();
    const r = await p.request('POST', '/api/v1/clues', { token: clerk, body: clueBody(51), headers });
    expect(r.status).toBe(422);
    expect(r.body.detail).toMatch(/Idempotency-Key/);
    expect(await clueCount()).toBe(before);
  });

  it('creates a clue once when two identical requests race', async () => {
    const before = await clueCount();
    const headers = { 'idempotency-key': `race-${p.namespace}` };
    const body = clueBody(60);
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => p.request('POST', '/api/v1/clues', { token: clerk, body, headers })),
    );
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
    expect(await clueCount()).toBe(before + 1);
  });
});
