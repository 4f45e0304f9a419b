// Mediation, arbitration and the court steps on the real local Kafka, MongoDB-protocol server and Keycloak:
// the service runs as its own process; events are read from its topic; intake's routing events are published
// to the intake topic of this suite's namespace exactly as intake publishes them.
import type { Kafka, Producer } from 'kafkajs';
import mongoose from 'mongoose';
import { newId, toKafkaMessage, wrap } from '@wage/kit';
import { intake } from '@wage/proto';
import type { InfraEndpoints } from '@wage/local-infra';
import { databaseUrl, eventually, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import { daysFromToday, mediationClient, refusal, residentId, TopicReader, uscc } from './support';

jest.setTimeout(180_000);

let infra: InfraEndpoints;
let namespace: string;
let svc: ServiceProcess;
let kafka: Kafka;
let producer: Producer;
let topic: TopicReader;
let api: ReturnType<typeof mediationClient>;
const token = (user: string) => tokenFor(infra.keycloakUrl, user);

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('mediation');
  svc = new ServiceProcess({ name: 'mediation', infra, namespace, env: { MEDIATION_SCAN_EVERY_MS: '300' } });
  await svc.start();
  kafka = TopicReader.kafka(infra.kafkaBrokers);
  producer = kafka.producer({ idempotent: true });
  await producer.connect();
  topic = await new TopicReader(kafka).start(`${namespace}.wage.mediation.events.v1`);
  api = mediationClient(svc.address);
});

afterAll(async () => {
  api?.close();
  await topic?.stop();
  await producer?.disconnect();
  await svc?.stop();
});

let n = 0;
/** A mediator opens a dispute in Changji (昌吉市) for applicant and employer number `n`. */
async function openCase(claimFen: number, over: { regionCode?: string } = {}) {
  n += 1;
  return api.open(
    {
      regionCode: over.regionCode ?? '652301',
      applicant: { name: `工人${n}`, idNumber: residentId(n), phone: `139${String(n).padStart(8, '0')}` },
      employer: { name: `昌吉第${n}劳务公司`, uscc: uscc(n) },
      claimFen: String(claimFen),
    },
    await token('mediator.changji'),
    `open-${namespace}-${n}`,
  );
}

/** Mediation fails; the arbitration case is accepted and heard. */
async function arbitrationReadyForAward(claimFen: number) {
  const m = await openCase(claimFen);
  const { arbitrationCaseId } = await api.fail(
    { id: m.id, reason: '双方对金额分歧过大' },
    await token('mediator.changji'),
    `fail-${m.id}`,
  );
  const arbitrator = await token('arbitrator.changji');
  await api.decideAcceptance(
    { id: arbitrationCaseId, decision: 'accepted' },
    arbitrator,
    `accept-${arbitrationCaseId}`,
  );
  await api.scheduleHearing(
    {
      id: arbitrationCaseId,
      hearingAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      place: '昌吉市劳动人事争议仲裁院第一仲裁庭',
    },
    arbitrator,
    `hearing-${arbitrationCaseId}`,
  );
  return { mediationCase: m, arbitrationCaseId };
}

/** intake.CaseRouted.v1 exactly as intake's outbox publishes it, on the intake topic of this namespace. */
function routedEvent(caseId: string, regionCode: string, route = intake.Route.ROUTE_MEDIATION) {
  const env = wrap(
    {
      type: 'intake.CaseRouted.v1',
      subject: newId(),
      caseId,
      region: regionCode,
      payload: intake.CaseRouted.fromPartial({
        caseId,
        caseNo: `${regionCode}-2026-${String(++n).padStart(6, '0')}`,
        route,
        reason: '个人劳动报酬争议，转调解',
        regionCode,
        employer: { name: '某餐饮管理有限公司', uscc: uscc(900 + n, regionCode) },
        workerCount: 1,
        amountFen: '860000',
      }),
    },
    { source: 'intake' },
  );
  return toKafkaMessage(env);
}

async function publishToIntake(...messages: ReturnType<typeof routedEvent>[]) {
  await producer.send({ topic: `${namespace}.wage.intake.events.v1`, messages });
}

