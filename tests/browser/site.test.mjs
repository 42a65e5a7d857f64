// indeks serve in headless Chromium (Debian's /usr/bin/chromium), driven by
// playwright-core (no browser download). Plain node, no test runner:
//
//   node site.test.mjs URL OUTDIR [CODE NAME]
//
// URL is a running `indeks serve` (tests/browser/run.sh starts the demo on a
// free loopback port), OUTDIR gets the screenshots. Checks: the ranked list
// of the newest edition has 98 municipality shapes in its map and the site's
// script ran; hovering one shows the tooltip naming it (and marks its row in
// the ranked list); leaving hides it; clicking it lands on /kommune/<code>,
// the profile of the same municipality; the home page shows both indices'
// maps; every page at 1280x900 and at 390x844 has no sideways
// scroll (document.scrollingElement.scrollWidth <= innerWidth), with a
// screenshot each (OUTDIR/<page>-desktop.png, -phone.png); no script errors
// or CSP violations on the way.
// Exits 1 on the first failed check, 0 when all pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [url, outDir, code = '101', name = 'København'] = process.argv.slice(2);
if (!url || !outDir) {
  console.error('usage: node site.test.mjs URL OUTDIR [CODE NAME]');
  process.exit(2);
}
const base = url.replace(/\/+$/, '');
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
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'indeks-chromium-'));
let context = null;
let status = 0;
try {
  // launchPersistentContext: a fresh, throwaway user-data-dir of our own.
  context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args,
    viewport: { width: 1280, height: 900 }, locale: 'da-DK', timeout: 60000,
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Failed requests are caught below with their address (the console's
  // "Failed to load resource" says none); the browser's own /favicon.ico
  // probe is no page's doing and may be 404.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico')
      problems.push(`${r.status()} for ${r.url()}`);
  });

  // The home page: both indices, each with its map.
  const home = await page.goto(`${base}/`, { waitUntil: 'load' });
  check(home && home.status() === 200, `GET / answers 200 (got ${home && home.status()})`);
  check(await page.locator('figure.map > svg').count() === 2, 'the home page shows two maps (both indices)');
  const editions = await (await page.request.get(`${base}/api/v1/editions`)).json();
  const ids = editions.editions.map((e) => e.id);
  const newest = ids[0];

  // The newest edition's page: the map and ranked list.
  const res = await page.goto(`${base}/edition/${newest}`, { waitUntil: 'load' });
  check(res && res.status() === 200, `GET /edition/${newest} answers 200 (got ${res && res.status()})`);
  check((res.headers()['content-security-policy'] || '').includes("script-src 'self'"),
    '/ is served with a strict Content-Security-Policy');
  const shapes = page.locator('figure.map svg path[data-kommunekode]');
  const count = await shapes.count();
  check(count === 98, `98 municipality shapes in the map (found ${count})`);
  const codes = new Set(await shapes.evaluateAll((ps) => ps.map((p) => p.getAttribute('data-kommunekode'))));
  check(codes.size === 98, `98 distinct municipality codes on the shapes (found ${codes.size})`);
  // app.js ran (it makes every shape a focusable link); under the CSP that
  // means the external script was allowed and nothing inline was needed.
  const linked = await page.locator('path[data-kommunekode][role="link"][tabindex="0"]').count();
  check(linked === 98, `app.js made all 98 shapes links (found ${linked})`);

  // Hover: the tooltip appears and names the municipality.
  const shape = page.locator(`figure.map svg path[data-kommunekode="${code}"]`);
  check(await shape.count() === 1, `a shape for municipality ${code}`);
  const tip = page.locator('div.tooltip');
  check(await tip.count() === 1 && !(await tip.isVisible()), 'the tooltip exists and is hidden before hovering');
  // The shape's centre may lie on another municipality (København's holds
  // Frederiksberg): hover a point of the shape that is on top there.
  await shape.scrollIntoViewIfNeeded();
  const spot = await shape.evaluate((p) => {
    const b = p.getBBox(), m = p.getScreenCTM();
    for (let i = 1; i < 24; i++)
      for (let j = 1; j < 24; j++) {
        const pt = new DOMPoint(b.x + b.width * i / 24, b.y + b.height * j / 24);
        if (!p.isPointInFill(pt)) continue;
        const sp = pt.matrixTransform(m);
        if (document.elementFromPoint(sp.x, sp.y) === p) return { x: sp.x, y: sp.y };
      }
    return null;
  });
  check(spot !== null, `a point of ${code}'s shape is on top of the map`);
  if (spot) await page.mouse.move(spot.x, spot.y);
  else await shape.hover();
  await tip.waitFor({ state: 'visible' });
  const tipText = (await tip.textContent()) || '';
  check(tipText.includes(name), `hovering ${code} shows a tooltip naming ${name} ("${tipText}")`);
  const box = await tip.boundingBox();
  check(box && box.width > 0 && box.height > 0, 'the tooltip has a size on screen');
  check(await page.locator(`tr.hover[data-kode="${code}"]`).count() === 1,
    `hovering ${code} marks its row in the ranked list`);
  const shot = path.join(outDir, 'site.png');
  await page.screenshot({ path: shot, fullPage: false });
  check(fs.statSync(shot).size > 10000, `screenshot saved: ${shot}`);

  // Leaving the shape hides the tooltip again.
  await page.mouse.move(2, 2);
  await tip.waitFor({ state: 'hidden' });
  check(!(await tip.isVisible()), 'the tooltip hides when the pointer leaves');

  // Click: the municipality's profile.
  await Promise.all([page.waitForURL(`${base}/kommune/${code}`), spot ? page.mouse.click(spot.x, spot.y) : shape.click()]);
  check(new URL(page.url()).pathname === `/kommune/${code}`, `clicking lands on /kommune/${code} (${page.url()})`);
  const h1 = (await page.locator('h1').first().textContent()) || '';
  check(h1.includes(name), `the profile's heading names ${name} ("${h1.trim()}")`);
  check(await page.locator('svg.chart').count() >= 1, 'the profile shows its history chart');
  const shot2 = path.join(outDir, `kommune-${code}.png`);
  await page.screenshot({ path: shot2, fullPage: true });
  check(fs.statSync(shot2).size > 10000, `screenshot saved: ${shot2}`);

  check(problems.length === 0, `no script errors, CSP violations or failed requests${problems.length ? ': ' + problems.join('; ') : ''}`);

  // Every page at desktop and phone width: nothing wider than the screen.
  const pages = [['home', '/'], ...ids.map((id) => [`edition-${id}`, `/edition/${id}`]),
    [`kommune-${code}`, `/kommune/${code}`], ['sammenlign', `/sammenlign?a=${code}&b=147`],
    ['ikke-fundet', '/kommune/999']];
  const sizes = [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]];
  for (const [label, size] of sizes) {
    await page.setViewportSize(size);
    for (const [name, p] of pages) {
      const r = await page.goto(`${base}${p}`, { waitUntil: 'load' });
      check(r && (r.status() === 200 || (name === 'ikke-fundet' && r.status() === 404)), `${p} at ${label} answers`);
      const w = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
      check(w[0] <= w[1], `${p} at ${label} ${size.width}px: no sideways scroll (scrollWidth ${w[0]}, innerWidth ${w[1]})`);
      // Tables that scroll inside their own box still hide columns on a phone:
      // the comparison and the ranked list must fit whole.
      const wide = await page.evaluate(() => Array.from(document.querySelectorAll('table.compare, #rangliste'))
        .filter((t) => t.getBoundingClientRect().right > window.innerWidth + 0.5).length);
      check(wide === 0, `${p} at ${label}: ${wide} comparison or ranked-list tables wider than the screen`);
      const file = path.join(outDir, `${name}-${label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      check(fs.statSync(file).size > 5000, `screenshot ${file}`);
    }
  }
  // The 404 page above is the one expected failed request.
  problems.splice(0, problems.length, ...problems.filter((x) => !x.includes('/kommune/999')));
  check(problems.length === 0, `no script errors at either width${problems.length ? ': ' + problems.join('; ') : ''}`);
  console.log(`${passed} passed, 0 failed`);
} catch (e) {
  console.error(e && e.message ? e.message : e);
  console.log(`${passed} passed, 1 failed`);
  status = 1;
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(status);
