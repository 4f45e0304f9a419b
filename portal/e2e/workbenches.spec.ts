// Every dev user signs in through Keycloak's login page and lands on a workbench whose menu has exactly
// their role's entries; the header names them; no console errors; no serious accessibility violation.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible, menuEntries, signIn, USERS } from './support';

const shots = join(__dirname, '..', 'screenshots');
mkdirSync(shots, { recursive: true });

for (const [username, expected] of Object.entries(USERS)) {
  test(`${username} lands on a workbench with exactly their menu`, async ({ browser }) => {
    const { context, page, errors } = await signIn(browser, username);
    await expect(page.getByTestId('current-user')).toContainText(expected.name);
    expect(await menuEntries(page)).toEqual(expected.menu);
    // The landing page is the first entry's workbench, fully rendered.
    await expect(page.getByText(expected.menu[0]!, { exact: false }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page);
    await page.screenshot({ path: join(shots, `${username}-1366.png`) });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300); // let the layout settle at the phone breakpoint before the picture
    await page.screenshot({ path: join(shots, `${username}-390.png`) });
    // Every role's landing page reads only what its role may read: nothing at all may be logged.
    expect(errors).toEqual([]);
    await context.close();
  });
}
