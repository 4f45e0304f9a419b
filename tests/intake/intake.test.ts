// Intake end to end through the gateway, on the real Kafka, MongoDB-protocol server and Keycloak.
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { toKafkaMessage, wrap } from '@wage/kit';
import { databaseUrl, eventually, ServiceProcess, TopicReader } from '@wage/testing';
import { Platform, clueBody } from '../support/platform';
import { residentId, uscc } from '../support/fixtures';

jest.setTimeout(240_000);

const p = new Platform();
let clerk: string;

beforeAll(async () => {
  await p.start('intake', { env: { gateway: { PUBLIC_RATE_LIMIT: '12' } } });
  clerk = await p.token('clerk.changji');
}, 240_000);
afterAll(() => p.stop());

const post = (body: unknown, key?: string) =>
  p.request('POST', '/api/v1/clues', {
    token: clerk,
    body,
    ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
  });

async function intakeDb() {
  return mongoose.createConnection(databaseUrl(p.infra.mongoUrl, `${p.namespace}-intake`)).asPromise();
}

describe('merging (同一欠薪事项合并)', () => {
  it('makes the same arrears reported on three channels one case with three reporters; another project is a new case', async () => {
    const same = {
      employer: { name: '昌吉合并测试建筑有限公司', uscc: uscc(3101) },
      projectId: 'merge-p1',
      occurredFrom: '2026-01-01',
      occurredTo: '2026-03-31',
    };
    const a = await post(clueBody(3101, { ...same, channel: 'window' }));
    const b = await post(
      clueBody(3102, {
        ...same,
        channel: 'hotline_12345',
        employer: { name: '昌吉合并测试建筑（有限公司）' },
        occurredFrom: '2026-03-01',
        occurredTo: '2026-04-30',
      }),
    );
    const c = await post(clueBody(3103, { ...same, channel: 'national_platform', workerCount: 3 }));
    for (const r of [a, b, c]) expect(r.status).toBe(201);
    expect(a.body.merged).toBe(false);
    expect([b.body.merged, c.body.merged]).toEqual([true, true]);
    expect(new Set([a.body.caseId, b.body.caseId, c.body.caseId]).size).toBe(1);
    expect(c.body.caseNo).toBe(a.body.caseNo);
    expect(c.body.reporterCount).toBe(3);

    // Every reporter can still be looked up by their own clue.
    for (const r of [a, b, c]) {
      const got = await p.request('GET', `/api/v1/clues/${r.body.id}`, { token: clerk });
      expect(got.body).toMatchObject({ caseId: a.body.caseId, reporterCount: 3 });
      expect(got.body.reporter.idNumber).toMatch(/\*/);
    }

    const other = await post(clueBody(3104, { ...same, projectId: 'merge-p2' }));
    expect(other.body.merged).toBe(false);
    expect(other.body.caseId).not.toBe(a.body.caseId);

    const timeline = await p.request('GET', `/api/v1/cases/${a.body.caseId}/timeline`, {
      token: await p.token('supervisor.changji'),
    });
    expect(timeline.body.items.filter((i: { type: string }) => i.type === 'intake.ClueMerged')).toHaveLength(
      2,
    );
  });

  it('opens one case when the same arrears are reported concurrently', async () => {
    const same = { employer: { name: '并发测试公司', uscc: uscc(3201) }, projectId: 'race-p1' };
    const rs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => post(clueBody(3200 + i, same))));
    for (const r of rs) expect(r.status).toBe(201);
    expect(new Set(rs.map((r) => r.body.caseId)).size).toBe(1);
    expect(rs.filter((r) => !r.body.merged)).toHaveLength(1);
  });
});

