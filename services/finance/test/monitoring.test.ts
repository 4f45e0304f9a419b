// Monitoring and early warning (监控预警) end to end: finance, intake and the gateway as their own processes on
// the real infrastructure (Kafka, the MongoDB-protocol server, Keycloak); feeds through the public REST API.
import { shanghaiDate } from '@wage/cn';
import { clientToken, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import mongoose from 'mongoose';
import { residentId, sleep, uscc } from './support';

jest.setTimeout(600_000);

let infra: InfraEndpoints;
let finance: ServiceProcess;
let intake: ServiceProcess;
let gateway: ServiceProcess;
const tokens: Record<string, string> = {};
const today = shanghaiDate(new Date());
const month = today.slice(0, 7);
let namespace = '';

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('monitoring');
  // One after the other: each consumer group joins once the other's topic exists.
  finance = await new ServiceProcess({
    name: 'finance',
    infra,
    namespace,
    env: { WARNING_SCAN_EVERY_MS: '3000' },
  }).start();
  intake = await new ServiceProcess({ name: 'intake', infra, namespace }).start();
  gateway = await new ServiceProcess({
    name: 'gateway',
    infra,
    namespace,
    env: { FINANCE_GRPC: finance.address, INTAKE_GRPC: intake.address },
  }).start();
  for (const u of ['housing.changji', 'finance.changji', 'supervisor.xinjiang', 'clerk.changji'])
    tokens[u] = await tokenFor(infra.keycloakUrl, u);
  tokens['bank-feed'] = await clientToken(infra.keycloakUrl, 'bank-feed', 'bank-feed-dev-secret');
  await warmUp();
});

/**
 * Raises red warnings on throw-away projects until one comes back linked to an intake case: from then on both
 * consumers (intake of finance's warnings, finance of intake's clues) are known to be in their groups.
 */
async function warmUp(): Promise<void> {
  const end = Date.now() + 180_000;
  for (let n = 0; Date.now() < end; n++) {
    const p = await project();
    const w = worker(900 + n);
    await api('post', `/projects/${p}/workers`, tokens['housing.changji']!, { workers: [w] });
    await api('post', `/projects/${p}/payroll`, tokens['bank-feed']!, {
      month,
      payments: [{ idNumber: w.idNumber, amountFen: 6_000_000, paidAt: new Date().toISOString() }],
    });
    const linked = await until(
      'warm-up link',
      async () => (await warningsOf(p))[0]?.caseId as string,
      15_000,
    ).catch(() => undefined);
    if (linked) return;
  }
  throw new Error('warnings never reached intake');
}

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([finance?.stop(), intake?.stop()]);
  // The test server keeps everything in memory: this suite's 100,000 records are not left behind.
  if (namespace && !process.env.KEEP_TEST_DATA) {
    const conn = await mongoose.createConnection(infra.mongoUrl).asPromise();
    for (const s of ['finance', 'intake', 'gateway']) await conn.useDb(`${namespace}-${s}`).dropDatabase();
    await conn.close();
  }
});