describe('一裁终局 around 12 months of Xinjiang’s minimum wage (¥1,900 × 12 = ¥22,800)', () => {
  it('an award on a claim just under the threshold is final for the employer', async () => {
    const { arbitrationCaseId } = await arbitrationReadyForAward(2_279_999);
    const res = await api.award(
      { id: arbitrationCaseId, awardFen: '2000000' },
      await token('arbitrator.changji'),
      `award-${arbitrationCaseId}`,
    );
    expect(res).toMatchObject({ final: true, thresholdFen: '2280000' });
    expect(res.arbitrationCase).toMatchObject({ status: 'awarded', final: true, awardFen: '2000000' });
    const issued = await topic.waitFor(
      'mediation.AwardIssued.v1',
      (e) => e.payload.arbitrationCaseId === arbitrationCaseId,
    );
    expect(issued.payload).toMatchObject({ final: true, claimFen: '2279999', thresholdFen: '2280000' });
    expect(issued.payload.employer?.uscc).toMatch(/^91652301MA/);
  });

  it('an award on a claim just over the threshold is not final', async () => {
    const { arbitrationCaseId } = await arbitrationReadyForAward(2_280_001);
    const res = await api.award(
      { id: arbitrationCaseId, awardFen: '2280001' },
      await token('arbitrator.changji'),
      `award-${arbitrationCaseId}`,
    );
    expect(res).toMatchObject({ final: false, thresholdFen: '2280000' });
    const issued = await topic.waitFor(
      'mediation.AwardIssued.v1',
      (e) => e.payload.arbitrationCaseId === arbitrationCaseId,
    );
    expect(issued.payload.final).toBe(false);
  });

  it('refuses an award from a mediator, and an award above the claim', async () => {
    const { arbitrationCaseId } = await arbitrationReadyForAward(100_000);
    expect(
      (await refusal(api.award({ id: arbitrationCaseId, awardFen: '1000' }, await token('mediator.changji'))))
        .kind,
    ).toBe('permission_denied');
    const over = await refusal(
      api.award({ id: arbitrationCaseId, awardFen: '100001' }, await token('arbitrator.changji')),
    );
    expect(over.kind).toBe('rule_violation');
    expect(over.errors.map((e) => e.field)).toEqual(['awardFen']);
  });
});

describe('a failed mediation opens exactly one arbitration case', () => {
  it('also when the request is retried, concurrently and afterwards', async () => {
    const m = await openCase(500_000);
    const mediator = await token('mediator.changji');
    const key = `failure-${m.id}`;
    const answers = await Promise.all(
      [1, 2, 3].map(() => api.fail({ id: m.id, reason: '用人单位拒绝调解' }, mediator, key)),
    );
    const again = await api.fail({ id: m.id, reason: '用人单位拒绝调解' }, mediator, key);
    const ids = new Set([...answers, again].map((a) => a.arbitrationCaseId));
    expect(ids.size).toBe(1);
    const [arbitrationCaseId] = [...ids];
    expect(again.mediationCase).toMatchObject({ status: 'failed', arbitrationCaseId });

    // The same key with another request, and a second failure without the key, are refused.
    expect((await refusal(api.fail({ id: m.id, reason: '另一个理由' }, mediator, key))).kind).toBe(
      'rule_violation',
    );
    expect((await refusal(api.fail({ id: m.id, reason: '用人单位拒绝调解' }, mediator))).kind).toBe(
      'rule_violation',
    );

    const arbitration = await api.getArbitration(
      { id: arbitrationCaseId! },
      await token('arbitrator.changji'),
    );
    expect(arbitration).toMatchObject({
      status: 'applied',
      mediationCaseId: m.id,
      caseId: m.caseId,
      claimFen: '500000',
    });
    const all = await api.listArbitrations({ limit: 200 }, await token('arbitrator.changji'));
    expect(all.items.filter((a) => a.mediationCaseId === m.id)).toHaveLength(1);

    await topic.waitFor('mediation.ArbitrationOpened.v1', (e) => e.payload.mediationCaseId === m.id);
    await topic.waitFor('mediation.MediationFailed.v1', (e) => e.payload.mediationCaseId === m.id);
    await new Promise((r) => setTimeout(r, 1_500)); // anything published twice would show up by now
    expect(
      topic.of('mediation.ArbitrationOpened.v1', (e) => e.payload.mediationCaseId === m.id),
    ).toHaveLength(1);
    expect(topic.of('mediation.MediationFailed.v1', (e) => e.payload.mediationCaseId === m.id)).toHaveLength(
      1,
    );
  });
});

