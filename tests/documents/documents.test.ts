// Every inspection act on paper, and rosters uploaded as Excel, end to end through the gateway on real Kafka, MongoDB and Keycloak: the
// act is issued over REST, its PDF fetched, and its text read back with a PDF text library.
import ExcelJS from 'exceljs';
import { pdfText } from '@wage/testing';
import { Platform } from '../support/platform';
import { residentId, uscc } from '../support/fixtures';
import { daysFromToday, financeApi, openCase } from '../inspection/support';

jest.setTimeout(300_000);
const p = new Platform();
beforeAll(async () => {
  await p.start('documents', {
    connected: true, // named workers are checked against finance's roster, as in production
    // A loaded CI machine answers slowly; the test is about documents, not latency.
    env: { inspection: { INSPECTION_SCAN_EVERY_MS: '1000' }, gateway: { UPSTREAM_DEADLINE_MS: '30000' } },
  });
});
afterAll(() => p.stop());

const I = 'inspector.changji';
const post = async (user: string, path: string, body: unknown) =>
  p.request('POST', `/api/v1${path}`, { token: await p.token(user), body });
const get = async (user: string, path: string) =>
  p.request('GET', `/api/v1${path}`, { token: await p.token(user) });
async function pdf(user: string, id: string, unmask = false) {
  const res = await fetch(`${p.gateway.url}/api/v1/documents/${id}${unmask ? '?unmask=true' : ''}`, {
    headers: { authorization: `Bearer ${await p.token(user)}`, accept: 'application/pdf' },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/pdf/);
  return pdfText(new Uint8Array(await res.arrayBuffer()));
}

it('issues a numbered PDF for each inspection act: payment order, rectification order, penalty decision, police transfer', async () => {
  const n = 9100 + (Date.now() % 800);
  const employer = { name: `昌吉文书测试建筑公司${n}`, uscc: uscc(n) };
  const ids = [residentId(n), residentId(n + 1)];
  // The workers the finding names are on the project's real-name roster, as finance checks.
  const fin = financeApi(p.services.finance!.address, p);
  const project = await fin.project(n, 3_000_000_000, 0);
  await fin.roster(project.id, [
    { name: '张文书', idNumber: ids[0]! },
    { name: '李文书', idNumber: ids[1]! },
  ]);
  // Ten reporters make it a group complaint, which inspection takes up without waiting for filing.
  const { id, caseId } = await openCase(
    p,
    n,
    { workerCount: 10, amountFen: 4_000_000, employer, projectId: project.id },
    120_000,
  );

  expect(
    (
      await post(I, `/inspection/cases/${id}/findings`, {
        employerUscc: employer.uscc,
        employerName: employer.name,
        arrearsFen: 4_000_000,
        workerCount: 2,
        workers: [
          { name: '张文书', idNumber: ids[0], amountFen: 2_000_000 },
          { name: '李文书', idNumber: ids[1], amountFen: 2_000_000 },
        ],
      })
    ).status,
  ).toBe(201);
  const served = new Date(Date.now() - 10 * 86_400_000).toISOString();
  expect(
    (
      await post(I, `/inspection/cases/${id}/payment-orders`, {
        amountFen: 4_000_000,
        dueDate: daysFromToday(-2),
        servedAt: served,
      })
    ).status,
  ).toBe(201);
  expect(
    (await post(I, `/inspection/cases/${id}/compliance-checks`, { violations: ['no_real_name'] })).status,
  ).toBe(201);
  expect(
    (
      await post(I, `/inspection/cases/${id}/rectification-orders`, {
        violations: ['no_real_name'],
        dueDate: daysFromToday(-2),
        servedAt: served,
      })
    ).status,
  ).toBe(201);
  const penalty = await post(I, `/inspection/cases/${id}/penalties`, {
    violation: 'no_real_name',
    amountFen: 6_000_000,
  });
  expect(penalty.status).toBe(201);
  const referral = await post(I, `/inspection/cases/${id}/police-referrals`, {
    reason: '经责令支付逾期拒不支付',
  });
  expect(referral.status).toBe(201);

  const list = await get('supervisor.changji', `/cases/${caseId}/documents`);
  expect(list.status).toBe(200);
  const byKind = Object.fromEntries(list.body.items.map((d: { kind: string }) => [d.kind, d])) as Record<
    string,
    { id: string; number: string; service: string; issuedAt: string }
  >;
  expect(Object.keys(byKind).sort()).toEqual([
    'payment_order',
    'penalty_decision',
    'police_transfer',
    'rectification_order',
  ]);
  expect(byKind.payment_order!.number).toMatch(/^昌市?人社监令〔\d{4}〕\d+号$/);
  expect(byKind.penalty_decision!.number).toMatch(/^昌市?人社监罚〔\d{4}〕\d+号$/);
  expect(byKind.payment_order!.service).toBe('inspection');

  const expected: Record<string, { amount?: string; basis: string; masked: boolean }> = {
    payment_order: { amount: '40,000.00元', basis: '《保障农民工工资支付条例》第五十七条', masked: true },
    rectification_order: { basis: '《保障农民工工资支付条例》第五十五条', masked: false },
    penalty_decision: { amount: '60,000.00元', basis: '《保障农民工工资支付条例》第五十五条', masked: false },
    police_transfer: { amount: '40,000.00元', basis: '第二百七十六条之一', masked: true },
  };
  for (const [kind, want] of Object.entries(expected)) {
    const text = await pdf('inspector.changji', byKind[kind]!.id);
    expect(text).toContain(byKind[kind]!.number);
    expect(text).toContain(employer.name);
    expect(text).toContain(employer.uscc);
    expect(text).toContain(want.basis);
    if (want.amount) expect(text).toContain(want.amount);
    if (want.masked) expect(text).toContain(`${ids[0]!.slice(0, 6)}********${ids[0]!.slice(14)}`);
    for (const full of ids) expect(text).not.toContain(full);
  }
  // An authorised, audited reader sees the ID numbers in full; anyone else asking is refused.
  expect(await pdf('supervisor.xinjiang', byKind.payment_order!.id, true)).toContain(ids[0]);
  const refused = await fetch(`${p.gateway.url}/api/v1/documents/${byKind.payment_order!.id}?unmask=true`, {
    headers: { authorization: `Bearer ${await p.token(I)}` },
  });
  expect(refused.status).toBe(403);

  // Outside the region the documents do not exist.
  expect((await get('inspector.lanzhou', `/documents/${byKind.payment_order!.id}`)).status).toBe(404);
  expect((await get('inspector.lanzhou', `/cases/${caseId}/documents`)).body.items).toEqual([]);

  const timeline = await get('supervisor.xinjiang', `/cases/${caseId}/timeline`);
  const docEntries = timeline.body.items.filter((i: { type: string }) => i.type.startsWith('document.'));
  expect(docEntries.map((i: { summary: string }) => i.summary).join()).toContain(
    byKind.payment_order!.number,
  );
  expect(docEntries).toHaveLength(4);
});

it('adds the good rows of an uploaded .xlsx roster and reports the bad one by its row number', async () => {
  const n = 9900 + (Date.now() % 90);
  const project = await financeApi(p.services.finance!.address, p).project(n, 10_000_000_000, 0);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('花名册');
  sheet.addRow(['姓名', '身份证号', '手机号', '班组']);
  sheet.addRow(['王花名', residentId(n), '13800001111', '钢筋班']);
  sheet.addRow(['赵花名', '652301199001019999', '13800002222', '钢筋班']); // bad check digit
  sheet.addRow(['孙花名', residentId(n + 1), '13800003333', '木工班']);
  const xlsx = Buffer.from(await book.xlsx.writeBuffer());
  const res = await fetch(`${p.gateway.url}/api/v1/projects/${project.id}/workers`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await p.token('housing.changji')}`,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    body: xlsx,
  });
  const body = (await res.json()) as { added: number; rejected: unknown[] };
  expect(res.status).toBe(200);
  expect(body.added).toBe(2);
  expect(body.rejected).toEqual([expect.objectContaining({ index: 1, row: 3 })]);
  expect(JSON.stringify(body)).not.toContain(residentId(n));

  // Not a workbook: a field-level 400, nothing added.
  const junk = await fetch(`${p.gateway.url}/api/v1/projects/${project.id}/workers`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await p.token('housing.changji')}`,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    body: Buffer.from('not a zip'),
  });
  expect(junk.status).toBe(400);
  expect(((await junk.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('body');
});