async function api(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${gateway.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

let seq = 7_000;
async function project(permitDate = today): Promise<string> {
  const n = seq++;
  const r = await api('post', '/projects', tokens['housing.changji']!, {
    name: `昌吉市监控第${n}号楼`,
    regionCode: '652301',
    industry: 'housing',
    contractorUscc: uscc(n),
    contractorName: `昌吉第${n}建筑公司`,
    ownerName: '昌吉某房地产开发公司',
    contractPriceFen: 1_000_000_000,
    permitDate,
  });
  expect(r.status).toBe(201);
  return r.body.id;
}

const worker = (n: number) => ({
  name: `工人${n}`,
  idNumber: residentId(n),
  phone: `139${String(n).padStart(8, '0')}`,
  team: `班组${n % 5}`,
});
const warningsOf = async (projectId: string, status = '') =>
  (
    await api(
      'get',
      `/warnings?projectId=${projectId}${status ? `&status=${status}` : ''}`,
      tokens['supervisor.xinjiang']!,
    )
  ).body.items as Array<Record<string, unknown>>;

describe('real-name roster', () => {
  it('stores the good rows, reports the bad ones by index, and updates a worker sent again', async () => {
    const p = await project();
    const r = await api('post', `/projects/${p}/workers`, tokens['housing.changji']!, {
      workers: [
        worker(1),
        { ...worker(2), idNumber: '652301198801010000' },
        { ...worker(3), phone: '12' },
        worker(4),
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ added: 2, updated: 0 });
    expect(r.body.rejected.map((x: { index: number }) => x.index)).toEqual([1, 2]);
    expect(r.body.rejected[0].errors[0].field).toBe('workers[1].idNumber');
    const again = await api('post', `/projects/${p}/workers`, tokens['housing.changji']!, {
      workers: [{ ...worker(1), team: '钢筋班' }],
    });
    expect(again.body).toMatchObject({ added: 0, updated: 1, rejected: [] });
    expect((await api('get', `/projects/${p}/monitoring`, tokens['finance.changji']!)).body).toMatchObject({
      workers: 2,
      red: 0,
    });
  });

  it("takes attendance only for workers on this project's roster, also right after they were registered", async () => {
    const p = await project();
    const other = await project();
    await api('post', `/projects/${p}/workers`, tokens['housing.changji']!, { workers: [worker(11)] });
    await api('post', `/projects/${other}/workers`, tokens['housing.changji']!, { workers: [worker(12)] });
    const r = await api('post', `/projects/${p}/attendance`, tokens['bank-feed']!, {
      records: [
        { idNumber: worker(11).idNumber, date: today },
        { idNumber: worker(12).idNumber, date: today }, // on the other project's roster only
        { idNumber: worker(13).idNumber, date: today }, // on no roster
      ],
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 1, rejected: 2 });
    // Registered now, accepted at once.
    await api('post', `/projects/${p}/workers`, tokens['housing.changji']!, { workers: [worker(13)] });
    const again = await api('post', `/projects/${p}/attendance`, tokens['bank-feed']!, {
      records: [{ idNumber: worker(13).idNumber, date: today }],
    });
    expect(again.body).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('refuses feeds from a role that does not send them', async () => {
    const p = await project();
    expect(
      (
        await api('post', `/projects/${p}/payroll`, tokens['housing.changji']!, {
          month,
          payments: [{ idNumber: residentId(1), amountFen: 1, paidAt: today }],
        })
      ).status,
    ).toBe(403);
    expect(
      (await api('post', `/projects/${p}/workers`, tokens['bank-feed']!, { workers: [worker(1)] })).status,
    ).toBe(403);
  });
});

describe('early warning', () => {
  it('10 of 30 attending workers unpaid: one red warning, one clue; re-sent files change nothing; paying them closes it', async () => {
    const p = await project();
    const workers = Array.from({ length: 30 }, (_, i) => worker(100 + i));
    expect(
      (await api('post', `/projects/${p}/workers`, tokens['housing.changji']!, { workers })).body.added,
    ).toBe(30);
    const days = [...new Set([`${month}-01`, today])];
    const attendance = {
      records: workers.flatMap((w) => days.map((date) => ({ idNumber: w.idNumber, date }))),
    };
    const a = await api('post', `/projects/${p}/attendance`, tokens['bank-feed']!, attendance);
    expect(a.status).toBe(202);
    expect(a.body).toMatchObject({ accepted: 30 * days.length, rejected: 0, added: 30 * days.length });
    expect(await warningsOf(p)).toEqual([]);

    const paidAt = new Date().toISOString();
    const payroll = {
      month,
      payments: workers.slice(0, 20).map((w) => ({ idNumber: w.idNumber, amountFen: 600_000, paidAt })),
    };
    const pay = await api('post', `/projects/${p}/payroll`, tokens['bank-feed']!, payroll);
    expect(pay.status).toBe(202);
    expect(pay.body).toMatchObject({ accepted: 20, rejected: 0, added: 20 });

    const open = await warningsOf(p, 'open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      projectId: p,
      level: 'red',
      rule: 'unpaid_share',
      month,
      status: 'open',
    });
    const warningId = open[0]!.id as string;
    expect(
      (await api('get', `/warnings?level=red&regionCode=652300`, tokens['finance.changji']!)).body.items.map(
        (w: { id: string }) => w.id,
      ),
    ).toContain(warningId);

    // intake opens one clue (channel early_warning) and the warning shows its case.
    const caseId = await until(
      'the clue case on the warning',
      async () => (await warningsOf(p))[0]?.caseId as string,
      90_000,
    );
    const clues = (
      await api('get', '/clues?regionCode=652301&limit=200', tokens['clerk.changji']!)
    ).body.items.filter((c: { projectId: string }) => c.projectId === p);
    expect(clues).toHaveLength(1);
    expect(clues[0]).toMatchObject({ channel: 'early_warning', caseId });

    // The same files again: nothing new, the same single warning.
    const a2 = await api('post', `/projects/${p}/attendance`, tokens['bank-feed']!, attendance);
    expect(a2.body).toMatchObject({
      accepted: 30 * days.length,
      added: 0,
      duplicates: 30 * days.length,
      rejected: 0,
    });
    const pay2 = await api('post', `/projects/${p}/payroll`, tokens['bank-feed']!, payroll);
    expect(pay2.body).toMatchObject({ accepted: 20, added: 0, duplicates: 20 });
    expect(await warningsOf(p)).toEqual([expect.objectContaining({ id: warningId, status: 'open', caseId })]);

    // The other ten are paid (late, in a second file): the warning closes itself; no second clue.
    const rest = {
      month,
      payments: workers
        .slice(20)
        .map((w) => ({ idNumber: w.idNumber, amountFen: 600_000, paidAt: new Date().toISOString() })),
    };
    expect(
      (await api('post', `/projects/${p}/payroll`, tokens['finance.changji']!, rest)).body,
    ).toMatchObject({ accepted: 10, added: 10 });
    expect(await warningsOf(p)).toEqual([expect.objectContaining({ id: warningId, status: 'closed' })]);
    expect(await warningsOf(p, 'open')).toEqual([]);
    await sleep(1_000);
    const after = (
      await api('get', '/clues?regionCode=652301&limit=200', tokens['clerk.changji']!)
    ).body.items.filter((c: { projectId: string }) => c.projectId === p);
    expect(after).toHaveLength(1);
  });

  it('an official records the handling of a warning', async () => {
    const p = await project();
    const w = worker(300);
    await api('post', `/projects/${p}/workers`, tokens['housing.changji']!, { workers: [w] });
    await api('post', `/projects/${p}/attendance`, tokens['housing.changji']!, {
      records: [{ idNumber: w.idNumber, date: today }],
    });
    // ¥60,000 to one worker in a month: suspected fake payroll (red).
    await api('post', `/projects/${p}/payroll`, tokens['bank-feed']!, {
      month,
      payments: [{ idNumber: w.idNumber, amountFen: 6_000_000, paidAt: new Date().toISOString() }],
    });
    const [warning] = await warningsOf(p, 'open');
    expect(warning).toMatchObject({ rule: 'excessive_pay', level: 'red' });
    const h = await api('post', `/warnings/${warning!.id}/handling`, tokens['finance.changji']!, {
      note: '已约谈总包单位核实工资单',
    });
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: 'handled', handlingNote: '已约谈总包单位核实工资单' });
    expect(await warningsOf(p, 'handled')).toHaveLength(1);
  });
});

describe('labour-cost allocations', () => {
  const monthsAgo = (k: number) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const d = new Date(Date.UTC(y, m - 1 - k, 1));
    return d.toISOString().slice(0, 7);
  };

  it('warns (orange) when months pass without an allocation, and closes when the bank feed shows them', async () => {
    const p = await project(`${monthsAgo(3)}-02`);
    // The periodic scan finds the months that ended without an allocation, with no new data at all.
    const missing = await until('missing-allocation warnings', async () => {
      const ws = (await warningsOf(p, 'open')).filter((w) => w.rule === 'missing_allocation');
      return ws.length >= 2 && ws;
    });
    expect(missing.map((w) => w.month).sort()).toEqual([monthsAgo(2), monthsAgo(1)]);
    expect(missing.every((w) => w.level === 'orange')).toBe(true);

    const allocations = [3, 2, 1].map((k) => ({
      month: monthsAgo(k),
      amountFen: 50_000_000,
      receivedOn: `${monthsAgo(k)}-25`,
      reference: `BK-${p}-${k}`,
    }));
    const r = await api('post', `/projects/${p}/allocations`, tokens['bank-feed']!, {
      allocations: [...allocations, { ...allocations[0], amountFen: -1 }],
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 3, added: 3, rejected: 1 });
    expect(
      (await api('post', `/projects/${p}/allocations`, tokens['bank-feed']!, { allocations })).body,
    ).toMatchObject({ accepted: 3, added: 0, duplicates: 3 });
    const after = (await warningsOf(p)).filter((w) => w.rule === 'missing_allocation');
    expect(after.map((w) => w.status)).toEqual(['closed', 'closed']);
  });
});

describe('volume', () => {
  it('ingests 100,000 attendance records for 2,000 workers in 10 requests without rejecting a valid record', async () => {
    const p = await project();
    const workers = Array.from({ length: 2_000 }, (_, i) => worker(1_000 + i));
    const reg = await api('post', `/projects/${p}/workers`, tokens['housing.changji']!, { workers });
    expect(reg.body).toMatchObject({ added: 2_000, rejected: [] });
    const dates = Array.from({ length: 50 }, (_, i) =>
      new Date(Date.parse(`${today}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10),
    );
    let accepted = 0;
    let rejected = 0;
    for (let batch = 0; batch < 10; batch++) {
      // Each request: 5 days of every worker (late and out-of-order days across requests).
      const mine = dates.filter((_, i) => i % 10 === (batch * 7) % 10);
      const records = workers.flatMap((w) => mine.map((date) => ({ idNumber: w.idNumber, date })));
      const r = await api('post', `/projects/${p}/attendance`, tokens['bank-feed']!, { records });
      expect(r.status).toBe(202);
      accepted += r.body.accepted;
      rejected += r.body.rejected;
    }
    expect({ accepted, rejected }).toEqual({ accepted: 100_000, rejected: 0 });
  });
});
