// GUSA in headless Chromium (Debian's /usr/bin/chromium, playwright-core),
// with every page checked by axe-core (wcag2a, wcag2aa, wcag21aa: no
// violations) at 1280 and 390 px. Per width:
//   a parent logs in at the test identity provider (MitID stand-in), opens a
//   dialogue, invites a job-centre (arbejdsmarked) worker and a § 85
//   (social) worker by e-mail from the case page;
//   the job-centre worker takes the link from the outbox's .eml, lands on
//   the login with `next`, logs in (medarbejder IdP) and lands back on the
//   invitation, accepts; adds a concern, an action (ladder step 2) and a
//   meeting with the parent;
//   the parent gives feedback on the meeting and grants, then revokes, a
//   consent to the worker;
// no script errors, failed requests or CSP violations on the way; the pages
// fit the width. Run by tests/browser/run_gusa.sh:
//
//   node gusa.test.mjs BASE OUTDIR JOB_EMAIL S85_EMAIL
//
// Exits 1 on the first failed check, 0 when all pass.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, outDir, jobEmail, s85Email] = process.argv.slice(2);
if (!base || !outDir || !jobEmail || !s85Email) {
  console.error('usage: node gusa.test.mjs BASE OUTDIR JOB_EMAIL S85_EMAIL');
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

// The invitation link in the outbox for an address, not one seen before.
const seen = new Set();
function linkFor(email) {
  const dir = path.join(outDir, 'outbox');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.eml')).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const m = text.match(/\/gusa\/invitation\/([0-9a-f]{64})/);
    if (m && text.includes(`To: ${email}`) && !seen.has(m[1])) {
      seen.add(m[1]);
      return `/gusa/invitation/${m[1]}`;
    }
  }
  return null;
}

