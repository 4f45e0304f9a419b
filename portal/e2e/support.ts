import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const portalUrl = (path = '/') => `${process.env.PORTAL_URL}${path}`;

/** Dev realm users and the menu each must see, exactly (API.md's roles, second wave included). */
export const USERS: Record<string, { name: string; menu: string[] }> = {
  'clerk.changji': { name: 'Li Na', menu: ['线索登记', '线索台账', '平台线索导入'] },
  'inspector.changji': { name: 'Wang Qiang', menu: ['监察案件'] },
  'inspector.lanzhou': { name: 'Zhang Wei', menu: ['监察案件'] },
  'chief.changji': { name: 'Wang Jun', menu: ['监察案件', '资金审批'] },
  'housing.changji': { name: 'Liu Yang', menu: ['工程项目', '欠薪预警'] },
  'transport.changji': { name: 'Zhao Lei', menu: ['工程项目', '欠薪预警'] },
  'water.changji': { name: 'Sun Min', menu: ['工程项目', '欠薪预警'] },
  'police.changji': { name: 'Chen Gang', menu: ['移送案件'] },
  'mediator.changji': { name: 'Zhao Min', menu: ['调解案件'] },
  'arbitrator.changji': { name: 'Sun Li', menu: ['仲裁案件'] },
  'judge.changji': { name: 'Zhou Jie', menu: ['强制执行'] },
  'finance.changji': { name: 'Wu Fang', menu: ['工程项目', '欠薪预警', '应急周转金'] },
  'credit.xinjiang': { name: 'Zheng Hua', menu: ['失信名单', '企业信用查询', '信用公示'] },
  'supervisor.xinjiang': { name: 'Ma Jun', menu: ['统计分析', '案件时间线'] },
  'supervisor.changji': { name: 'Huang Lei', menu: ['统计分析', '案件时间线'] },
  'legalaid.changji': { name: 'Zhou Hua', menu: ['法律援助'] },
  'admin.xinjiang': { name: 'Ma Qiang', menu: ['平台管理'] },
};

/** Console errors and failed page scripts, collected per page; a test ends by expecting none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Signs in through Keycloak's own login page and waits for the portal's menu. */
export async function signIn(
  browser: Browser,
  username: string,
  path = '/',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(portalUrl(path));
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill('demo');
  await page.getByRole('button', { name: 'Sign In' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  return { context, page, errors };
}

/** The portal's menu entries as the user sees them. */
export async function menuEntries(page: Page): Promise<string[]> {
  const items = page.getByRole('menu').first().getByRole('menuitem');
  await expect(items.first()).toBeVisible();
  return (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const r = await new AxeBuilder({ page: page as never }).analyze();
  const bad = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  expect(bad).toEqual([]);
}

/** A real access token (password grant of the dev realm) for setting up data through the API. */
export async function tokenFor(username: string): Promise<string> {
  const res = await fetch(`${process.env.KEYCLOAK_TEST_URL}/realms/wage/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'wage-portal',
      username,
      password: 'demo',
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function apiAs(username: string, method: string, path: string, body?: unknown) {
  const res = await fetch(portalUrl(`/api/v1${path}`), {
    method,
    headers: { authorization: `Bearer ${await tokenFor(username)}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json!;
}

export const shanghaiDay = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
