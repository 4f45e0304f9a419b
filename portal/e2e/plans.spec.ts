// 双随机: an inspector draws a random inspection plan in the browser; the seed and the draw are kept and shown.
import { expect, test } from '@playwright/test';
import { uscc } from '../../tests/support/fixtures';
import { apiAs, expectAccessible, shanghaiDay, signIn } from './support';

test('an inspector draws a random inspection plan from a stated seed', async ({ browser }) => {
  const run = Date.now() % 100_000;
  await apiAs('housing.changji', 'POST', '/projects', {
    name: `昌吉抽查工地${run}`,
    regionCode: '652301',
    industry: 'housing',
    contractorUscc: uscc(70_000 + run),
    contractorName: `昌吉抽查建设公司${run}`,
    ownerName: '昌吉市城投公司',
    contractPriceFen: 1_000_000_000,
    permitDate: shanghaiDay(-30),
  });
  const { context, page, errors } = await signIn(browser, 'inspector.changji', '/inspection/cases');
  await page.getByRole('button', { name: '双随机抽查' }).click();
  const form = page.getByRole('form', { name: '抽查计划' });
  await form.getByLabel('抽查区域（行政区划代码）').fill('652301');
  await form.getByLabel('抽取项目数').fill('1');
  await form.getByLabel('每个项目选派人数').fill('1');
  await form.getByLabel('随机种子（留空则自动生成）').fill(`seed-${run}`);
  await form.getByRole('button', { name: '随机抽取' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`seed-${run}`);
  await expect(dialog).toContainText('抽查名单');
  await expect(dialog.getByRole('listitem')).toHaveCount(1);
  await expectAccessible(page);
  expect(errors).toEqual([]);
  await context.close();
});