describe('unpaid awards and agreements', () => {
  it('an unpaid award is published once for credit and appears on the case timeline; enforcement recovers it', async () => {
    const { mediationCase, arbitrationCaseId } = await arbitrationReadyForAward(1_200_000);
    const arbitrator = await token('arbitrator.changji');
    // An award made on paper whose date to pay has passed.
    await api.award(
      { id: arbitrationCaseId, awardFen: '1000000', payBy: daysFromToday(-1) },
      arbitrator,
      `award-${arbitrationCaseId}`,
    );

    const unpaid = await topic.waitFor(
      'mediation.AwardUnpaid.v1',
      (e) => e.payload.arbitrationCaseId === arbitrationCaseId,
    );
    expect(unpaid.envelope.caseId).toBe(mediationCase.caseId);
    expect(unpaid.payload).toMatchObject({
      caseId: mediationCase.caseId,
      amountFen: '1000000',
      awardFen: '1000000',
      final: true,
    });
    expect(unpaid.payload.employer).toEqual({
      name: mediationCase.employer!.name,
      uscc: mediationCase.employer!.uscc,
    });

    const timeline = await api.timeline(mediationCase.caseId, await token('supervisor.changji'));
    const types = timeline.items.map((i) => i.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'mediation.CaseOpened',
        'mediation.MediationFailed',
        'mediation.ArbitrationOpened',
        'mediation.AwardIssued',
        'mediation.AwardUnpaid',
      ]),
    );
    expect(timeline.items.find((i) => i.type === 'mediation.AwardUnpaid')).toMatchObject({
      agency: 'arbitration',
    });
    const times = timeline.items.map((i) => i.at!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(JSON.stringify(timeline)).not.toContain(residentId(n)); // no personal data on the timeline

    await new Promise((r) => setTimeout(r, 1_500)); // several scheduler passes later: still once
    expect(
      topic.of('mediation.AwardUnpaid.v1', (e) => e.payload.arbitrationCaseId === arbitrationCaseId),
    ).toHaveLength(1);

    // A late partial payment reduces what is outstanding; the court enforces the rest and its recovery pays the award.
    const partly = await api.payAward(
      { id: arbitrationCaseId, paidFen: '400000' },
      arbitrator,
      `pay-${arbitrationCaseId}`,
    );
    expect(partly).toMatchObject({ paidFen: '400000', outstandingFen: '600000', unpaid: true });
    const enforcement = await api.requestEnforcement(
      arbitrationCaseId,
      arbitrator,
      `enforce-${arbitrationCaseId}`,
    );
    expect(enforcement).toMatchObject({ kind: 'enforcement', status: 'requested', amountFen: '600000' });
    const judge = await token('judge.changji');
    await api.decideEnforcement(
      { id: enforcement.id, decision: 'accepted' },
      judge,
      `decide-${enforcement.id}`,
    );
    const done = await api.concludeEnforcement(
      { id: enforcement.id, outcome: 'enforced', recoveredFen: '600000' },
      judge,
      `outcome-${enforcement.id}`,
    );
    expect(done.status).toBe('enforced');
    const paid = await api.getArbitration({ id: arbitrationCaseId }, arbitrator);
    expect(paid).toMatchObject({ paidFen: '1000000', outstandingFen: '0', enforcementId: enforcement.id });
    const payment = await topic.waitFor(
      'mediation.PaymentRecorded.v1',
      (e) => e.payload.subjectId === arbitrationCaseId && e.payload.via === 'enforcement',
    );
    expect(payment.payload).toMatchObject({ paidFen: '600000', outstandingFen: '0', subjectKind: 'award' });
  });

  it('an unpaid agreement is published once and may go to court for a payment order (支付令)', async () => {
    const m = await openCase(300_000);
    const mediator = await token('mediator.changji');
    const agreed = await api.agree(
      { id: m.id, agreedFen: '250000', payBy: daysFromToday(-1) },
      mediator,
      `agree-${m.id}`,
    );
    expect(agreed).toMatchObject({ status: 'agreed', agreedFen: '250000', outstandingFen: '250000' });

    const unpaid = await topic.waitFor(
      'mediation.AgreementUnpaid.v1',
      (e) => e.payload.mediationCaseId === m.id,
    );
    expect(unpaid.payload).toMatchObject({
      caseId: m.caseId,
      amountFen: '250000',
      employer: { uscc: m.employer!.uscc },
    });

    const order = await api.requestPaymentOrder(m.id, mediator, `order-${m.id}`);
    expect(order).toMatchObject({
      kind: 'payment_order',
      status: 'requested',
      amountFen: '250000',
      sourceId: m.id,
    });
    expect((await api.requestPaymentOrder(m.id, mediator, `order-${m.id}`)).id).toBe(order.id);
    const issued = await api.decidePaymentOrder(
      { id: order.id, decision: 'issued' },
      await token('judge.changji'),
      `po-${order.id}`,
    );
    expect(issued.status).toBe('issued');
    expect(issued.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await topic.waitFor('mediation.PaymentOrderDecided.v1', (e) => e.payload.paymentOrderId === order.id);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(topic.of('mediation.AgreementUnpaid.v1', (e) => e.payload.mediationCaseId === m.id)).toHaveLength(
      1,
    );
  });
});

