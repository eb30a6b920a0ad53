// Replay mode's state: the subscription (from the last instant shown, after a reconnect too), the
// frames and statuses it follows, the changes it remembers (in order, without sorting), the slider
// and the step targets; and the replay bar, drawn once per animation frame however many frames arrive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './fakes.mjs';

const { ReplayMode, mayReplay, insertSorted } = await import(JS('replay-mode.mjs'));
const { ReplayPanel } = await import(JS('replay-panel.mjs'));

const T0 = Date.parse('2026-11-22T14:00:00Z');
const at = (s) => new Date(T0 + s * 1000).toISOString();

test('who may replay: eoc, supervisor, analyst', () => {
  assert.equal(mayReplay(['analyst']), true);
  assert.equal(mayReplay(['supervisor', 'x']), true);
  assert.equal(mayReplay(['dispatcher']), false);
  assert.equal(mayReplay(undefined), false);
});

test('the subscription goes on from the last instant shown', () => {
  const m = new ReplayMode();
  assert.throws(() => m.start({ from: T0 + 10, to: T0, speed: 1 }));
  m.start({ from: T0, to: T0 + 3600 * 1000, speed: 10 });
  assert.deepEqual(m.subscription({ status: ['active'] }), {
    channel: 'replay', filters: { status: ['active'] },
    extra: { from: at(0), to: at(3600), speed: 10 },
  });
  m.onFrame('snapshot', null, { instant: at(0) });
  m.onFrame('update', { id: 'A' }, { instant: at(12), append_time: at(12), event_time: at(11) });
  m.onStatus({ state: 'paused', instant: at(15), speed: 25 });
  assert.equal(m.state, 'paused');
  assert.equal(m.subscription({}).extra.from, at(15), 'a reconnect asks for the picture where it stood');
  assert.equal(m.subscription({}).extra.speed, 25);
});

test('changes are remembered per incident; the previous one is before the current instant', () => {
  const m = new ReplayMode();
  m.start({ from: T0, to: T0 + 600 * 1000, speed: 'max' });
  for (const s of [5, 20, 20, 40]) m.onFrame('update', { id: 'A' }, { instant: at(s), append_time: at(s) });
  m.onFrame('update', { id: 'B' }, { instant: at(50), append_time: at(50) });
  assert.deepEqual(m.changes.get('A'), [5, 20, 40].map((s) => T0 + s * 1000));
  assert.equal(m.previousChange('A'), T0 + 40 * 1000);
  m.onStatus({ state: 'paused', instant: at(40) });
  assert.equal(m.previousChange('A'), T0 + 20 * 1000, 'strictly before the instant shown');
  assert.equal(m.previousChange('B'), null);
  assert.equal(m.previousChange('nobody'), null);
});

test('changes arriving out of order or twice are kept ascending and distinct', () => {
  const m = new ReplayMode();
  m.start({ from: T0, to: T0 + 600 * 1000, speed: 'max' });
  for (const s of [40, 5, 20, 5, 40, 30]) m.onFrame('update', { id: 'A' }, { instant: at(s), append_time: at(s) });
  assert.deepEqual(m.changes.get('A'), [5, 20, 30, 40].map((s) => T0 + s * 1000));
  m.onStatus({ state: 'paused', instant: at(30) });
  assert.equal(m.previousChange('A'), T0 + 20 * 1000);
  m.onStatus({ state: 'paused', instant: at(5) });
  assert.equal(m.previousChange('A'), null, 'none before the first');
  m.onStatus({ state: 'paused', instant: at(600) });
  assert.equal(m.previousChange('A'), T0 + 40 * 1000);
});

test('binary insertion keeps what sorting would give', () => {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) % 300;
  const list = [];
  const all = [];
  for (let i = 0; i < 2000; i += 1) {
    const v = i % 3 === 0 ? i : next(); // mostly ascending, as a replay brings them, with stragglers and repeats
    all.push(v);
    insertSorted(list, v);
  }
  assert.deepEqual(list, [...new Set(all)].sort((a, b) => a - b));
});

