// The credit service on the real local Kafka, MongoDB-protocol server and Keycloak: it runs as its own process;
// inspection's and mediation's integration events are published to their topics of this suite's namespace
// exactly as their outboxes publish them; credit's own events are read from its topic.
import type { Kafka, Producer } from 'kafkajs';
import mongoose from 'mongoose';
import { shanghaiDate } from '@wage/cn';
import { newId } from '@wage/kit';
import { inspection, mediation } from '@wage/proto';
import type { InfraEndpoints } from '@wage/local-infra';
import { databaseUrl, eventually, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import { creditClient, employer, message, refusal, TopicReader, uscc } from './support';

jest.setTimeout(180_000);

let infra: InfraEndpoints;
let namespace: string;
let svc: ServiceProcess;
let kafka: Kafka;
let producer: Producer;
let topic: TopicReader;
let api: ReturnType<typeof creditClient>;
const token = (user: string) => tokenFor(infra.keycloakUrl, user);
const REGION = '652301';

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('credit');
  svc = new ServiceProcess({ name: 'credit', infra, namespace, env: { CREDIT_SCAN_EVERY_MS: '300' } });
  await svc.start();
  kafka = TopicReader.kafka(infra.kafkaBrokers);
  producer = kafka.producer({ idempotent: true });
  await producer.connect();
  topic = await new TopicReader(kafka).start(`${namespace}.wage.credit.events.v1`);
  api = creditClient(svc.address);
});

afterAll(async () => {
  api?.close();
  await topic?.stop();
  await producer?.disconnect();
  await svc?.stop();
});