describe('filing and routing', () => {
  it('leaves an individual clue waiting up to 5 working days, then files it on the clerk decision and routes it to mediation', async () => {
    const r = await post(
      clueBody(3301, {
        workerCount: 1,
        projectId: undefined,
        employer: { name: '个人争议测试商店', uscc: uscc(3301) },
      }),
    );
    expect(r.body).toMatchObject({ status: 'received', caseStatus: 'received', route: 'mediation' });
    expect(new Date(r.body.filingDueAt).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    const bad = await p.request('POST', `/api/v1/clues/${r.body.id}/decision`, {
      token: clerk,
      body: { decision: 'maybe' },
    });
    expect(bad.status).toBe(400);
    const d = await p.request('POST', `/api/v1/clues/${r.body.id}/decision`, {
      token: clerk,
      body: { decision: 'filed', reason: '' },
      headers: { 'Idempotency-Key': 'decide-3301' },
    });
    expect(d.status).toBe(200);
    expect(d.body.caseStatus).toBe('filed');
    const reject = await p.request('POST', `/api/v1/clues/${r.body.id}/decision`, {
      token: clerk,
      body: { decision: 'rejected', reason: '重复' },
    });
    expect(reject.status).toBe(422);
  });

  it('flags a vanished employer for the police and transfers a clue outside the jurisdiction', async () => {
    const v = await post(clueBody(3401, { employerVanished: true }));
    expect(v.body).toMatchObject({ route: 'inspection', policeFlag: true, caseStatus: 'filed' });
    const t = await post(clueBody(3402, { regionCode: '620102' }));
    expect(t.body).toMatchObject({
      route: 'transfer',
      caseStatus: 'transferred',
      targetRegionCode: '620102',
    });
  });

  it('refuses the calendar admin route to a clerk', async () => {
    const r = await p.request('POST', '/api/v1/calendar/schedules', {
      token: clerk,
      body: { year: 2027, holidays: [], workdays: [] },
    });
    expect(r.status).toBe(403);
  });
});

describe('idempotency and batch import', () => {
  it('creates nothing twice for the same POST retried with its key', async () => {
    const body = clueBody(3501);
    const first = await post(body, 'retry-3501');
    const again = await post(body, 'retry-3501');
    expect(again.body.id).toBe(first.body.id);
    const list = await p.request('GET', '/api/v1/clues?regionCode=652301&limit=200', { token: clerk });
    expect(list.body.items.filter((c: { id: string }) => c.id === first.body.id)).toHaveLength(1);
  });

  it('imports a file line by line, reports bad lines, and creates nothing when the same file is imported again', async () => {
    const rec = (n: number, over: Record<string, unknown> = {}) => {
      const { channel: _c, ...rest } = clueBody(n, over) as Record<string, unknown>;
      return JSON.stringify({ sourceId: `HL-${n}`, ...rest });
    };
    const content = [
      rec(3601),
      rec(3602),
      'not json',
      rec(3603, { reporter: { name: '某', idNumber: '652301199001011231', phone: '1' } }),
      rec(3604),
    ].join('\n');
    const body = { source: 'hotline_12345', content };
    const first = await p.request('POST', '/api/v1/clues/import', { token: clerk, body });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 3, merged: 0, duplicates: 0 });
    expect(first.body.rejected.map((r: { line: number }) => r.line)).toEqual([3, 4]);
    const second = await p.request('POST', '/api/v1/clues/import', { token: clerk, body });
    expect(second.body).toMatchObject({ created: 0, merged: 0, duplicates: 3 });
  });
});

describe('early warnings', () => {
  it('turns a red warning into a clue that a later hotline complaint about the same project joins', async () => {
    const kafka = new Kafka({
      clientId: 'intake-test',
      brokers: p.infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const payload = {
      warningId: 'w-3701',
      projectId: 'warn-p1',
      regionCode: '652301',
      level: 'red',
      rule: 'no_labour_cost_allocation',
      month: '2026-02',
      detail: '连续两个月未拨付人工费',
      employer: { name: '预警测试建筑有限公司', uscc: uscc(3701) },
    };
    const env = wrap(
      { type: 'finance.WageWarningRaised.v1', subject: 'w-3701', region: '652301', payload },
      { source: 'finance' },
    );
    const yellow = wrap(
      {
        type: 'finance.WageWarningRaised.v1',
        subject: 'w-3702',
        region: '652301',
        payload: { ...payload, warningId: 'w-3702', level: 'yellow', projectId: 'warn-p2' },
      },
      { source: 'finance' },
    );
    const topic = `${p.namespace}.wage.finance.events.v1`;
    await producer.send({
      topic,
      messages: [toKafkaMessage(env), toKafkaMessage(env), toKafkaMessage(yellow)],
    });
    await producer.disconnect();

    const conn = await intakeDb();
    try {
      const warningClue = await eventually(
        async () => (await conn.collection('clues').findOne({ sourceWarningId: 'w-3701' })) ?? undefined,
        60_000,
      );
      expect(warningClue.channel).toBe('early_warning');
      const complaint = await post(
        clueBody(3703, {
          channel: 'hotline_12345',
          projectId: 'warn-p1',
          employer: { name: '预警测试建筑有限公司', uscc: uscc(3701) },
          occurredFrom: '2026-02-01',
          occurredTo: '2026-02-28',
        }),
      );
      expect(complaint.body).toMatchObject({ merged: true, caseId: warningClue.caseId });
      expect(await conn.collection('clues').countDocuments({ sourceWarningId: 'w-3701' })).toBe(1);
      expect(await conn.collection('clues').countDocuments({ projectId: 'warn-p2' })).toBe(0);
    } finally {
      await conn.close();
    }
  });
});

describe('worker self-service', () => {
  const idNumber = residentId(3801);
  const phone = '13900003801';
  const body = {
    regionCode: '652301',
    reporter: { name: '自助工人', idNumber, phone },
    employer: { name: '自助测试劳务有限公司' },
    workerCount: 12,
    amountFen: 3_000_000,
    description: '包工头拖欠三个月工资',
  };

  it('follows a public clue with its access code, 404 with a wrong one, and shows nothing personal', async () => {
    const created = await p.request('POST', '/api/v1/public/clues', {
      body,
      headers: { 'Idempotency-Key': 'self-3801' },
    });
    expect(created.status).toBe(201);
    const { trackingCode, accessCode } = created.body;
    expect(trackingCode).toMatch(/^WG[A-Z2-9]{20}$/);
    const retried = await p.request('POST', '/api/v1/public/clues', {
      body,
      headers: { 'Idempotency-Key': 'self-3801' },
    });
    expect(retried.body).toEqual(created.body);

    const view = await p.request('GET', `/api/v1/public/clues/${trackingCode}`, {
      headers: { 'X-Access-Code': accessCode },
    });
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('filed');
    expect(view.body.steps[0].text).toBe('您反映的欠薪线索已收到');
    expect(view.body.steps.map((s: { text: string }) => s.text).join('；')).toMatch(/已受理/);
    for (const secret of [
      idNumber,
      idNumber.slice(-4),
      phone,
      phone.slice(-4),
      '自助工人',
      'clerk',
      'changji',
    ])
      expect(view.text).not.toContain(secret);

    expect(
      (
        await p.request('GET', `/api/v1/public/clues/${trackingCode}`, {
          headers: { 'X-Access-Code': 'WRONGCODE2' },
        })
      ).status,
    ).toBe(404);
    expect((await p.request('GET', `/api/v1/public/clues/${trackingCode}`)).status).toBe(404);
    expect(
      (
        await p.request('GET', `/api/v1/public/clues/WGAAAAAAAAAAAAAAAAAAAA`, {
          headers: { 'X-Access-Code': accessCode },
        })
      ).status,
    ).toBe(404);
  });

  it('rate limits the public endpoint', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++)
      statuses.push(
        (await p.request('POST', '/api/v1/public/clues', { body: { ...body, description: `第 ${i} 次` } }))
          .status,
      );
    expect(statuses).toContain(429);
  });
});