describe('deadlines passed (stored deadlines backdated, as for a case opened weeks ago)', () => {
  async function withDb<T>(fn: (db: mongoose.Connection) => Promise<T>): Promise<T> {
    const conn = await mongoose
      .createConnection(databaseUrl(infra.mongoUrl, `${namespace}-mediation`))
      .asPromise();
    try {
      return await fn(conn);
    } finally {
      await conn.close();
    }
  }
  const past = () => new Date(Date.now() - 86_400_000);

  it('a mediation past its 15 days goes to arbitration by itself; an unanswered application is published overdue', async () => {
    const m = await openCase(70_000);
    await withDb((db) =>
      db.collection('mediation_cases').updateOne({ _id: m.id as never }, { $set: { dueAt: past() } }),
    );

    const failed = await topic.waitFor(
      'mediation.MediationFailed.v1',
      (e) => e.payload.mediationCaseId === m.id,
    );
    expect(failed.payload).toMatchObject({ expired: true, caseId: m.caseId });
    const arbitrationCaseId = failed.payload.arbitrationCaseId;
    await topic.waitFor(
      'mediation.ArbitrationOpened.v1',
      (e) => e.payload.arbitrationCaseId === arbitrationCaseId,
    );
    expect(await api.getCase({ id: m.id }, await token('mediator.changji'))).toMatchObject({
      status: 'expired',
      arbitrationCaseId,
    });

    await withDb((db) =>
      db
        .collection('arbitration_cases')
        .updateOne({ _id: arbitrationCaseId as never }, { $set: { acceptanceDueAt: past() } }),
    );
    const overdue = await topic.waitFor(
      'mediation.StepOverdue.v1',
      (e) => e.payload.subjectId === arbitrationCaseId,
    );
    expect(overdue.payload).toMatchObject({ step: 'arbitration.acceptance', caseId: m.caseId });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(
      topic.of('mediation.StepOverdue.v1', (e) => e.payload.subjectId === arbitrationCaseId),
    ).toHaveLength(1);
    const timeline = await api.timeline(m.caseId, await token('supervisor.xinjiang'));
    expect(timeline.items.map((i) => i.type)).toEqual(
      expect.arrayContaining(['mediation.MediationFailed', 'mediation.StepOverdue']),
    );
  });
});

describe('cases routed from intake', () => {
  it('opens one mediation case even when the routing event is delivered twice', async () => {
    const caseId = newId();
    const message = routedEvent(caseId, '652301');
    await publishToIntake(message, message); // the same envelope twice: a redelivery
    await publishToIntake(routedEvent(caseId, '652301')); // and another routing of the same case
    const mediator = await token('mediator.changji');
    const opened = await eventually(() => api.getCase({ caseId }, mediator).catch(() => undefined));
    expect(opened).toMatchObject({
      caseId,
      source: 'routed',
      status: 'open',
      claimFen: '860000',
      regionCode: '652301',
    });
    expect(opened.applicant).toMatchObject({ name: '', idNumber: '' });

    await topic.waitFor('mediation.CaseOpened.v1', (e) => e.payload.caseId === caseId);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(topic.of('mediation.CaseOpened.v1', (e) => e.payload.caseId === caseId)).toHaveLength(1);
    const listed = await api.listCases({ status: 'open', limit: 200 }, mediator);
    expect(listed.items.filter((c) => c.caseId === caseId)).toHaveLength(1);
  });

  it('ignores cases routed to inspection', async () => {
    const caseId = newId();
    const marker = newId();
    await publishToIntake(
      routedEvent(caseId, '652301', intake.Route.ROUTE_INSPECTION),
      routedEvent(marker, '652301'),
    );
    const mediator = await token('mediator.changji');
    await eventually(() => api.getCase({ caseId: marker }, mediator).catch(() => undefined));
    expect((await refusal(api.getCase({ caseId }, mediator))).kind).toBe('not_found');
  });
});

