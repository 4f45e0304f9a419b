// Workers' self-service (安薪码) end to end through the gateway, on the real Kafka, MongoDB-protocol server and
// Keycloak: the notice board and its QR code, a complaint tied to the project, tracking, legal aid, and the
// return visit after closure with its effect on /stats.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { eventually } from '@wage/testing';
import { Platform } from '../support/platform';
import { residentId, uscc } from '../support/fixtures';

jest.setTimeout(300_000);
const p = new Platform();
const tokens: Record<string, string> = {};
const as = async (user: string) => (tokens[user] ??= await p.token(user));

/** Every public answer of the run, checked at the end for ID numbers and full phone numbers. */
const publicTexts: string[] = [];
async function anonymous(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await p.request(method, `/api/v1${path}`, { ...(body !== undefined ? { body } : {}), headers });
  publicTexts.push(r.text);
  return r;
}

const OFFICER_PHONE = '13912345678';
const N = Date.now() % 100_000;
const worker = (n: number) => ({
  name: `务工人员${n}`,
  idNumber: residentId(N * 10 + n),
  phone: `137${String(N * 10 + n).padStart(8, '0')}`,
});
const board = {
  officerName: '王劳资',
  officerPhone: OFFICER_PHONE,
  payDay: 15,
  hotlines: ['12333 人社服务热线', '12345 政务服务便民热线'],
  arbitrationAddress: '昌吉市劳动人事争议仲裁院（延安北路 1 号）',
  legalAidAddress: '昌吉市法律援助中心（北京南路 2 号）',
};

let projectId: string;
let publicCode: string;

beforeAll(async () => {
  await p.start('selfservice');
  const created = await p.request('POST', '/api/v1/projects', {
    token: await as('housing.changji'),
    body: {
      name: `安薪码测试工地${N}`,
      regionCode: '652301',
      industry: 'housing',
      contractorUscc: uscc(N),
      contractorName: `昌吉安薪建筑有限公司${N}`,
      ownerName: '昌吉市城投',
      contractPriceFen: 2_000_000_000,
      permitDate: '2026-03-01',
    },
  });
  expect(created.status).toBe(201);
  projectId = created.body.id;
  publicCode = created.body.publicCode;
}, 300_000);
afterAll(() => p.stop());

