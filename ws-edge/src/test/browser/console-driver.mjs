// Drives the console in Debian's Chromium for the JUnit test ConsoleBrowserTest, which owns the
// scenario: it writes records to Kafka, cuts the WebSocket, and asks this driver, one JSON line per
// command on stdin, what the page shows. Each answer is one JSON line on stdout: {"id", "ok", "value"}
// or {"id", "ok": false, "error"}. Waits happen here, in the page, with a deadline, so the Java side
// stays a readable scenario. Launching Chromium, waiting and the command loop are test-support's
// shared driver (test-support/browser/driver.mjs); the commands below are the console's.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS, close as closeBrowser, context, launch, page, problems, serve, until,
} from '../../../../test-support/browser/driver.mjs';

const near = (a, b) => Math.abs(a - b) < 1e-6;

const commands = {
  async open({ url }) {
    if (!context) await launch();
    await page.goto(url, { waitUntil: 'load' });
    return page.url();
  },

  async mockDemoTokens({ tokens }) {
    await page.route('**/api/demo/tokens', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ tokens }) }));
    return true;
  },

  async signIn({ token }) {
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    await page.fill('#token-input', token);
    await page.click('#sign-in-button');
    return { url: page.url(), stored: await page.evaluate(() => sessionStorage.getItem('incident-console.token') !== null) };
  },

  async demoSignIn({ agency }) {
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    const button = page.locator(`#demo-buttons button[data-agency="${agency}"]`);
    await button.waitFor({ state: 'visible' });
    await button.click();
    return page.url();
  },

  async signOut() {
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    return page.evaluate(() => ({
      token: sessionStorage.getItem('incident-console.token'),
      cache: sessionStorage.getItem('incident-console.cache.v1'),
      incidents: window.incidentConsole.stats().incidents,
    }));
  },

  async waitStatus({ status, timeoutMs }) {
    await until(() => window.incidentConsole?.status(), null, (s) => s === status, timeoutMs, `status ${status}`);
    return page.locator('#status').innerText();
  },

  /** Waits until the map (and the list) show the incident as asked, or no longer show it. */
  async waitIncident({ id, present = true, lat, lng, style, timeoutMs }) {
    return until(
      (id) => ({
        map: window.incidentConsole.describe(id),
        listed: window.incidentConsole.listIds().includes(id),
        row: !!document.querySelector(`#incident-list .row[data-id="${CSS.escape(id)}"]`),
      }),
      id,
      (v) => present
        ? !!v.map && v.listed && (lat === undefined || near(v.map.lat, lat)) && (lng === undefined || near(v.map.lng, lng))
          && (style === undefined || v.map.style === style)
        : !v.map && !v.listed && !v.row,
      timeoutMs,
      `${id} ${present ? 'shown' : 'gone'}`);
  },

  async stats() {
    return page.evaluate(() => window.incidentConsole.stats());
  },

  async listIds() {
    return page.evaluate(() => window.incidentConsole.listIds());
  },

  /** The alerts panel as shown: ids of its entries, once {@code contains} is among them. */
  async alertIds({ contains, timeoutMs }) {
    return until(() => [...document.querySelectorAll('#alerts button')].map((b) => b.dataset.id), null,
      (ids) => !contains || ids.includes(contains), timeoutMs, `alert ${contains}`);
  },

  async waitConflicts({ count, timeoutMs }) {
    await until(() => document.querySelectorAll('#conflicts li').length, null, (n) => n >= count, timeoutMs, `${count} conflicts`);
    return page.locator('#conflicts').innerText();
  },

  async sortBy({ key }) {
    await page.click(`.sort button[data-sort="${key}"]`);
    await page.waitForTimeout(50);
    return page.evaluate(() => window.incidentConsole.listIds());
  },

  async applyFilters({ status = [], severity = [], agencies = '', types = '' }) {
    const open = await page.locator('#filters-panel').evaluate((d) => d.open);
    if (!open) await page.click('#filters-panel summary');
    for (const box of await page.locator('#filters input[type="checkbox"]').all()) {
      const [name, value] = await Promise.all([box.getAttribute('name'), box.getAttribute('value')]);
      await box.setChecked((name === 'status' ? status : severity).includes(value));
    }
    await page.fill('#filters input[name="agencies"]', agencies);
    await page.fill('#filters input[name="incident_types"]', types);
    await page.click('#filters button[type="submit"]');
    // Done filtering: fold the panel away again, as an operator would.
    await page.click('#filters-panel summary');
    return page.locator('#filter-summary').innerText();
  },

  /** Keyboard only: Tab-free focus on the list, the given keys, then Enter; the popup's text. */
  async keyboardShow({ keys }) {
    await page.focus('#incident-list');
    for (const k of keys) await page.keyboard.press(k);
    const active = await page.evaluate(() => {
      const list = document.getElementById('incident-list');
      return document.getElementById(list.getAttribute('aria-activedescendant'))?.dataset.id ?? null;
    });
    await page.keyboard.press('Enter');
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor({ state: 'visible', timeout: 5000 });
    return { active, popup: await popup.innerText(), shown: await page.evaluate((id) => window.incidentConsole.describe(id), active) };
  },

  /** Layout stability: the cumulative layout shift the page reported since it loaded. */
  async layoutShift() {
    return page.evaluate(() => new Promise((resolve) => {
      let total = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => resolve(total), 100);
    }));
  },

  async screenshot({ name }) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, name + '.png');
    await page.screenshot({ path });
    return path;
  },

  async reload() {
    await page.reload({ waitUntil: 'load' });
    return page.evaluate(() => window.incidentConsole.stats());
  },

  // --- benchmark (ConsoleBenchmark): page responsiveness under load, measured in the page -----------

  /** Waits until {@code count} incidents are drawn on the map; the time it took from the call. */
  async waitDrawn({ count, timeoutMs }) {
    const t0 = Date.now();
    await until(() => {
      const s = window.incidentConsole.stats();
      return { onMap: s.onMap, pending: s.pending, listed: window.incidentConsole.listIds().length };
    }, null, (v) => v.onMap >= count && v.pending === 0 && v.listed >= count, timeoutMs ?? 120000, `${count} drawn`);
    return Date.now() - t0;
  },

  /** Starts recording long tasks, frame intervals and slow input events (Event Timing, >= 16 ms). */
  async perfStart() {
    return page.evaluate(() => {
      const b = { longtasks: [], frames: [], events: [], running: true, t0: performance.now(), stats0: window.incidentConsole.stats() };
      window.__bench = b;
      b.observers = [
        new PerformanceObserver((l) => l.getEntries().forEach((e) => b.longtasks.push(e.duration))),
        new PerformanceObserver((l) => l.getEntries().forEach((e) => b.events.push({ name: e.name, duration: e.duration, delay: e.processingStart - e.startTime }))),
      ];
      b.observers[0].observe({ type: 'longtask' });
      b.observers[1].observe({ type: 'event', durationThreshold: 16 });
      let last = performance.now();
      const frame = (t) => {
        b.frames.push(t - last);
        last = t;
        if (b.running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      return true;
    });
  },

  /** What an operator does while the feed is busy: scroll and walk the list, re-sort, zoom the map. */
  async interact({ rounds }) {
    const latencies = [];
    for (let i = 0; i < rounds; i++) {
      await page.focus('#incident-list');
      for (const key of ['ArrowDown', 'ArrowDown', 'PageDown', 'ArrowUp']) {
        const t0 = Date.now();
        await page.keyboard.press(key);
        // Input to the next frame the page paints: what the operator feels.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        latencies.push(Date.now() - t0);
      }
      await page.click(`.sort button[data-sort="${i % 2 ? 'time' : 'severity'}"]`);
      await page.mouse.move(400, 400);
      await page.mouse.wheel(0, i % 2 ? 300 : -300);
      await page.waitForTimeout(700);
    }
    return latencies;
  },

  async perfStop() {
    return page.evaluate(() => {
      const b = window.__bench;
      b.running = false;
      b.observers.forEach((o) => o.disconnect());
      const seconds = (performance.now() - b.t0) / 1000;
      const stats = window.incidentConsole.stats();
      const q = (xs, p) => {
        if (!xs.length) return 0;
        const s = xs.slice().sort((a, c) => a - c);
        return s[Math.min(s.length - 1, Math.floor(p * s.length))];
      };
      const round = (x) => Math.round(x * 10) / 10;
      return {
        seconds: round(seconds),
        frames: b.frames.length,
        fps: round(b.frames.length / seconds),
        frameMs: { p50: round(q(b.frames, 0.5)), p95: round(q(b.frames, 0.95)), p99: round(q(b.frames, 0.99)), max: round(Math.max(...b.frames)) },
        framesOver50ms: b.frames.filter((f) => f > 50).length,
        longTasks: { count: b.longtasks.length, totalMs: round(b.longtasks.reduce((a, c) => a + c, 0)), max: round(Math.max(0, ...b.longtasks)), p95: round(q(b.longtasks, 0.95)) },
        slowEvents: { count: b.events.length, maxMs: round(Math.max(0, ...b.events.map((e) => e.duration))) },
        updatesReceived: stats.updates - b.stats0.updates,
        updatesPerSecond: round((stats.updates - b.stats0.updates) / seconds),
        incidentDraws: stats.drawn - b.stats0.drawn,
        incidents: stats.incidents,
        onMap: stats.onMap,
        pendingAtEnd: stats.pending,
        heapMB: performance.memory ? round(performance.memory.usedJSHeapSize / 1048576) : null,
        cacheKB: Math.round((sessionStorage.getItem('incident-console.cache.v1') ?? '').length / 1024),
      };
    });
  },

  /** Samples the page's main thread (CDP Profiler) for {@code ms}; the top functions by self time. */
  async cpuProfile({ ms, top = 25 }) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await page.waitForTimeout(ms);
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    const self = new Map();
    const dt = profile.timeDeltas;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${Math.round(v)} ms ${k}`);
  },

  /** Chromium's own timeline for {@code ms}: main-thread time by event (style, layout, paint, script). */
  async trace({ ms, top = 20 }) {
    const cdp = await page.context().newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    await page.waitForTimeout(ms);
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    // Wall time (dur) and the thread's CPU time (tdur): on a busy shared machine only the latter
    // compares between runs.
    const wall = new Map();
    const cpu = new Map();
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur || (main && (e.pid !== main.pid || e.tid !== main.tid))) continue;
      wall.set(e.name, (wall.get(e.name) ?? 0) + e.dur / 1000);
      cpu.set(e.name, (cpu.get(e.name) ?? 0) + (e.tdur ?? 0) / 1000);
    }
    return [...wall.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
      .map(([k, v]) => `${k}: ${Math.round(v)} ms wall, ${Math.round(cpu.get(k))} ms cpu`);
  },

  /** The basemap's tile images once {@code count} have loaded, with their referrer policy and the panes' order. */
  async tiles({ count = 1, timeoutMs }) {
    return until(() => ({
      tiles: [...document.querySelectorAll('.leaflet-tile-pane img.leaflet-tile')].map((img) => ({
        src: img.src, loaded: img.complete && img.naturalWidth > 0, referrerPolicy: img.referrerPolicy })),
      tilePaneZ: Number(getComputedStyle(document.querySelector('.leaflet-tile-pane')).zIndex),
      outlinePaneZ: Number(getComputedStyle(document.querySelector('.leaflet-base-pane')).zIndex),
      attribution: document.querySelector('.leaflet-control-attribution')?.textContent ?? '',
    }), null, (v) => v.tiles.filter((t) => t.loaded).length >= count, timeoutMs, `${count} tiles loaded`);
  },

  /** Whether the page may load an image from this URL (the content security policy decides). */
  async imageLoads({ url }) {
    return page.evaluate((src) => new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve(true);
      img.onerror = () => resolve(false);
      img.src = src;
    }), url);
  },

  async problems() {
    return problems.splice(0);
  },

  async close() {
    return closeBrowser();
  },
};

await serve(commands);
