// A form with bad input shows the API's field messages next to the fields, and a double click sends once.
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support';

test('clue registration: USCC checked as typed, API field messages on the fields, one request per double click', async ({
  browser,
}) => {
  const { context, page, errors } = await signIn(browser, 'clerk.changji', '/intake/register');
  const form = page.getByRole('form', { name: '线索登记表' });
  await expect(form).toBeVisible();

  // The check digit is validated as it is typed, before anything is sent.
  await form.getByLabel('统一社会信用代码').fill('91652301MA7ABCDE1X');
  await expect(form.getByText('统一社会信用代码校验位不正确')).toBeVisible();
  await form.getByLabel('统一社会信用代码').fill('');

  // Passes the page's own checks, but the API refuses the ID number and the phone, field by field.
  await form.getByLabel('姓名').fill('工人甲');
  await form.getByLabel('身份证号').fill('123');
  await form.getByLabel('联系电话').fill('139');
  await form.getByLabel('单位名称').fill('昌吉某建筑公司');
  await form.getByLabel('涉及人数').fill('12');
  await form.getByLabel('欠薪金额（元）').fill('12000.50');
  await form.getByLabel('情况描述').fill('拖欠三个月工资');

  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/clues'))
      posts.push(r.headers()['idempotency-key'] ?? '');
  });
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/clues') && r.request().method() === 'POST',
  );
  await form.getByRole('button', { name: '登记线索' }).dblclick();
  const res = await answered;
  expect(res.status()).toBe(400);
  const problem = (await res.json()) as { errors: Array<{ field: string; message: string }> };
  expect(problem.errors.map((e) => e.field).sort()).toEqual(['reporter.idNumber', 'reporter.phone']);
  // Each of the API's messages is shown on its own field, in Chinese.
  for (const e of problem.errors) {
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    const label = e.field === 'reporter.idNumber' ? '身份证号' : '联系电话';
    const item = form.locator('.ant-form-item').filter({ has: page.getByLabel(label) });
    await expect(item.locator('.ant-form-item-explain')).toHaveText(e.message);
  }
  await expect(form.getByRole('alert').filter({ hasText: '请求参数有误' })).toBeVisible();
  await page.waitForTimeout(500); // a second request, if the double click had sent one, would be out by now
  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatch(/^[0-9a-f-]{36}$/);
  await expectAccessible(page);
  // The refused request is logged by the browser as a failed resource; nothing else may be.
  expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  await context.close();
});
