// Workers' self-service (安薪码) on a phone, with no login: the notice board from the QR link, a complaint, the
// receipt's codes, tracking after the inspector acts, legal aid and the return visit. The pages' JavaScript is
// measured (gzip) and must not include the staff portal's bundle or keycloak-js.
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { residentId, uscc } from '../../tests/support/fixtures';
import { apiAs, expectAccessible, portalUrl, signIn, watchConsole } from './support';

const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const N = 40_000 + (Date.now() % 50_000);
const JS_BUDGET = 150 * 1024;

/** Every script a page loads, for its gzip size and to check that no staff code came with it. */
function watchScripts(page: Page) {
  const scripts: Array<Promise<{ url: string; gzip: number }>> = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script')
      scripts.push(r.body().then((b) => ({ url: r.url(), gzip: gzipSync(b).length })));
  });
  return async () => {
    const all = await Promise.all(scripts);
    return { urls: all.map((s) => s.url), gzip: all.reduce((n, s) => n + s.gzip, 0) };
  };
}

async function expectSmallPublicBundle(page: Page, measure: () => Promise<{ urls: string[]; gzip: number }>) {
  const { urls, gzip } = await measure();
  console.log(
    `[selfservice] ${new URL(page.url()).pathname}: ${urls.length} scripts, ${(gzip / 1024).toFixed(1)} KB gzip`,
  );
  expect(gzip).toBeLessThanOrEqual(JS_BUDGET);
  expect(urls.some((u) => /\/assets\/main-/.test(u) || /keycloak/i.test(u))).toBe(false);
}