/** A stand-in for the bar's elements: what the panel sets, and the listeners it adds. */
function fakeElement() {
  const listeners = {};
  return {
    hidden: false, disabled: false, textContent: '', value: '', dataset: {}, attributes: {}, children: [], writes: 0,
    addEventListener(type, fn) { listeners[type] = fn; },
    fire(type) { listeners[type]?.(); },
    append(child) { this.children.push(child); },
    setAttribute(name, value) { this.attributes[name] = value; },
    focus() {},
  };
}

test('the replay bar is drawn at most once per animation frame', () => {
  globalThis.Option ??= class { constructor(text, value) { this.text = text; this.value = value; } };
  const classes = new Set();
  globalThis.document ??= { body: { classList: { toggle: (c, on) => (on ? classes.add(c) : classes.delete(c)) } } };
  const names = ['open', 'bar', 'form', 'from', 'to', 'speed', 'play', 'slider', 'prev', 'next', 'live', 'banner', 'error'];
  const els = Object.fromEntries(names.map((n) => [n, fakeElement()]));
  let banners = 0;
  const banner = els.banner;
  Object.defineProperty(banner, 'textContent', { get() { return this.text ?? ''; }, set(v) { banners += 1; this.text = v; } });
  const frames = [];
  const mode = new ReplayMode();
  const panel = new ReplayPanel({ els, mode, on: {}, requestFrame: (fn) => frames.push(fn) });

  mode.start({ from: T0, to: T0 + 1000 * 1000, speed: 'max' });
  panel.changed();
  mode.onStatus({ state: 'playing', instant: at(0) });
  panel.changed();
  for (let s = 1; s <= 500; s += 1) {
    mode.onFrame('update', { id: `I${s % 7}` }, { instant: at(s), append_time: at(s) });
    panel.changed();
  }
  assert.equal(frames.length, 1, 'one animation frame asked for 502 changes');
  assert.equal(banners, 0, 'nothing drawn before the frame');
  frames.shift()();
  assert.equal(banners, 1, 'drawn once');
  assert.match(banner.textContent, /^Replay · .* · max · playing$/);
  assert.equal(banner.dataset.instant, at(500), 'the latest instant, not one per frame');
  assert.equal(els.slider.value, '500');
  assert.equal(els.play.textContent, 'Pause');
  assert.ok(classes.has('replaying'));

  mode.onStatus({ state: 'paused', instant: at(500) });
  panel.changed();
  assert.equal(frames.length, 1, 'a change after the frame asks for the next one');
  frames.shift()();
  assert.equal(banners, 2);
  assert.match(banner.textContent, /paused$/);
});

test('stepping forward ends at the next change of the selected incident', () => {
  const m = new ReplayMode();
  m.start({ from: T0, to: T0 + 600 * 1000, speed: 10 });
  m.stepping = 'A';
  assert.equal(m.onFrame('update', { id: 'B' }, { instant: at(3), append_time: at(3) }), null);
  assert.equal(m.onFrame('update', { id: 'A' }, { instant: at(7), append_time: at(7) }), T0 + 7000);
  assert.equal(m.stepping, null);
  assert.equal(m.onFrame('update', { id: 'A' }, { instant: at(9), append_time: at(9) }), null);
});

test('the slider maps the window onto 0..1000 and back', () => {
  const m = new ReplayMode();
  m.start({ from: T0, to: T0 + 1000 * 1000, speed: 1 });
  assert.equal(m.sliderValue(), 0);
  m.onStatus({ state: 'playing', instant: at(250) });
  assert.equal(m.sliderValue(), 250);
  assert.equal(m.instantAt(500), T0 + 500 * 1000);
  assert.equal(m.instantAt(5000), T0 + 1000 * 1000, 'clamped');
  m.stop();
  assert.equal(m.active, false);
});
