// GUSA in headless Chromium (Debian's /usr/bin/chromium, playwright-core):
// a parent logs in at the test identity provider, opens a dialogue about
// their child from the form on /gusa/, and invites a job-centre worker and
// a § 85 support worker from the case page; no script errors, failed
// requests or CSP violations on the way; the pages fit 390 px without
// sideways scrolling. Run by tests/browser/run_gusa.sh:
//
//   node gusa.test.mjs BASE OUTDIR JOBCENTRE_STAFF_ID S85_STAFF_ID
//
// Exits 1 on the first failed check, 0 when all pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, outDir, jobId, s85Id] = process.argv.slice(2);
if (!base || !outDir || !jobId || !s85Id) {
  console.error('usage: node gusa.test.mjs BASE OUTDIR JOBCENTRE_STAFF_ID S85_STAFF_ID');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let passed = 0;
function check(cond, what) {
  if (!cond) throw new Error(`FAIL: ${what}`);
  passed++;
  console.log(`ok ${passed} - ${what}`);
}

fs.mkdirSync(outDir, { recursive: true });
let status = 0;
for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['390px', { width: 390, height: 844 }]]) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'indeks-chromium-'));
  let context = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath, headless: true, args, viewport, locale: 'da-DK', timeout: 60000,
    });
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(15000);
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console error: ${m.text()}`);
    });
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (r.status() >= 400 && u.pathname !== '/favicon.ico' && u.origin === new URL(base).origin)
        problems.push(`${r.status()} for ${r.url()}`);
    });
    const fits = async (what) => {
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      check(w <= viewport.width, `${label}: ${what} fits ${viewport.width} px (scrollWidth ${w})`);
    };

    // The login page, then the login at the provider (the hint names the
    // synthetic parent; the provider logs them straight in).
    let res = await page.goto(`${base}/gusa/`);
    check(res.status() === 200, `${label}: /gusa/ answers 200`);
    check(await page.getByRole('link', { name: /Log ind med MitID/ }).count() === 1,
      `${label}: the page offers MitID`);
    await fits('the login page');
    await page.goto(`${base}/gusa/login?idp=mitid&hint=parent`);
    await page.waitForURL(`${base}/gusa/`);
    check((await page.locator('h1').textContent()).includes('Jeres sager'), `${label}: logged in, "Jeres sager"`);

    // Open a dialogue: the child by name, a heading, why.
    const child = page.getByLabel('Hvilket barn handler det om?');
    check(await child.count() === 1, `${label}: the child is chosen by name`);
    await page.getByLabel('Overskrift').fill(`Ida i skolen (${label})`);
    await page.getByLabel('Hvorfor vil du tale sammen?').fill('Vi vil gerne tale om, hvordan Ida har det.');
    await Promise.all([page.waitForURL(/\/gusa\/sager\/\d+$/), page.getByRole('button', { name: 'Start dialogen' }).click()]);
    check((await page.locator('h1').textContent()).includes(`Ida i skolen (${label})`), `${label}: the case page opens`);
    const order = await page.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent));
    check(order.findIndex((t) => t.includes('ressourcer')) < order.findIndex((t) => t.includes('bekymrede')),
      `${label}: resources come before concerns`);
    await fits('the case page');

    // Invite the job-centre worker and the § 85 support worker.
    for (const [id, centre, who] of [[jobId, 'arbejdsmarked', 'job-centre'], [s85Id, 'social', '§ 85']]) {
      await page.getByLabel('Medarbejderens nummer').fill(String(id));
      await page.getByLabel('Center').selectOption(centre);
      await Promise.all([page.waitForURL(/\/gusa\/sager\/\d+$/), page.getByRole('button', { name: 'Send invitation' }).click()]);
      check(/\/gusa\/sager\/\d+$/.test(page.url()), `${label}: the ${who} worker is invited, back on the case page`);
    }
    // Keyboard: from the staff number field, Tab reaches the centre choice
    // and then the button (the form works without a mouse).
    await page.getByLabel('Medarbejderens nummer').focus();
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'i-centre',
      `${label}: Tab goes from the staff number to the centre`);
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement && document.activeElement.textContent) === 'Send invitation',
      `${label}: and on to "Send invitation"`);
    await page.screenshot({ path: path.join(outDir, `gusa-case-${label}.png`), fullPage: true });
    check(problems.length === 0, `${label}: no script errors, CSP violations or failed requests${problems.length ? ': ' + problems.join('; ') : ''}`);
  } catch (e) {
    console.error(e && e.message ? e.message : e);
    status = 1;
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (status) break;
}
console.log(`${passed} passed, ${status ? 1 : 0} failed`);
process.exit(status);
