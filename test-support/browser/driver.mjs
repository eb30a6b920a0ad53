// Headless Chromium for the browser tests of every module (test-support's BrowserDriver runs it): a
// module's driver script imports this, defines its page's commands and calls serve(commands). The Java
// side sends one JSON command per line on stdin and reads one JSON answer per line on stdout:
// {"id", "ok", "value"} or {"id", "ok": false, "error", "screenshot"}. Debian's Chromium, driven by
// playwright-core (never a downloaded browser). `page` and `context` are live bindings: set by launch().
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = process.env.ARTIFACTS || 'target/browser-screenshots';
// The flags this machine needs (no network beyond loopback, no GPU, running as root).
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export let context = null;
export let page = null;
let profile = null;
/** Page errors, console errors and warnings, failed requests: what a test asks for with `problems`. */
export const problems = [];

/** Starts Chromium with a fresh profile and one page, recording its problems. */
export async function launch() {
  profile = mkdtempSync(join(tmpdir(), 'browser-driver-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1366, height: 768 },
    reducedMotion: 'reduce',
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()} (${m.location()?.url ?? ''})`);
  });
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
}

/** Polls {@code probe} in the page until {@code accept} holds; returns the last value. */
export async function until(probe, arg, accept, timeoutMs, what) {
  const deadline = Date.now() + (timeoutMs ?? 10000);
  let last;
  for (;;) {
    last = await page.evaluate(probe, arg);
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Saves a screenshot of the page under ARTIFACTS; its path. */
export async function screenshot(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name + '.png');
  await page.screenshot({ path });
  return path;
}

/** Closes the browser and removes its profile. */
export async function close() {
  if (context) await context.close();
  context = null;
  page = null;
  if (profile) rmSync(profile, { recursive: true, force: true });
  profile = null;
  return true;
}

/**
 * Answers the commands read from stdin until `close` (or the end of input), then closes the browser and
 * exits. A failed command's answer names the error and a screenshot taken at that moment.
 */
export async function serve(commands) {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let request;
    try {
      request = JSON.parse(line);
    } catch (e) {
      process.stdout.write(JSON.stringify({ id: null, ok: false, error: 'not JSON: ' + e.message }) + '\n');
      continue;
    }
    const { id, cmd, args } = request;
    try {
      if (!commands[cmd]) throw new Error('unknown command ' + cmd);
      const value = await commands[cmd](args ?? {});
      process.stdout.write(JSON.stringify({ id, ok: true, value: value ?? null }) + '\n');
    } catch (e) {
      let shot = null;
      try {
        if (page) shot = await screenshot(`failure-${id}-${cmd}`);
      } catch {
        // no screenshot: the page itself is gone
      }
      process.stdout.write(JSON.stringify({ id, ok: false, error: String(e?.stack ?? e), screenshot: shot }) + '\n');
    }
    if (cmd === 'close') break;
  }
  await close().catch(() => {});
  process.exit(0);
}
