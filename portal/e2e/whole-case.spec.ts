// One whole case through the browser, as the officials work it: the clerk registers a group clue for a
// project, the inspector records findings and a payment order served on paper, requests a deposit draw, the
// chief approves it, the project's deposit balance falls, and the supervisor's timeline shows each step.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { residentId, uscc } from '../../tests/support/fixtures';
import { apiAs, expectAccessible, shanghaiDay, signIn } from './support';

const run = Date.now() % 100_000;
const shots = join(__dirname, '..', 'screenshots');
mkdirSync(shots, { recursive: true });
const employer = { name: `昌吉全程建设劳务公司${run}`, uscc: uscc(90_000 + run) };

/** Types a date into an antd date picker and commits it. */
async function pickDate(page: Page, label: string, day: string) {
  const input = page.getByLabel(label);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

test('a clue becomes a case, a draw is approved by the chief, and the money moves once', async ({
  browser,
}) => {
  test.setTimeout(600_000);
  // The project and its deposit exist beforehand (housing and finance officers' own pages are tested apart).
  const project = (await apiAs('housing.changji', 'POST', '/projects', {
    name: `昌吉全程安置房${run}`,
    regionCode: '652301',
    industry: 'housing',
    contractorUscc: employer.uscc,
    contractorName: employer.name,
    ownerName: '昌吉市城投公司',
    contractPriceFen: 3_000_000_000,
    permitDate: shanghaiDay(-20),
  })) as { id: string };
  await apiAs('finance.changji', 'POST', `/projects/${project.id}/deposits`, {
    amountFen: 6_000_000,
    form: 'cash',
    reference: `E2E-${run}`,
  });

  // 1. The clerk registers the group clue, picking the project from the region's list.
  const clerk = await signIn(browser, 'clerk.changji', '/intake/register');
  const form = clerk.page.getByRole('form', { name: '线索登记表' });
  await form.getByLabel('姓名').fill('工人代表甲');
  await form.getByLabel('身份证号').fill(residentId(run));
  await form.getByLabel('联系电话').fill('13912340001');
  await form.getByLabel('单位名称').fill(employer.name);
  await form.getByLabel('统一社会信用代码').fill(employer.uscc);
  await form.getByLabel('工程项目').click();
  await clerk.page.keyboard.type(`全程安置房${run}`);
  // antd's accessible options carry the value; the visible item carries the name the clerk reads.
  await clerk.page
    .locator('.ant-select-item-option')
    .filter({ hasText: `全程安置房${run}` })
    .click();
  await form.getByLabel('涉及人数').fill('12');
  await form.getByLabel('欠薪金额（元）').fill('50000.00');
  await form.getByLabel('情况描述').fill('春节前三个月工资未发，12 名农民工集体反映');
  const filed = clerk.page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/clues') && r.request().method() === 'POST',
  );
  await form.getByRole('button', { name: '登记线索' }).click();
  const clue = (await (await filed).json()) as { caseId: string; caseNo: string; route: string };
  expect(clue.route).toBe('inspection');
  await expect(clerk.page.getByRole('status')).toContainText(clue.caseNo);
  expect(clerk.errors).toEqual([]);
  await clerk.context.close();

  // 2. The inspector finds the case in the list, records the findings and the order served on paper.
  const insp = await signIn(browser, 'inspector.changji', '/inspection/cases');
  const row = insp.page.getByRole('link', { name: clue.caseNo });
  await expect(async () => {
    await insp.page
      .getByRole('button', { name: /reload|刷新/i })
      .first()
      .click()
      .catch(() => undefined);
    await expect(row).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 120_000 });
  await row.click();
  await expect(insp.page.getByTestId('case-status')).toBeVisible();
  const findings = insp.page.getByRole('form', { name: '调查认定' });
  await findings.getByLabel('认定欠薪金额（元）').fill('50000.00');
  await findings.getByLabel('涉及人数').fill('12');
  await findings.getByRole('button', { name: '记录认定' }).click();
  await expect(insp.page.getByTestId('outstanding')).toHaveText('¥50,000.00');

  await insp.page.getByRole('tab', { name: '责令支付' }).click();
  const order = insp.page.getByRole('form', { name: '责令支付' });
  await order.getByLabel('责令支付金额（元）').fill('50000.00');
  await pickDate(insp.page, '履行期限', shanghaiDay(-2));
  await pickDate(insp.page, '纸质文书送达日期（已线下送达时填写）', shanghaiDay(-10));
  await order.getByRole('button', { name: '下达责令支付' }).click();
  await expect(insp.page.getByText(/倒签补录/).first()).toBeVisible();

  await insp.page.getByRole('tab', { name: '动用保证金' }).click();
  const draw = insp.page.getByRole('form', { name: '动用工资保证金' });
  await draw.getByLabel('支取金额（元）').fill('40000.00');
  await draw.getByRole('button', { name: '申请动用保证金' }).click();
  await expect(insp.page.getByText(/待监察机构负责人审批后支付/).first()).toBeVisible();
  // Nothing has moved yet: the request waits for a second official.
  await expect(insp.page.getByTestId('deposit-balance')).toHaveText('¥60,000.00');
  // The payment order is on paper too: its numbered document is listed with the case.
  await expect(insp.page.getByTestId('case-documents')).toContainText('责令支付通知书');
  await insp.page.screenshot({ path: join(shots, 'whole-case-inspector.png'), fullPage: true });
  expect(insp.errors).toEqual([]);
  await insp.context.close();

  // 3. The chief sees the request, marked as relying on a back-dated order, and approves it.
  const chief = await signIn(browser, 'chief.changji', '/inspection/approvals');
  const request = chief.page.getByRole('row').filter({ hasText: clue.caseNo });
  await expect(request).toContainText('¥40,000.00');
  await expect(request).toContainText('责令书为补录');
  await expectAccessible(chief.page);
  await request.getByRole('button', { name: /^审\s?批$/ }).click();
  const dialog = chief.page.getByRole('dialog');
  await expect(dialog).toContainText('线下送达后补录');
  await chief.page.screenshot({ path: join(shots, 'whole-case-approval.png') });
  const decided = chief.page.waitForResponse((r) => r.url().includes('/decision'));
  await dialog.getByRole('button', { name: '提交审批意见' }).dblclick();
  const answer = (await (await decided).json()) as { status: string; drawnFen?: number };
  expect(answer.drawnFen).toBe(4_000_000);
  await expect(chief.page.getByText(/审批完成/).first()).toBeVisible();
  // Approved requests leave the pending list and appear under 已批准.
  await expect(chief.page.getByRole('row').filter({ hasText: clue.caseNo })).toHaveCount(0);
  await chief.page.getByText('已批准', { exact: true }).click();
  await expect(chief.page.getByRole('row').filter({ hasText: clue.caseNo })).toContainText('已划拨');
  expect(chief.errors).toEqual([]);
  await chief.context.close();

  // 4. The deposit fell by the draw, once (the double click sent one approval).
  const balance = (await apiAs('finance.changji', 'GET', `/projects/${project.id}`)) as {
    depositBalanceFen: number;
  };
  expect(balance.depositBalanceFen).toBe(2_000_000);

  // 5. The supervisor's cross-agency timeline shows each step in order.
  const sup = await signIn(browser, 'supervisor.changji', `/supervision/timeline?caseId=${clue.caseId}`);
  const items = sup.page.getByTestId('timeline-item');
  await expect(items.filter({ hasText: '监察机构负责人批准' })).toHaveCount(1);
  const texts = await items.allInnerTexts();
  const at = (re: RegExp) => texts.findIndex((t) => re.test(t));
  const steps = [/查实/, /倒签补录/, /待监察机构负责人审批/, /监察机构负责人批准/, /动用工资保证金支付/].map(
    at,
  );
  expect(steps.every((i) => i >= 0)).toBe(true);
  expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  await expectAccessible(sup.page);
  await sup.page.screenshot({ path: join(shots, 'whole-case-timeline.png'), fullPage: true });
  expect(sup.errors).toEqual([]);
  await sup.context.close();
});