describe('inspection consumes clue, merge and routing events', () => {
  it('opens one inspection case per merged case, and replaying the intake topic changes nothing', async () => {
    const same = { employer: { name: '重放测试公司', uscc: uscc(3901) }, projectId: 'replay-p1' };
    const a = await post(clueBody(3901, same));
    const b = await post(clueBody(3902, { ...same, channel: 'union' }));
    expect(b.body.caseId).toBe(a.body.caseId);
    const conn = await mongoose
      .createConnection(databaseUrl(p.infra.mongoUrl, `${p.namespace}-inspection`))
      .asPromise();
    try {
      const cases = conn.collection('inspection_cases');
      await eventually(
        async () => ((await cases.findOne({ caseId: a.body.caseId })) ? true : undefined),
        60_000,
      );
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await cases.countDocuments({ caseId: a.body.caseId })).toBe(1);
      // The openings' own events have left their outboxes: the state is at rest before the replay.
      await eventually(async () =>
        (await cases.countDocuments({ 'outbox.0': { $exists: true } })) === 0 ? true : undefined,
      );
      const before = await cases.find({}).sort({ _id: 1 }).toArray();
      const replayer = await new ServiceProcess({
        name: 'inspection',
        infra: p.infra,
        namespace: p.namespace,
      }).start({
        KAFKA_GROUP_ID: `${p.namespace}.inspection-replay`,
      });
      try {
        const kafka = new Kafka({
          clientId: 'intake-replay',
          brokers: p.infra.kafkaBrokers,
          logLevel: logLevel.NOTHING,
        });
        const topic = `${p.namespace}.wage.intake.events.v1`;
        await eventually(async () => {
          const admin = kafka.admin();
          await admin.connect();
          const ends = await admin.fetchTopicOffsets(topic);
          const [group] = await admin.fetchOffsets({
            groupId: `${p.namespace}.inspection-replay`,
            topics: [topic],
          });
          await admin.disconnect();
          const behind = ends.some(
            (e) =>
              BigInt(e.high) > 0n &&
              BigInt(group!.partitions.find((x) => x.partition === e.partition)?.offset ?? '-1') <
                BigInt(e.high),
          );
          return behind ? undefined : true;
        }, 90_000);
      } finally {
        await replayer.stop();
      }
      expect(await cases.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
      // Other agencies learn of the opening once: one inspection.CaseOpened, none from the replay.
      const reader = await new TopicReader(TopicReader.kafka(p.infra.kafkaBrokers)).start(
        `${p.namespace}.wage.inspection.events.v1`,
      );
      try {
        const opened = await eventually(async () => {
          const found = reader.of('inspection.CaseOpened.v1', (e) => e.payload.caseId === a.body.caseId);
          return found.length > 0 ? found : undefined;
        }, 30_000);
        await new Promise((r) => setTimeout(r, 2_000));
        expect(reader.of('inspection.CaseOpened.v1', (e) => e.payload.caseId === a.body.caseId)).toHaveLength(
          1,
        );
        expect(opened[0]!.payload).toMatchObject({
          inspectionCaseId: before.find((c) => c.caseId === a.body.caseId)!._id,
          caseNo: a.body.caseNo,
        });
      } finally {
        await reader.stop();
      }
    } finally {
      await conn.close();
    }
  });
});
