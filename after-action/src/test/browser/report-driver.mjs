// Drives an after-action report (report.html, opened from file://) in Debian's Chromium for the JUnit
// test ReportTest: every request the page makes is recorded through the DevTools protocol (Network
// domain), so the test can check that nothing but the page's own file was asked for; the other commands
// read what the page shows and move its version slider. Launching Chromium and the command loop are
// test-support's shared driver (test-support/browser/driver.mjs).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS, close as closeBrowser, context, launch, page, problems, serve,
} from '../../../../test-support/browser/driver.mjs';

const requests = [];

/** What the page shows: the map's drawn shapes, the slider's label, and the report's API. */
const state = () => ({
  label: document.getElementById('step-label').textContent,
  slider: Number(document.getElementById('step').value),
  drawn: document.querySelectorAll('.leaflet-overlay-pane path').length,
  shown: window.afterActionReport.shown(),
});

const commands = {
  /** Opens {@code url} in a fresh page whose every request (DevTools Network domain) is recorded. */
  async open({ url }) {
    if (!context) await launch();
    const cdp = await context.newCDPSession(page);
    cdp.on('Network.requestWillBeSent', (e) => requests.push(e.request.url));
    await cdp.send('Network.enable');
    await page.goto(url, { waitUntil: 'load' });
    return page.url();
  },

  /** Every request the page made since it was opened, in order. */
  async requests() {
    return requests.slice();
  },

  /** The page's content as text: headings, every table's cells by table id, the chart's lanes. */
  async content() {
    return page.evaluate(() => ({
      title: document.title,
      h1: document.querySelector('h1').textContent,
      headings: [...document.querySelectorAll('h2')].map((h) => h.textContent),
      tables: Object.fromEntries([...document.querySelectorAll('table[id]')].map((t) => [t.id,
        [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent))])),
      empty: [...document.querySelectorAll('p.none[id]')].map((p) => p.id),
      lanes: [...document.querySelectorAll('#status-chart .lane')].map((g) => g.dataset.incident),
      conflictMarks: document.querySelectorAll('#status-chart .conflict-mark').length,
      deadLetterMarks: document.querySelectorAll('#status-chart .dead-letter-mark').length,
      steps: window.afterActionReport.steps,
      versionButtons: document.querySelectorAll('#versions button').length,
      images: document.querySelectorAll('img').length,
      scripts: document.scripts.length,
      injected: window.__injected ?? null,
    }));
  },

  /** Moves the version slider as a drag does (its value set, an input event); what the map then shows. */
  async slide({ step }) {
    await page.locator('#step').evaluate((el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, step);
    return page.evaluate(state);
  },

  /** Presses keys on the focused slider (Home, End, ArrowLeft, ...); what the map then shows. */
  async keys({ keys }) {
    await page.focus('#step');
    for (const k of keys) await page.keyboard.press(k);
    return page.evaluate(state);
  },

  /** Clicks an element (the previous / next buttons, a version in the list); what the map then shows. */
  async click({ selector }) {
    await page.click(selector);
    return page.evaluate(state);
  },

  async screenshot({ name, fullPage = false }) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, name + '.png');
    await page.screenshot({ path, fullPage });
    return path;
  },

  async problems() {
    return problems.splice(0);
  },

  async close() {
    return closeBrowser();
  },
};

await serve(commands);
