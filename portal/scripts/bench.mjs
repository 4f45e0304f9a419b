// Prints the portal's initial JavaScript (gzip: the entry script and its modulepreloads from index.html)
// and, with PORTAL_URL of a running gateway, the time from opening the portal (already signed in) to the
// first workbench render in headless Chromium. Figures only; never a timed test.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gz = files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f))).length, 0);
console.log(`portal initial JS: ${files.length} files, ${(gz / 1024).toFixed(1)} KB gzip (budget 350 KB)`);

if (process.env.PORTAL_URL) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  await page.goto(process.env.PORTAL_URL);
  await page.getByLabel('Username or email').fill(process.env.PORTAL_USER ?? 'clerk.changji');
  await page.getByLabel('Password', { exact: true }).fill('demo');
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByTestId('current-user').waitFor();
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await page.reload();
    await page.getByRole('menu').first().getByRole('menuitem').first().waitFor();
    runs.push(Date.now() - t0);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `first workbench render (signed in, reload → menu): median ${runs[2]} ms, runs ${runs.join(', ')} ms`,
  );
  await browser.close();
}