describe('the rights notice board (维权信息告示牌)', () => {
  it("is written by the project's regulator, refused to others and to bad input, and shows the phone masked", async () => {
    const path = `/api/v1/projects/${projectId}/notice-board`;
    const bad = await p.request('PUT', path, {
      token: await as('housing.changji'),
      body: { ...board, payDay: 40, officerPhone: '12' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['officerPhone', 'payDay']);
    const finance = await p.request('PUT', path, { token: await as('finance.changji'), body: board });
    expect(finance.status).toBe(403);
    const before = await p.request('GET', `/api/v1/projects/${projectId}`, {
      token: await as('housing.changji'),
    });
    expect(before.body.noticeBoard.officerName).toBe('');

    const ok = await p.request('PUT', path, { token: await as('housing.changji'), body: board });
    expect(ok.status).toBe(200);
    expect(ok.body.publicCode).toBe(publicCode);
    expect(ok.body.noticeBoard).toMatchObject({
      officerName: '王劳资',
      officerPhone: '139****5678',
      payDay: 15,
    });
    expect(ok.text).not.toContain(OFFICER_PHONE);
  });

  it('answers workers by the public code: masked phone, the minimum wage from the platform table; unknown code 404', async () => {
    expect(publicCode).toMatch(/^[A-Z2-9]{12}$/);
    const r = await anonymous('GET', `/public/projects/${publicCode}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: `安薪码测试工地${N}`,
      contractorName: `昌吉安薪建筑有限公司${N}`,
      noticeBoard: { officerPhone: '139****5678', minimumWageFen: 190_000, hotlines: board.hotlines },
    });
    expect(r.body.projectId).toBeUndefined();
    expect((await anonymous('GET', '/public/projects/ABCDEFGHJKLM')).status).toBe(404);
    expect((await anonymous('GET', '/public/projects/not-a-code')).status).toBe(400);
  });

  it('prints a QR code that decodes to the public page of the project', async () => {
    const r = await fetch(`${p.gateway.url}/api/v1/projects/${projectId}/qr`, {
      headers: { authorization: `Bearer ${await as('housing.changji')}` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await r.arrayBuffer()));
    expect(png.width).toBeGreaterThanOrEqual(1000);
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(`${p.gateway.url}/s/${publicCode}`);
    const clerk = await fetch(`${p.gateway.url}/api/v1/projects/${projectId}/qr`, {
      headers: { authorization: `Bearer ${await as('clerk.changji')}` },
    });
    expect(clerk.status).toBe(403);
  });
});

describe('a complaint from the QR page, followed to closure', () => {
  const complaint = (n: number) => ({
    publicCode,
    reporter: worker(n),
    employer: { name: `昌吉安薪建筑有限公司${N}` },
    workerCount: 12,
    amountFen: 3_600_000,
    description: '三个月工资未发',
  });
  let first: { trackingCode: string; accessCode: string };
  let caseId: string;
  let clueIds: string[];
  const track = (c: { trackingCode: string; accessCode: string }, code = c.accessCode) =>
    anonymous('GET', `/public/clues/${c.trackingCode}`, undefined, { 'x-access-code': code });

  it('ties both reports to the project, routes them to inspection and merges them into one case', async () => {
    const neither = await anonymous('POST', '/public/clues', { ...complaint(1), publicCode: undefined });
    expect(neither.status).toBe(400);
    expect(neither.body.errors[0].field).toBe('regionCode');
    const a = await anonymous('POST', '/public/clues', complaint(1));
    const b = await anonymous('POST', '/public/clues', complaint(2));
    expect([a.status, b.status]).toEqual([201, 201]);
    first = a.body;
    const clues = await eventually(async () => {
      const r = await p.request('GET', '/api/v1/clues?limit=200', { token: await as('clerk.changji') });
      const mine = (r.body.items as Array<{ projectId?: string }>).filter((c) => c.projectId === projectId);
      return mine.length === 2 ? mine : undefined;
    }, 30_000);
    const ids = new Set(clues.map((c) => (c as { caseId: string }).caseId));
    expect(ids.size).toBe(1);
    expect(clues.every((c) => (c as { route: string }).route === 'inspection')).toBe(true);
    expect(clues.every((c) => (c as { channel: string }).channel === 'online')).toBe(true);
    caseId = [...ids][0]!;
    clueIds = clues.map((c) => (c as { id: string }).id);
  });

  it('shows the same "not found" for a wrong access code as for an unknown tracking code', async () => {
    const wrong = await track(first, 'AAAAAAAAAA');
    const unknown = await track({ trackingCode: `WG${'A'.repeat(20)}`, accessCode: first.accessCode });
    expect([wrong.status, unknown.status]).toEqual([404, 404]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect((await track(first)).status).toBe(200);
  });

  it("puts a legal-aid request in legalaid.changji's queue; the worker sees the lawyer's name", async () => {
    const path = `/public/clues/${first.trackingCode}/legal-aid`;
    const h = { 'x-access-code': first.accessCode };
    expect((await anonymous('POST', path, { reason: '' }, h)).status).toBe(400);
    expect(
      (await anonymous('POST', path, { reason: '老板不接电话' }, { 'x-access-code': 'WRONG' })).status,
    ).toBe(404);
    expect((await anonymous('POST', path, { reason: '老板不接电话，想申请律师' }, h)).status).toBe(201);
    const repeat = await anonymous('POST', path, { reason: '再次申请' }, h);
    expect(repeat.status).toBe(201);
    expect(repeat.body.status).toBe('pending');
    const lawyer = await as('legalaid.changji');
    const queue = await p.request('GET', '/api/v1/legal-aid/requests?status=pending', { token: lawyer });
    expect(queue.status).toBe(200);
    const mine = (queue.body.items as Array<{ id: string; caseId: string; reason: string }>).filter(
      (x) => x.caseId === caseId,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]!.reason).toBe('老板不接电话，想申请律师');
    expect(
      (await p.request('GET', '/api/v1/legal-aid/requests', { token: await as('clerk.changji') })).status,
    ).toBe(403);
    const accepted = await p.request('POST', `/api/v1/legal-aid/requests/${mine[0]!.id}/acceptance`, {
      token: lawyer,
      body: { lawyerName: '李援助' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', lawyerName: '李援助' });
    const other = await p.request('POST', `/api/v1/legal-aid/requests/${mine[0]!.id}/acceptance`, {
      token: lawyer,
      body: { lawyerName: '张另一' },
    });
    expect(other.status).toBe(409);
    const t = await track(first);
    expect(t.body.steps.map((s: { text: string }) => s.text)).toContain(
      '法律援助中心已受理您的申请，指派律师：李援助',
    );
  });

  it('refuses feedback before closure; after the inspector closes the case, "not paid" opens a linked clue once and /stats moves', async () => {
    const fb = (c: typeof first, body: unknown) =>
      anonymous('POST', `/public/clues/${c.trackingCode}/feedback`, body, { 'x-access-code': c.accessCode });
    expect((await fb(first, { paid: false, satisfaction: 2 })).status).toBe(422);
    expect((await fb(first, { paid: false, satisfaction: 9 })).status).toBe(400);

    const inspector = await as('inspector.changji');
    const inspectionId = await eventually(async () => {
      const r = await p.request('GET', '/api/v1/inspection/cases?limit=200', { token: inspector });
      return (r.body.items as Array<{ id: string; caseId: string }>).find((x) => x.caseId === caseId)?.id;
    }, 60_000);
    const closed = await p.request('POST', `/api/v1/inspection/cases/${inspectionId}/close`, {
      token: inspector,
      body: { outcome: 'paid_in_full', recoveredFen: 3_600_000, workersPaid: 12 },
    });
    expect(closed.status).toBe(200);
    await eventually(async () => ((await track(first)).body.status === 'closed' ? true : undefined), 60_000);

    const supervisor = await as('supervisor.changji');
    const stats = async () =>
      (await p.request('GET', '/api/v1/stats?regionCode=652300', { token: supervisor })).body
        .satisfaction as {
        answers: number;
        average: number;
        paidShare: number;
      };
    const before = await stats();

    const answer = await fb(first, { paid: false, satisfaction: 2, comment: '钱还没到卡上' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ paid: false, satisfaction: 2 });
    const again = await fb(first, { paid: true, satisfaction: 5 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ paid: false, satisfaction: 2 });

    const clerk = await as('clerk.changji');
    const linked = async () => {
      const r = await p.request('GET', '/api/v1/clues?limit=200', { token: clerk });
      return (r.body.items as Array<{ linkedCaseId?: string; channel: string; caseId: string }>).filter(
        (c) => c.linkedCaseId === caseId,
      );
    };
    const followUps = await linked();
    expect(followUps).toHaveLength(1);
    expect(followUps[0]!.channel).toBe('return_visit');
    expect(followUps[0]!.caseId).not.toBe(caseId);
    expect(await linked()).toHaveLength(1);

    // The other reporter's phone return visit, recorded by the clerk: "paid", once.
    let secondClue = '';
    for (const id of clueIds) {
      const c = await p.request('GET', `/api/v1/clues/${id}`, { token: clerk });
      if (c.body.reporter?.name === worker(2).name) secondClue = id;
    }
    const visit = (body: unknown) =>
      p.request('POST', `/api/v1/cases/${caseId}/return-visits`, { token: clerk, body });
    const v1 = await visit({ clueId: secondClue, paid: true, satisfaction: 5 });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ paid: true, satisfaction: 5, channel: 'phone', followUpClueId: null });
    const v2 = await visit({ clueId: secondClue, paid: false, satisfaction: 1 });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ paid: true, satisfaction: 5 });
    expect(await linked()).toHaveLength(1);

    const after = await stats();
    expect(after.answers).toBe(before.answers + 2);
    const sum = (x: typeof before) => Math.round(x.average * x.answers);
    const paid = (x: typeof before) => Math.round(x.paidShare * x.answers);
    expect(sum(after)).toBe(sum(before) + 7);
    expect(paid(after)).toBe(paid(before) + 1);
    const t = await track(first);
    expect(t.body.steps.map((s: { text: string }) => s.text)).toContain(
      '您反映工资仍未到位，已重新登记为新线索办理',
    );
  });

  it('never shows an ID number or a full phone number in any public answer', () => {
    const all = publicTexts.join('\n');
    expect(publicTexts.length).toBeGreaterThan(10);
    for (const n of [1, 2]) {
      expect(all).not.toContain(worker(n).idNumber);
      expect(all).not.toContain(worker(n).phone);
    }
    expect(all).not.toContain(OFFICER_PHONE);
    expect(all).not.toMatch(/\d{17}[\dX]/);
    expect(all).not.toMatch(/1[3-9]\d{9}/);
  });
});