test('a worker scans the notice board, complains, follows the case, asks for legal aid and answers the return visit', async ({
  browser,
}) => {
  const project = await apiAs('housing.changji', 'POST', '/projects', {
    name: `安薪码浏览器测试工地${N}`,
    regionCode: '652301',
    industry: 'housing',
    contractorUscc: uscc(N),
    contractorName: `昌吉浏览器测试建筑有限公司${N}`,
    ownerName: '昌吉市城投',
    contractPriceFen: 1_500_000_000,
    permitDate: '2026-03-01',
  });
  await apiAs('housing.changji', 'PUT', `/projects/${String(project.id)}/notice-board`, {
    officerName: '王劳资',
    officerPhone: '13912345678',
    payDay: 15,
    hotlines: ['12333 人社服务热线'],
    arbitrationAddress: '昌吉市劳动人事争议仲裁院',
    legalAidAddress: '昌吉市法律援助中心',
  });
  const publicCode = String(project.publicCode);

  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = watchConsole(page);
  let measure = watchScripts(page);

  // The QR code's link: the notice board, the officer's phone masked.
  await page.goto(portalUrl(`/s/${publicCode}`));
  await expect(page.getByRole('heading', { name: `安薪码浏览器测试工地${N}` })).toBeVisible();
  await expect(page.getByText('王劳资（139****5678）')).toBeVisible();
  await expect(page.getByText('1,900 元 / 月')).toBeVisible();
  await expect(page.getByText('13912345678')).toHaveCount(0);
  await expectAccessible(page);
  await expectSmallPublicBundle(page, measure);

  // 我要投诉, pre-filled with the project's contractor; the ID number's check digit is checked as typed.
  await page.getByRole('button', { name: '我要投诉' }).click();
  const form = page.getByRole('form', { name: /我要投诉/ });
  await expect(form.getByLabel('欠薪单位或老板', { exact: true })).toHaveValue(
    `昌吉浏览器测试建筑有限公司${N}`,
  );
  const id = residentId(N);
  const wrongCheck = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  await form.getByLabel('身份证号码', { exact: true }).fill(wrongCheck);
  await expect(form.getByText('身份证号码校验位不对，请核对')).toBeVisible();
  await form.getByLabel('身份证号码', { exact: true }).fill(id);
  await expect(form.getByText('身份证号码校验位不对，请核对')).toHaveCount(0);
  await form.getByLabel('姓名', { exact: true }).fill('马务工');
  await form.getByLabel('手机号码', { exact: true }).fill(`136${String(N).padStart(8, '0')}`);
  await form.getByLabel('被欠薪人数', { exact: true }).fill('12');
  await form.getByLabel('被拖欠金额（元）', { exact: true }).fill('36000');
  await form.getByLabel('发生了什么', { exact: true }).fill('三个月工资没有发');
  await form.getByLabel(/同时申请法律援助/).check();
  await expectAccessible(page);
  await form.getByRole('button', { name: '提交投诉' }).click();
  await expect(form.getByText('请勾选同意后再提交')).toBeVisible();
  await form.getByLabel(/个人信息保护法/).check();
  await form.getByRole('button', { name: '提交投诉' }).click();

  // The receipt: both codes to save.
  await expect(page.getByRole('heading', { name: '投诉已提交' })).toBeVisible();
  const trackingCode = (await page.getByTestId('tracking-code').innerText()).trim();
  const accessCode = (await page.getByTestId('access-code').innerText()).trim();
  expect(trackingCode).toMatch(/^WG[A-Z2-9]{20}$/);
  expect(accessCode).toMatch(/^[A-Z2-9]{10}$/);
  await expectAccessible(page);

  // The inspector acts on the case the QR clue opened (tied to the project), and closes it.
  const clues = (await apiAs('clerk.changji', 'GET', '/clues?limit=200')) as {
    items: Array<{ caseId: string; projectId?: string }>;
  };
  const caseId = clues.items.find((c) => c.projectId === project.id)!.caseId;
  let inspectionId: string | undefined;
  await expect
    .poll(
      async () => {
        const r = (await apiAs('inspector.changji', 'GET', '/inspection/cases?limit=200')) as {
          items: Array<{ id: string; caseId: string }>;
        };
        inspectionId = r.items.find((c) => c.caseId === caseId)?.id;
        return inspectionId;
      },
      { timeout: 60_000 },
    )
    .toBeTruthy();
  await apiAs('inspector.changji', 'POST', `/inspection/cases/${inspectionId}/close`, {
    outcome: 'paid_in_full',
    recoveredFen: 3_600_000,
    workersPaid: 12,
  });
  // The county's legal-aid centre finds the request in its queue in the portal and names the lawyer.
  const queue = (await apiAs('legalaid.changji', 'GET', '/legal-aid/requests?status=pending')) as {
    items: Array<{ id: string; caseId: string; caseNo: string }>;
  };
  const aid = queue.items.find((r) => r.caseId === caseId)!;
  const centre = await signIn(browser, 'legalaid.changji', '/legal-aid');
  const row = centre.page.getByRole('row').filter({ hasText: aid.caseNo });
  await expectAccessible(centre.page);
  await row.getByRole('button', { name: '受理并指派' }).click();
  const dialog = centre.page.getByRole('dialog');
  await dialog.getByLabel('承办律师姓名（工人只看到姓名）').fill('李援助');
  await dialog.getByRole('button', { name: '受理并指派' }).click();
  await expect(centre.page.getByText(/已受理，承办律师 李援助/)).toBeVisible();
  await centre.page.getByText('已指派律师', { exact: true }).click();
  await expect(centre.page.getByRole('row').filter({ hasText: aid.caseNo })).toContainText('李援助');
  expect(centre.errors).toEqual([]);
  await centre.context.close();

  // /track: a wrong access code reads exactly like an unknown tracking code.
  measure = watchScripts(page);
  await page.goto(portalUrl('/track'));
  const query = page.getByRole('form', { name: '查询' });
  await query.getByLabel('查询编号', { exact: true }).fill(trackingCode);
  await query.getByLabel('查询密码', { exact: true }).fill('AAAAAAAAAA');
  await query.getByRole('button', { name: '查询' }).click();
  const notFound = page.getByRole('alert');
  await expect(notFound).toHaveText('没有找到该投诉，或查询密码不正确');
  await query.getByLabel('查询编号', { exact: true }).fill(`WG${'A'.repeat(20)}`);
  await query.getByLabel('查询密码', { exact: true }).fill(accessCode);
  await query.getByRole('button', { name: '查询' }).click();
  await expect(notFound).toHaveText('没有找到该投诉，或查询密码不正确');

  await expect
    .poll(
      async () => {
        await query.getByLabel('查询编号', { exact: true }).fill(trackingCode);
        await query.getByRole('button', { name: '查询' }).click();
        return page.getByRole('heading', { name: '当前状态：已办结' }).isVisible();
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await expect(page.getByText('法律援助中心已受理您的申请，指派律师：李援助')).toBeVisible();
  await expect(page.getByText('案件已办结')).toBeVisible();
  await expectAccessible(page);
  await expectSmallPublicBundle(page, measure);

  // The return visit: the money did not arrive.
  const feedback = page.getByRole('form', { name: '回访：工资拿到了吗？' });
  await feedback.getByLabel('还没有拿到').check();
  await feedback.getByLabel('2 分').check();
  await feedback.getByRole('button', { name: '提交回访' }).click();
  await expect(page.getByText('您反映工资仍未到位，已重新登记为新线索办理')).toBeVisible();
  const after = (await apiAs('clerk.changji', 'GET', '/clues?limit=200')) as {
    items: Array<{ linkedCaseId?: string }>;
  };
  expect(after.items.filter((c) => c.linkedCaseId === caseId)).toHaveLength(1);
  await expectAccessible(page);

  // Nothing personal on any public page of the run.
  await expect(page.getByText(id)).toHaveCount(0);
  // The only failed loads are the two "not found" lookups above.
  expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
  expect(errors).toHaveLength(2);
  await context.close();
});