describe('region isolation and personal data', () => {
  it('hides a Lanzhou case from Changji and Xinjiang officials (not found, not listed, empty timeline)', async () => {
    const caseId = newId();
    await publishToIntake(routedEvent(caseId, '620102'));
    await topic.waitFor('mediation.CaseOpened.v1', (e) => e.payload.caseId === caseId);
    for (const user of ['mediator.changji', 'arbitrator.changji', 'supervisor.xinjiang']) {
      const t = await token(user);
      expect((await refusal(api.getCase({ caseId }, t))).kind).toBe('not_found');
      expect((await api.listCases({ limit: 200 }, t)).items.some((c) => c.caseId === caseId)).toBe(false);
    }
    const timeline = await api.timeline(caseId, await token('supervisor.xinjiang'));
    expect(timeline).toMatchObject({ regionCode: '', items: [] });
    const m = (await api.listCases({ limit: 200 }, await token('mediator.changji'))).items[0]!;
    expect((await api.getCase({ id: m.id }, await token('supervisor.xinjiang'))).id).toBe(m.id);
  });

  it('refuses to open a case outside the mediator’s region, and reads by other agencies’ roles', async () => {
    expect((await refusal(openCase(10_000, { regionCode: '620102' }))).kind).toBe('permission_denied');
    const m = await openCase(10_000);
    expect((await refusal(api.getCase({ id: m.id }, await token('inspector.changji')))).kind).toBe(
      'permission_denied',
    );
  });

  it('stores ID numbers and phones encrypted, answers them masked, and unmasks only for a pii-reader', async () => {
    const m = await openCase(20_000);
    const id = residentId(n);
    expect(m.applicant).toMatchObject({
      idNumber: `${id.slice(0, 6)}********${id.slice(14)}`,
      phone: expect.stringMatching(/^139\*{4}\d{4}$/),
    });
    expect(
      (await refusal(api.getCase({ id: m.id, unmask: true }, await token('mediator.changji')))).kind,
    ).toBe('permission_denied');
    const full = await api.getCase({ id: m.id, unmask: true }, await token('supervisor.xinjiang'));
    expect(full.applicant?.idNumber).toBe(id);

    const conn = await mongoose
      .createConnection(databaseUrl(infra.mongoUrl, `${namespace}-mediation`))
      .asPromise();
    try {
      const raw = await conn.collection('mediation_cases').findOne({ _id: m.id as never });
      expect(JSON.stringify(raw)).not.toContain(id);
      expect(raw?.applicant?.idNumberEnc).toBeTruthy();
    } finally {
      await conn.close();
    }
  });

  it('rejects bad input with field-level reasons and stores nothing', async () => {
    const err = await refusal(
      api.open(
        {
          regionCode: '999999',
          applicant: { name: '', idNumber: '652301198801010000', phone: '12' },
          employer: { name: '某', uscc: 'X' },
          claimFen: '-5',
        },
        await token('mediator.changji'),
      ),
    );
    expect(err.kind).toBe('invalid_argument');
    expect(err.errors.map((e) => e.field).sort()).toEqual(
      [
        'applicant.idNumber',
        'applicant.name',
        'applicant.phone',
        'claimFen',
        'employer.name',
        'employer.uscc',
        'regionCode',
      ].sort(),
    );
  });
});

describe('statistics for the gateway', () => {
  it('counts mediation cases and agreements per county', async () => {
    const supervisor = await token('supervisor.changji');
    const today = daysFromToday(0);
    const stats = await api.statistics(
      { regionCode: '652300', from: daysFromToday(-1), to: today },
      supervisor,
    );
    const changji = stats.byRegion.find((r) => r.regionCode === '652301');
    expect(Number(changji?.figures['mediation.cases'])).toBeGreaterThanOrEqual(8);
    expect(Number(changji?.figures['mediation.agreed'])).toBeGreaterThanOrEqual(1);
    expect(stats.byRegion.some((r) => r.regionCode === '620102')).toBe(false);
  });
});
