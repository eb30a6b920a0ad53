// Replay mode's state: the subscription (from the last instant shown, after a reconnect too), the
// frames and statuses it follows, the changes it remembers, the slider and the step targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './fakes.mjs';

const { ReplayMode, mayReplay } = await import(JS('replay-mode.mjs'));

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
