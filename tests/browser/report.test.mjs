// The HTML report (indeks report) in headless Chromium (Debian's
// /usr/bin/chromium) through playwright-core, at a desktop width (1280x900)
// and a phone's (390x844). Plain node, no test runner:
//
//   node report.test.mjs REPORT.html OUTDIR [NAME]
//
// Checks at both widths: no sideways scroll of the page (the document is no
// wider than the window; wide tables scroll inside their own box), the map's
// legend is HTML outside the SVG with one row per class, the SVG fits the
// window, and no script errors. Screenshots OUTDIR/NAME-desktop.png and
// OUTDIR/NAME-phone.png (the top of the page). Exits 1 on the first failed
// check, 0 when all pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [file, outDir, name = 'report'] = process.argv.slice(2);
if (!file || !outDir) {
  console.error('usage: node report.test.mjs REPORT.html OUTDIR [NAME]');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
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
  context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args, viewport: { width: 1280, height: 900 },
    locale: 'da-DK', timeout: 60000,
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  for (const [label, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
    await page.setViewportSize({ width, height });
    await page.goto(pathToFileURL(path.resolve(file)).href);
    const m = await page.evaluate(() => {
      const svg = document.querySelector('#map > svg');
      const legend = document.querySelector('#map .ix-legend');
      return {
        docWidth: document.documentElement.scrollWidth,
        win: window.innerWidth,
        svgWidth: svg ? svg.getBoundingClientRect().width : -1,
        legendRows: legend ? legend.querySelectorAll('li').length : 0,
        legendInSvg: legend ? legend.closest('svg') !== null : true,
        svgLegendText: svg ? svg.querySelectorAll('text').length : 0,
        fontPx: legend ? parseFloat(getComputedStyle(legend.querySelector('li')).fontSize) : 0,
      };
    });
    check(m.docWidth <= m.win, `${label}: no sideways scroll (page ${m.docWidth} px, window ${m.win} px)`);
    check(m.svgWidth > 0 && m.svgWidth <= m.win, `${label}: the map (${m.svgWidth} px) fits the window`);
    check(m.legendRows >= 2 && !m.legendInSvg, `${label}: the legend is HTML outside the SVG (${m.legendRows} rows)`);
    check(m.fontPx >= 13, `${label}: legend text ${m.fontPx} px, readable`);
    await page.screenshot({ path: path.join(outDir, `${name}-${label}.png`) });
  }
  check(problems.length === 0, `no script errors${problems.length ? ': ' + problems.join('; ') : ''}`);
} catch (e) {
  console.error(e.message);
  status = 1;
} finally {
  if (context) await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(status);
