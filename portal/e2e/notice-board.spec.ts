// The housing regulator fills a project's rights notice board (维权信息告示牌) and downloads its 安薪码 to print.
import { expect, test } from '@playwright/test';
import { uscc } from '../../tests/support/fixtures';
import { apiAs, expectAccessible, shanghaiDay, signIn } from './support';

test('a regulator fills the notice board and downloads the printable QR code', async ({ browser }) => {
  const run = Date.now() % 100_000;
  const project = (await apiAs('housing.changji', 'POST', '/projects', {
    name: `昌吉告示牌工地${run}`,
    regionCode: '652301',
    industry: 'housing',
    contractorUscc: uscc(60_000 + run),
    contractorName: `昌吉告示牌建设公司${run}`,
    ownerName: '昌吉市城投公司',
    contractPriceFen: 1_000_000_000,
    permitDate: shanghaiDay(-30),
  })) as { id: string };
  const { context, page, errors } = await signIn(browser, 'housing.changji', `/projects/${project.id}`);
  const form = page.getByRole('form', { name: '维权信息告示牌' });
  await form.getByLabel('劳资专管员姓名').fill('王专管');
  await form.getByLabel('劳资专管员电话（对外显示时隐去中间四位）').fill('13987654321');
  await form.getByLabel('每月工资支付日').fill('15');
  await form.getByLabel('投诉电话（多个以逗号分隔）').fill('12333，0994-2345678');
  await form.getByLabel('劳动争议仲裁机构地址').fill('昌吉市劳动人事争议仲裁院');
  await form.getByLabel('法律援助机构地址').fill('昌吉市法律援助中心');
  await form.getByRole('button', { name: '保存告示牌' }).click();
  await expect(page.getByText('已保存，工人扫描安薪码即可看到')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /下载安薪码/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`安薪码-昌吉告示牌工地${run}.png`);
  const png = await file.createReadStream().then(async (s) => {
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  });
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  await expectAccessible(page);
  expect(errors).toEqual([]);
  await context.close();
});