fs.mkdirSync(outDir, { recursive: true });
let status = 0;
const browser = await chromium.launch({ executablePath, headless: true, args, timeout: 60000 });
for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['390px', { width: 390, height: 844 }]]) {
  const contexts = [];
  try {
    const problems = [];
    const open = async (who) => {
      const context = await browser.newContext({ viewport, locale: 'da-DK' });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      page.on('pageerror', (e) => problems.push(`${who}: page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
          problems.push(`${who}: console error: ${m.text()}`);
      });
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (r.status() >= 400 && u.pathname !== '/favicon.ico' && u.origin === new URL(base).origin)
          problems.push(`${who}: ${r.status()} for ${r.url()}`);
      });
      return page;
    };
    // axe-core, evaluated through the DevTools protocol (the site's CSP
    // allows no injected script, and stays on), then the width check.
    const audit = async (page, what) => {
      await page.evaluate(axeSource);
      const v = await page.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
        return r.violations.map((x) => `${x.id}: ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      check(v.length === 0, `${label}: ${what}: no WCAG 2.1 AA violations (axe)${v.length ? ': ' + v.join('; ') : ''}`);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      check(w <= viewport.width, `${label}: ${what} fits ${viewport.width} px (scrollWidth ${w})`);
    };
    const submit = async (page, button, anchor) => {
      await Promise.all([page.waitForURL(new RegExp(`/gusa/sager/\\d+#${anchor}$`)),
        page.getByRole('button', { name: button }).click()]);
      check(page.url().endsWith(`#${anchor}`), `${label}: "${button}" answered back on the case page at #${anchor}`);
    };

    // ---- the parent ------------------------------------------------------------------------
    const parent = await open('parent');
    let res = await parent.goto(`${base}/gusa/`);
    check(res.status() === 200, `${label}: /gusa/ answers 200`);
    check(await parent.getByRole('link', { name: /Log ind med MitID/ }).count() === 1, `${label}: the page offers MitID`);
    await audit(parent, 'the login page');
    await parent.goto(`${base}/gusa/login?idp=mitid&hint=parent`);
    await parent.waitForURL(`${base}/gusa/`);
    check((await parent.locator('h1').textContent()).includes('Jeres sager'), `${label}: logged in, "Jeres sager"`);
    await audit(parent, 'the parent\'s front page');
    check(await parent.getByLabel('Hvilket barn handler det om?').count() === 1, `${label}: the child is chosen by name`);
    const title = `Ida i skolen (${label})`;
    await parent.getByLabel('Overskrift').fill(title);
    await parent.getByLabel('Hvorfor vil du tale sammen?').fill('Vi vil gerne tale om, hvordan Ida har det.');
    await Promise.all([parent.waitForURL(/\/gusa\/sager\/\d+$/), parent.getByRole('button', { name: 'Start dialogen' }).click()]);
    const caseUrl = parent.url();
    check((await parent.locator('h1').textContent()).includes(title), `${label}: the case page opens`);
    const order = await parent.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent));
    check(order.findIndex((t) => t.includes('ressourcer')) < order.findIndex((t) => t.includes('bekymrede')),
      `${label}: resources come before concerns`);
    check(await parent.locator('#a-step-3').isDisabled(), `${label}: ladder step 3 is not offered to a parent`);
    await audit(parent, 'the parent\'s case page');
    // a resource of the network, by keyboard-reachable radio buttons
    await parent.getByLabel('Hvad går godt?').fill('Mormor henter Ida hver onsdag.');
    await parent.getByLabel('Netværkets', { exact: true }).check();
    await submit(parent, 'Gem det, der går godt', 'ressourcer');
    // invite the job-centre worker and the § 85 support worker by e-mail
    for (const [email, centre, who] of [[jobEmail, 'arbejdsmarked', 'job-centre'], [s85Email, 'social', '§ 85']]) {
      await parent.getByLabel('E-mailadresse på den, du vil invitere').fill(email);
      await parent.getByLabel('Medarbejderens center').selectOption(centre);
      await submit(parent, 'Send invitation', 'invitationer');
      check(linkFor(email) !== null || who === 'x', `${label}: the ${who} worker's invitation is in the outbox`);
    }
    const jobLink = [...seen].map((t) => `/gusa/invitation/${t}`)[seen.size - 2];

    // ---- the job-centre worker follows the link ----------------------------------------------
    const worker = await open('worker');
    await worker.goto(`${base}${jobLink}`);
    check(worker.url() === `${base}/gusa/?next=${jobLink}`, `${label}: the link without a session goes to the login with next`);
    const href = await worker.getByRole('link', { name: /medarbejder/ }).getAttribute('href');
    check(href === `/gusa/login?idp=medarbejder&next=${jobLink}`, `${label}: the staff login keeps next`);
    await audit(worker, 'the login page with next');
    // the test provider logs the user named by login_hint straight in
    await worker.goto(`${base}${href}&hint=medarbejder`);
    await worker.waitForURL(`${base}${jobLink}`);
    check(true, `${label}: after login the worker is back on the invitation`);
    await audit(worker, 'the invitation page');
    await Promise.all([worker.waitForURL(caseUrl), worker.getByRole('button', { name: 'Tag imod invitationen' }).click()]);
    check(worker.url() === caseUrl, `${label}: accepted, on the case page`);
    await worker.getByLabel('Hvad er du bekymret for?').fill('Ida kommer ofte for sent i skole.');
    await worker.getByLabel('Hvornår så du det? (dato)').fill('2026-11-02');
    await worker.getByLabel('Hvilken slags oplysning er det?').selectOption('skole');
    await submit(worker, 'Gem bekymringen', 'bekymringer');
    await worker.getByLabel('Hvilken hjælp?').fill('Mentor i jobcentret til mor.');
    await worker.getByLabel('Trin 2: Tidlig forebyggende hjælp').check();
    await worker.getByLabel('Lovgrundlag').selectOption('BL § 32');
    await worker.getByLabel('Startdato').fill('2026-12-01');
    await submit(worker, 'Gem hjælpen', 'indsatser');
    check(await worker.locator('.ladder-step').nth(2).getByText('Mentor i jobcentret til mor.').count() === 1,
      `${label}: the action is shown on step 2 of the ladder`);
    await worker.getByLabel('Hvornår var mødet? (dato)').fill('2026-12-01');
    for (const box of await worker.locator('#moeder input[name="attendees"]').all()) await box.check();
    await worker.getByLabel('Hvad blev der aftalt? (referat)').fill('Vi aftalte en mentor og et nyt møde i januar.');
    await submit(worker, 'Gem mødet', 'moeder');
    await audit(worker, 'the worker\'s case page');

    // ---- the parent: feedback, consent granted and revoked -----------------------------------
    await parent.goto(caseUrl);
    for (const [name, v] of [['heard', '4'], ['agreed', '5'], ['resources', '3']])
      await parent.locator(`#moeder input[name="${name}"][value="${v}"]`).check();
    await submit(parent, 'Send din tilbagemelding', 'moeder');
    check(await parent.getByText('Tak, du har givet din tilbagemelding.').count() === 1, `${label}: feedback given once`);
    await parent.getByLabel('Skole og dagtilbud').check();
    await parent.locator('#samtykker input[name="recipients"]').first().check();
    await parent.getByLabel('Hvad må de bruge oplysningerne til?').fill('Samarbejde om Idas skolegang');
    const validTo = new Date(Date.now() + 180 * 86400e3).toISOString().slice(0, 10); // always ahead
    await parent.getByLabel('Samtykket gælder til (dato)').fill(validTo);
    await submit(parent, 'Giv samtykke', 'samtykker');
    await audit(parent, 'the case page with a consent');
    await submit(parent, 'Træk samtykket tilbage', 'samtykker');
    check(await parent.locator('#samtykker').getByText('trukket tilbage').count() === 1, `${label}: the consent is revoked`);
    await parent.screenshot({ path: path.join(outDir, `gusa-case-${label}.png`), fullPage: true });

    // ---- a manager: /gusa/statistik with the 80/20 section (issue 16) ----------------------
    const leder = await open('leder');
    await leder.goto(`${base}/gusa/login?idp=medarbejder&hint=leder`);
    await leder.waitForURL(`${base}/gusa/`);
    res = await leder.goto(`${base}/gusa/statistik`);
    check(res.status() === 200, `${label}: the manager's /gusa/statistik answers 200`);
    check(await leder.locator('#koncentration h2').count() === 1, `${label}: the 80/20 section is there`);
    await audit(leder, 'the statistics page');

    // ---- a stakeholder proposes for Socialt Indeks (issue 17) --------------------------------
    const org = await open('stakeholder');
    res = await org.goto(`${base}/forslag`);
    check(res.status() === 200, `${label}: /forslag answers 200 without a session`);
    await audit(org, 'the proposals list');
    await org.goto(`${base}/gusa/login?idp=medarbejder&hint=revisor&for=forslag&next=/forslag/ny`);
    await org.waitForURL(`${base}/forslag/ny`);
    check(true, `${label}: the stakeholder's login returns to the form`);
    await audit(org, 'the proposal form');
    await org.getByLabel('Slags forslag').selectOption('anbefaling');
    await org.getByLabel('Indikatorens kode').fill('B01');
    const text = `Hold sagsbehandlingstiden under 30 dage – også i ferier (${label}).`;
    await org.getByLabel(/^Anbefaling/).fill(text);
    await org.getByLabel('Begrundelse').fill('Ferier giver pukler i børnesagerne.');
    await Promise.all([org.waitForURL(/\/forslag\/\d+$/),
      org.getByRole('button', { name: 'Send forslaget' }).click()]);
    check(await org.getByText(text).count() === 1, `${label}: the proposal's page shows the recommendation`);
    check(await org.getByText('Rødovre Kommune', { exact: false }).count() >= 1, `${label}: ... and the organisation`);
    check(await org.getByText('Forslagsstiller (SYNTHETIC)').count() === 0, `${label}: ... never the person`);
    await audit(org, 'a proposal\'s page');
    await org.screenshot({ path: path.join(outDir, `forslag-${label}.png`), fullPage: true });
    check(problems.length === 0, `${label}: no script errors, CSP violations or failed requests${problems.length ? ': ' + problems.join('; ') : ''}`);
  } catch (e) {
    console.error(e && e.message ? e.message : e);
    status = 1;
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
  }
  if (status) break;
}
await browser.close().catch(() => {});
console.log(`${passed} passed, ${status ? 1 : 0} failed`);
process.exit(status);