async function withDb<T>(fn: (db: mongoose.Connection) => Promise<T>): Promise<T> {
  const conn = await mongoose
    .createConnection(databaseUrl(infra.mongoUrl, `${namespace}-credit`))
    .asPromise();
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

const inspectionTopic = () => `${namespace}.wage.inspection.events.v1`;
let n = 0;
const all: string[] = [];

/** Inspection's findings on a new case for employer `n`: arrears, and optionally the ignored payment order. */
async function caseWith(
  arrearsFen: number,
  workerCount: number,
  opts: { ignored?: boolean; massIncident?: boolean } = {},
) {
  n += 1;
  const u = uscc(n);
  all.push(u);
  const caseId = newId();
  const emp = employer(u, n);
  const msgs = [
    message(
      'inspection.ArrearsConfirmed.v1',
      caseId,
      REGION,
      inspection.ArrearsConfirmed.fromPartial({
        caseId,
        regionCode: REGION,
        employer: emp,
        arrearsFen: String(arrearsFen),
        workerCount,
        massIncident: opts.massIncident ?? false,
      }),
    ),
  ];
  if (opts.ignored) {
    msgs.push(
      message(
        'inspection.PaymentOrderOverdue.v1',
        caseId,
        REGION,
        inspection.PaymentOrderOverdue.fromPartial({
          caseId,
          orderId: newId(),
          regionCode: REGION,
          employer: emp,
          unpaidFen: String(arrearsFen),
          dueDate: shanghaiDate(new Date(Date.now() - 86_400_000)),
        }),
      ),
    );
  }
  await producer.send({ topic: inspectionTopic(), messages: msgs });
  const reader = await token('finance.changji');
  await eventually(async () => {
    try {
      const s = await api.standing(u, reader);
      return s.violations >= msgs.length ? s : undefined;
    } catch {
      return undefined;
    }
  });
  return { uscc: u, caseId, emp };
}

async function listed() {
  const c = await caseWith(12_000_000, 12, { ignored: true });
  const officer = await token('credit.xinjiang');
  const p = await api.propose(
    { uscc: c.uscc, caseId: c.caseId, reason: '拒不支付农民工工资', responsiblePersons: ['项目经理王五'] },
    officer,
    `p-${c.caseId}`,
  );
  await api.answer({ id: p.id, statement: '', waived: true }, officer, `a-${p.id}`);
  const l = await api.decide({ id: p.id, decision: 'list' }, officer, `d-${p.id}`);
  return { ...c, proposal: l };
}

describe('a listing proposal needs the criteria (Xinjiang dev figures: ¥10,000 one worker, ¥60,000 for 10 workers)', () => {
  it('is refused naming the missing criterion', async () => {
    const officer = await token('credit.xinjiang');
    const below = await caseWith(2_000_000, 3);
    const both = await refusal(
      api.propose({ uscc: below.uscc, caseId: below.caseId, reason: '欠薪' }, officer),
    );
    expect(both.kind).toBe('rule_violation');
    expect(both.errors.map((e) => e.field)).toEqual([
      'crime_amount_or_mass_incident',
      'ignored_payment_order',
    ]);

    const noOrder = await caseWith(6_000_000, 10);
    const e = await refusal(
      api.propose({ uscc: noOrder.uscc, caseId: noOrder.caseId, reason: '欠薪' }, officer),
    );
    expect(e.errors.map((x) => x.field)).toEqual(['ignored_payment_order']);
    expect(e.detail).toContain('逾期');

    const belowButIgnored = await caseWith(5_999_999, 10, { ignored: true });
    const f = await refusal(
      api.propose({ uscc: belowButIgnored.uscc, caseId: belowButIgnored.caseId, reason: '欠薪' }, officer),
    );
    expect(f.errors.map((x) => x.field)).toEqual(['crime_amount_or_mass_incident']);
  });

  it('is for the credit office only', async () => {
    const c = await caseWith(12_000_000, 12, { ignored: true });
    expect(
      (
        await refusal(
          api.propose({ uscc: c.uscc, caseId: c.caseId, reason: 'x' }, await token('inspector.changji')),
        )
      ).kind,
    ).toBe('permission_denied');
  });

  it('accepts a mass incident below the crime amount', async () => {
    const c = await caseWith(300_000, 3, { ignored: true, massIncident: true });
    const p = await api.propose(
      { uscc: c.uscc, caseId: c.caseId, reason: '引发群体性事件' },
      await token('credit.xinjiang'),
    );
    expect(p.status).toBe('notified');
  });
});

describe('the blacklist procedure', () => {
  it('notifies, refuses a decision before the answer or its due date, and after the answer lists for 3 years', async () => {
    const c = await caseWith(12_000_000, 12, { ignored: true });
    const officer = await token('credit.xinjiang');
    const p = await api.propose(
      { uscc: c.uscc, caseId: c.caseId, reason: '拒不支付农民工工资', responsiblePersons: ['项目经理王五'] },
      officer,
      `p-${c.caseId}`,
    );
    expect(p).toMatchObject({
      status: 'notified',
      enterpriseName: c.emp.name,
      legalRepresentative: c.emp.legalRepresentative,
    });
    expect(p.answerDueDate > shanghaiDate(new Date())).toBe(true);
    expect(
      await api.propose(
        {
          uscc: c.uscc,
          caseId: c.caseId,
          reason: '拒不支付农民工工资',
          responsiblePersons: ['项目经理王五'],
        },
        officer,
        `p-${c.caseId}`,
      ),
    ).toMatchObject({ id: p.id });

    const early = await refusal(api.decide({ id: p.id, decision: 'list' }, officer));
    expect(early.kind).toBe('rule_violation');
    expect(early.detail).toContain(p.answerDueDate);

    await api.answer({ id: p.id, statement: '资金链断裂，正在筹款', waived: false }, officer, `a-${p.id}`);
    const l = await api.decide({ id: p.id, decision: 'list' }, officer, `d-${p.id}`);
    const today = shanghaiDate(new Date());
    const until = `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`;
    expect(l).toMatchObject({ status: 'listed', listedFrom: today });
    expect(l.listedUntil < until && l.listedUntil >= `${Number(today.slice(0, 4)) + 3}`).toBe(true);

    const standing = await eventually(async () => {
      const s = await api.standing(c.uscc, await token('finance.changji'));
      return s.blacklisted ? s : undefined;
    });
    expect(standing).toMatchObject({
      rating: 'C',
      listedUntil: l.listedUntil,
      wageRecord: { arrearsLastTwoYears: true, cleanYears: 0 },
    });
    expect(standing.ratingReasons.map((r) => r.rule)).toEqual(
      expect.arrayContaining(['listed', 'order_ignored']),
    );
    expect(standing.restrictions.length).toBeGreaterThan(0);

    const check = await api.check(c.uscc, 'procurement', await token('housing.changji'));
    expect(check).toMatchObject({
      allowed: false,
      restriction: '限制参加政府采购活动',
      listedUntil: l.listedUntil,
    });
    expect(check.legalBasis.join()).toContain('国务院令第724号');

    for (const type of [
      'credit.ListingProposed.v1',
      'credit.EmployerNotified.v1',
      'credit.AnswerRecorded.v1',
      'credit.EnterpriseListed.v1',
    ] as const) {
      await topic.waitFor(type, (e) => e.envelope.caseId === c.caseId);
    }
    const listedEvent = topic.of('credit.EnterpriseListed.v1', (e) => e.envelope.caseId === c.caseId)[0];
    expect(listedEvent?.payload).toMatchObject({
      legalRepresentative: c.emp.legalRepresentative,
      responsiblePersons: ['项目经理王五'],
    });
    await topic.waitFor(
      'credit.RatingChanged.v1',
      (e) => e.payload.uscc === c.uscc && e.payload.rating === 'C',
    );

    const timeline = await api.timeline(c.caseId, await token('supervisor.xinjiang'));
    expect(timeline.items.map((i) => i.type)).toEqual([
      'credit.ListingProposed',
      'credit.EmployerNotified',
      'credit.AnswerRecorded',
      'credit.EnterpriseListed',
    ]);
    const stats = await api.statistics(
      { regionCode: '650000', from: today, to: today },
      await token('supervisor.xinjiang'),
    );
    expect(
      Number(stats.byRegion.find((r) => r.regionCode === REGION)?.figures.blacklisted),
    ).toBeGreaterThanOrEqual(1);

    const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
    const list = await api.disclosures(
      { regionCode: '652300', year: Number(today.slice(0, 4)), number: quarter, format: 'csv' },
      await token('credit.xinjiang'),
    );
    expect(list.items.find((i) => i.uscc === c.uscc)).toMatchObject({
      name: c.emp.name,
      legalRepresentative: c.emp.legalRepresentative,
    });
    expect(list.csv).toContain(c.uscc);
    expect(list.csv.split('\r\n')[0]).toContain('统一社会信用代码');
  });

  it('decides without an answer once the answer period has passed', async () => {
    const c = await caseWith(12_000_000, 12, { ignored: true });
    const officer = await token('credit.xinjiang');
    const p = await api.propose({ uscc: c.uscc, caseId: c.caseId, reason: '拒不支付' }, officer);
    await withDb((db) =>
      db
        .collection('listing_proposals')
        .updateOne({ _id: p.id as never }, { $set: { answerDueAt: new Date(Date.now() - 60_000) } }),
    );
    expect(await api.decide({ id: p.id, decision: 'drop', reason: '已全额支付' }, officer)).toMatchObject({
      status: 'dropped',
    });
    await topic.waitFor('credit.ListingDropped.v1', (e) => e.payload.proposalId === p.id);
  });
});

describe('early removal and expiry (stored dates moved back, as for a listing made months ago)', () => {
  it('is refused before 6 clean months and allowed after', async () => {
    const c = await listed();
    const officer = await token('credit.xinjiang');
    const unpaid = await refusal(
      api.remove({ id: c.proposal.id, reason: '已整改', pledgeReference: '信用承诺书 2026-01' }, officer),
    );
    expect(unpaid.errors.map((e) => e.field)).toEqual(['paid_in_full', 'clean_months']);

    await producer.send({
      topic: inspectionTopic(),
      messages: [
        message(
          'inspection.PaymentRecorded.v1',
          c.caseId,
          REGION,
          inspection.PaymentRecorded.fromPartial({
            caseId: c.caseId,
            regionCode: REGION,
            employer: c.emp,
            paidFen: '12000000',
            payer: 'employer',
            outstandingFen: '0',
          }),
        ),
      ],
    });
    await eventually(async () => {
      const e = await refusal(
        api.remove({ id: c.proposal.id, reason: '已整改', pledgeReference: '信用承诺书 2026-01' }, officer),
      );
      return e.errors.map((x) => x.field).join() === 'clean_months' ? e : undefined;
    });

    const sevenMonthsAgo = new Date(Date.now() - 213 * 86_400_000);
    await withDb((db) =>
      db
        .collection('listing_proposals')
        .updateOne({ _id: c.proposal.id as never }, { $set: { listedAt: sevenMonthsAgo } }),
    );
    const noPledge = await refusal(
      api.remove({ id: c.proposal.id, reason: '已整改', pledgeReference: '' }, officer),
    );
    expect(noPledge.errors.map((e) => e.field)).toEqual(['integrity_pledge']);
    const removed = await api.remove(
      { id: c.proposal.id, reason: '已全额支付并作出信用承诺', pledgeReference: '信用承诺书 2026-01' },
      officer,
      `r-${c.proposal.id}`,
    );
    expect(removed.status).toBe('removed');
    await topic.waitFor('credit.EnterpriseRemoved.v1', (e) => e.payload.proposalId === c.proposal.id);
    const s = await api.standing(c.uscc, await token('finance.changji'));
    expect(s.blacklisted).toBe(false);
    expect((await api.check(c.uscc, 'bidding', await token('housing.changji'))).allowed).toBe(true);
  });

  it('a listing expires after its 3 years, published once', async () => {
    const c = await listed();
    await withDb((db) =>
      db
        .collection('listing_proposals')
        .updateOne(
          { _id: c.proposal.id as never },
          { $set: { listedUntilAt: new Date(Date.now() - 1_000) } },
        ),
    );
    await topic.waitFor('credit.ListingExpired.v1', (e) => e.payload.proposalId === c.proposal.id);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(topic.of('credit.ListingExpired.v1', (e) => e.payload.proposalId === c.proposal.id)).toHaveLength(
      1,
    );
    expect((await api.get(c.proposal.id, await token('credit.xinjiang'))).status).toBe('expired');
  });
});

describe('ratings from mediation events', () => {
  it('an unpaid award makes the employer C with the reason shown; payment is recorded', async () => {
    n += 1;
    const u = uscc(n);
    all.push(u);
    const caseId = newId();
    await producer.send({
      topic: `${namespace}.wage.mediation.events.v1`,
      messages: [
        message(
          'mediation.AwardUnpaid.v1',
          caseId,
          REGION,
          mediation.AwardUnpaid.fromPartial({
            arbitrationCaseId: newId(),
            caseId,
            regionCode: REGION,
            employer: { name: '某餐饮公司', uscc: u },
            amountFen: '860000',
            awardFen: '860000',
            final: true,
          }),
        ),
      ],
    });
    const s = await eventually(async () =>
      api.standing(u, await token('mediator.changji')).catch(() => undefined),
    );
    expect(s).toMatchObject({ rating: 'C', blacklisted: false });
    expect(s.ratingReasons[0]).toMatchObject({ rule: 'award_unpaid', caseId });
  });
});

describe('replay', () => {
  it('events replayed from offset 0 give the same ratings and lists', async () => {
    const reader = await token('supervisor.xinjiang');
    const snapshot = async (client: ReturnType<typeof creditClient>) =>
      Promise.all(
        all.map(async (u) => {
          const s = await client.standing(u, reader);
          return {
            uscc: u,
            rating: s.rating,
            blacklisted: s.blacklisted,
            violations: s.violations,
            reasons: s.ratingReasons.map((r) => r.rule).sort(),
          };
        }),
      );
    const before = await snapshot(api);
    const listsBefore = (await api.list({ limit: 200 }, await token('credit.xinjiang'))).items.map((p) => [
      p.id,
      p.status,
      p.listedUntil,
    ]);

    // The same service, a fresh consumer group: every event again from offset 0; nothing changes.
    await svc.stop();
    await svc.start({ KAFKA_GROUP_ID: `${namespace}-replay-${Date.now()}` });
    const sentinel = await caseWith(100_000, 1);
    all.pop();
    expect(sentinel.uscc).toBeTruthy();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await snapshot(api)).toEqual(before);
    expect(
      (await api.list({ limit: 200 }, await token('credit.xinjiang'))).items.map((p) => [
        p.id,
        p.status,
        p.listedUntil,
      ]),
    ).toEqual(listsBefore);

    // A second instance on an empty database rebuilds the same ratings from the topics alone (listings are
    // the credit office's own decisions, kept in its database, so compare enterprises not listed today).
    const fresh = new ServiceProcess({
      name: 'credit',
      infra,
      namespace,
      env: {
        KAFKA_GROUP_ID: `${namespace}-rebuild`,
        MONGO_URL: databaseUrl(infra.mongoUrl, `${namespace}-credit-rebuild`),
      },
    });
    await fresh.start();
    const other = creditClient(fresh.address);
    try {
      const expected = before.filter((b) => !b.blacklisted);
      const rebuilt = await eventually(async () => {
        const got = await snapshot(other).catch(() => undefined);
        const mine = got?.filter((g) => expected.some((e) => e.uscc === g.uscc));
        return mine && JSON.stringify(mine) === JSON.stringify(expected) ? mine : undefined;
      }, 60_000);
      expect(rebuilt).toEqual(expected);
    } finally {
      other.close();
      await fresh.stop();
    }
  });
});
