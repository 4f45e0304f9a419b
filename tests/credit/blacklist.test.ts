// The blacklist procedure through the public REST contract, with the facts arriving as real inspection
// events on Kafka (gateway + credit + the other services on real infrastructure).
import { Kafka, logLevel } from 'kafkajs';
import { newId, toKafkaMessage, wrap } from '@wage/kit';
import { inspection } from '@wage/proto';
import { eventually } from '@wage/testing';
import { Platform } from '../support/platform';
import { uscc } from '../support/fixtures';

jest.setTimeout(180_000);
const p = new Platform();
beforeAll(() => p.start('credit-rest'));
afterAll(() => p.stop());

async function publishInspection(events: Parameters<typeof wrap>[0][]) {
  const kafka = new Kafka({
    clientId: 'credit-rest',
    brokers: p.infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: `${p.namespace}.wage.inspection.events.v1`,
    messages: events.map((e) => toKafkaMessage(wrap(e, { source: 'inspection' }))),
  });
  await producer.disconnect();
}

it('refuses a listing without the criteria, and lists for 3 years after notice and answer', async () => {
  const officer = await p.token('credit.xinjiang');
  const employerUscc = uscc(4242);
  const employer = inspection.EmployerRef.fromPartial({
    name: '昌吉某建设工程有限公司',
    uscc: employerUscc,
    legalRepresentative: '赵六',
  });
  const caseId = newId();

  // Arrears at the crime amount are confirmed, but no order has been ignored yet.
  await publishInspection([
    {
      type: 'inspection.ArrearsConfirmed.v1',
      subject: caseId,
      caseId,
      region: '652301',
      payload: inspection.ArrearsConfirmed.fromPartial({
        caseId,
        regionCode: '652301',
        employer,
        arrearsFen: '8000000',
        workerCount: 20,
      }),
    },
  ]);
  const profile = await eventually(async () => {
    const r = await p.request('GET', `/api/v1/credit/enterprises/${employerUscc}`, { token: officer });
    return r.status === 200 ? r : undefined;
  });
  expect(profile.body.blacklisted ?? false).toBe(false);

  const premature = await p.request('POST', '/api/v1/credit/blacklist', {
    token: officer,
    body: { uscc: employerUscc, caseId, reason: '拒不支付' },
  });
  expect(premature.status).toBe(422);
  expect(premature.body.detail).toMatch(/责令|order/);

  // The employer ignores the order to pay.
  await publishInspection([
    {
      type: 'inspection.PaymentOrderOverdue.v1',
      subject: caseId,
      caseId,
      region: '652301',
      payload: inspection.PaymentOrderOverdue.fromPartial({
        caseId,
        orderId: newId(),
        regionCode: '652301',
        employer,
        unpaidFen: '8000000',
        dueDate: '2026-10-01',
      }),
    },
  ]);
  const proposed = await eventually(async () => {
    const r = await p.request('POST', '/api/v1/credit/blacklist', {
      token: officer,
      body: { uscc: employerUscc, caseId, reason: '拒不支付劳动报酬' },
    });
    return r.status === 201 ? r : undefined;
  });
  expect(proposed.body).toMatchObject({
    status: 'notified',
    answerDueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  });
  const id = proposed.body.id as string;

  const early = await p.request('POST', `/api/v1/credit/blacklist/${id}/decision`, {
    token: officer,
    body: { decision: 'list' },
  });
  expect(early.status).toBe(422);

  expect(
    (
      await p.request('POST', `/api/v1/credit/blacklist/${id}/answer`, {
        token: officer,
        body: { statement: '资金困难，请求宽限' },
      })
    ).status,
  ).toBe(200);
  const listed = await p.request('POST', `/api/v1/credit/blacklist/${id}/decision`, {
    token: officer,
    body: { decision: 'list' },
  });
  expect(listed.status).toBe(200);

  const standing = await p.request('GET', `/api/v1/credit/enterprises/${employerUscc}`, {
    token: await p.token('finance.changji'),
  });
  expect(standing.body).toMatchObject({ blacklisted: true, rating: 'C' });
  const until = new Date(standing.body.listedUntil);
  expect(until.getFullYear() - new Date().getFullYear()).toBe(3);

  const check = await p.request(
    'GET',
    `/api/v1/credit/enterprises/${employerUscc}/restrictions?activity=procurement`,
    { token: await p.token('housing.changji') },
  );
  expect(check.body).toMatchObject({ allowed: false });
  expect(check.body.legalBasis.length).toBeGreaterThan(0);

  const removal = await p.request('POST', `/api/v1/credit/blacklist/${id}/removal`, {
    token: officer,
    body: { reason: '已足额支付', pledgeReference: 'CN-2026-001' },
  });
  expect(removal.status).toBe(422);

  const tl = await p.request('GET', `/api/v1/cases/${caseId}/timeline`, {
    token: await p.token('supervisor.xinjiang'),
  });
  expect(
    tl.body.items.filter((i: { service: string }) => i.service === 'credit').length,
  ).toBeGreaterThanOrEqual(3);
});

it('keeps the procedure to credit officers', async () => {
  const r = await p.request('POST', '/api/v1/credit/blacklist', {
    token: await p.token('inspector.changji'),
    body: { uscc: uscc(1), caseId: 'c1', reason: 'x' },
  });
  expect(r.status).toBe(403);
});
