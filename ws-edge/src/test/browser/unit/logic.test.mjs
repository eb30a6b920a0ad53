// The console's pure logic: settings, back-off, conflation, the incident store, filters, the cache,
// token claims and the incident presentation helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS, feature } from './fakes.mjs';

const { readSettings, DEFAULTS } = await import(JS('config.mjs'));
const { Backoff } = await import(JS('backoff.mjs'));
const { Conflator } = await import(JS('conflate.mjs'));
const { IncidentStore } = await import(JS('store.mjs'));
const { normalizeFilters, pollQuery, filtersKey, splitList } = await import(JS('filters.mjs'));
const { saveCache, loadCache, compact } = await import(JS('cache.mjs'));
const { decodeClaims, tokenProblem, fetchDemoTokens, TokenStore } = await import(JS('auth.mjs'));
const view = await import(JS('incident-view.mjs'));

class MemoryStorage {
  constructor(limit = Infinity) { this.map = new Map(); this.limit = limit; }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) {
    if (String(v).length > this.limit) { const e = new Error('quota'); e.name = 'QuotaExceededError'; throw e; }
    this.map.set(k, String(v));
  }
  removeItem(k) { this.map.delete(k); }
}

test('settings: query wins over localStorage, invalid or too small values keep the default', () => {
  const storage = new MemoryStorage();
  storage.setItem('incident-console.poll_ms', '2000');
  storage.setItem('incident-console.backoff_max_ms', '5000');
  const s = readSettings('?poll_ms=1000&ws_failures_before_polling=abc&conflate_ms=-5', storage);
  assert.equal(s.poll_ms, 1000);
  assert.equal(s.backoff_max_ms, 5000);
  assert.equal(s.ws_failures_before_polling, DEFAULTS.ws_failures_before_polling);
  assert.equal(s.conflate_ms, DEFAULTS.conflate_ms);
  assert.equal(readSettings('?poll_ms=10', null).poll_ms, DEFAULTS.poll_ms, 'below the 250 ms floor');
  assert.equal(readSettings('', null).poll_ms, 15000, 'the issue asks for 15 s by default');
});

test('back-off grows exponentially up to its ceiling, jittered within the upper half, and resets', () => {
  const low = new Backoff({ baseMs: 500, maxMs: 4000, random: () => 0 });
  assert.deepEqual([1, 2, 3, 4, 5].map(() => low.next()), [250, 500, 1000, 2000, 2000]);
  const high = new Backoff({ baseMs: 500, maxMs: 4000, random: () => 0.999999 });
  assert.deepEqual([1, 2, 3, 4, 5].map(() => high.next()), [500, 1000, 2000, 4000, 4000]);
  high.reset();
  assert.equal(high.next(), 500);
  const real = new Backoff({ baseMs: 1000, maxMs: 30000 });
  const delays = Array.from({ length: 50 }, () => { real.reset(); return real.next(); });
  assert.ok(new Set(delays).size > 10, 'jitter spreads reconnects of many consoles');
  assert.ok(delays.every((d) => d >= 500 && d <= 1000));
});

test('conflation: a quiet incident is drawn at once, a busy one at most once per interval, newest state only', () => {
  const c = new Conflator({ intervalMs: 1000 });
  c.mark('a', 0);
  assert.deepEqual(c.take(0), ['a']);
  // A burst of 50 changes within the next second: nothing until 1 s after the last draw.
  for (let t = 10; t < 500; t += 10) c.mark('a', t);
  c.mark('b', 100);
  assert.deepEqual(c.take(500), ['b']);
  assert.deepEqual(c.take(999), []);
  assert.deepEqual(c.take(1000), ['a']);
  assert.equal(c.size, 0);
  // Over 10 s of a change every 5 ms, an incident is drawn at most 11 times.
  let draws = 0;
  for (let t = 2000; t <= 12000; t += 5) {
    c.mark('hot', t);
    draws += c.take(t).length;
  }
  assert.ok(draws <= 11 && draws >= 10, `drawn ${draws} times`);
});

test('conflation: a frame takes at most its limit, the rest stay pending; markAll bypasses the interval', () => {
  const c = new Conflator({ intervalMs: 1000 });
  for (let i = 0; i < 10; i++) c.mark('i' + i, 0);
  assert.equal(c.take(0, 4).length, 4);
  assert.equal(c.size, 6);
  assert.equal(c.nextDue(), 0);
  c.markAll(['i0'], 5);
  assert.ok(c.take(5).includes('i0'), 'a snapshot redraws even what was just drawn');
});

test('store: snapshot reports only differences; updates by diff_type; stale versions ignored', () => {
  const s = new IncidentStore();
  assert.deepEqual(s.replaceAll([feature('A', 1), feature('B', 3)], 'p1').sort(), ['A', 'B']);
  assert.equal(s.position, 'p1');
  // Same B, newer A, C gone... and D new: only A and D change.
  assert.deepEqual(s.replaceAll([feature('A', 2), feature('B', 3), feature('D', 1)], 'p2').sort(), ['A', 'D']);
  assert.deepEqual(s.replaceAll([feature('A', 2)], 'p3').sort(), ['B', 'D']);

  assert.equal(s.applyUpdate('create', feature('E', 1), 'p4'), 'E');
  assert.equal(s.applyUpdate('update', feature('E', 2), 'p5'), 'E');
  assert.equal(s.applyUpdate('update', feature('E', 1), 'p6'), null, 'an older version never overwrites');
  assert.equal(s.applyUpdate('update', feature('E', 2), 'p6'), null, 'a repeat (resume) changes nothing');
  assert.equal(s.get('E').reconciliation.version, 2);
  assert.equal(s.position, 'p6', 'the position advances even when nothing changed');
  assert.equal(s.applyUpdate('delete', feature('E', 2), 'p7'), 'E');
  assert.equal(s.get('E'), undefined);
  assert.equal(s.applyUpdate('delete', feature('E', 2), 'p8'), null);
  assert.equal(s.applyUpdate('bogus', feature('F', 1), 'p9'), null);
});

test('store: a poll answer merges changes and deletions, or replaces when complete', () => {
  const s = new IncidentStore();
  s.replaceAll([feature('A', 1), feature('B', 1)], 'p1');
  const changed = s.applyPoll({ features: [feature('A', 2), feature('C', 1)], deleted: ['B', 'X'], position: 'p2', complete: false });
  assert.deepEqual(changed.sort(), ['A', 'B', 'C']);
  assert.equal(s.position, 'p2');
  assert.deepEqual([...s.byId.keys()].sort(), ['A', 'C']);
  s.applyPoll({ features: [feature('Z', 1)], deleted: [], position: 'p3', complete: true });
  assert.deepEqual([...s.byId.keys()], ['Z']);
});

test('filters: empty lists and all-ticked groups mean any; values checked as the schema does', () => {
  assert.deepEqual(normalizeFilters({ agencies: ['SFFD', 'sffd', 'x'], incident_types: [], status: ['active', 'contained', 'resolved'], severity: ['severe', 'critical', 'bogus'] }),
    { agencies: ['sffd'], severity: ['severe', 'critical'] });
  assert.deepEqual(splitList(' sffd, sfpd  calfire,,'), ['sffd', 'sfpd', 'calfire']);
  assert.equal(pollQuery({ agencies: ['sffd', 'sfpd'], status: ['active'] }, 'v1.0-4.1-2'),
    'since=v1.0-4.1-2&agencies=sffd%2Csfpd&status=active');
  assert.equal(pollQuery({}, null), '');
  assert.equal(filtersKey({ status: ['contained', 'active'] }), filtersKey({ status: ['active', 'contained'] }));
  assert.notEqual(filtersKey({ status: ['active'] }), filtersKey({}));
});

test('cache: round trip for the same agency and filters only; compact; a full storage drops the cache', () => {
  const storage = new MemoryStorage();
  const features = [feature('A', 3), feature('B', 1)];
  assert.ok(saveCache(storage, { agency: 'sffd', filtersKey: 'k', position: 'p9', features, savedAt: 1000 }));
  const back = loadCache(storage, { agency: 'sffd', filtersKey: 'k', now: 2000, maxAgeMs: 60000 });
  assert.equal(back.position, 'p9');
  assert.deepEqual(back.features.map((f) => f.id), ['A', 'B']);
  assert.equal(back.features[0].reconciliation.version, 3);
  assert.equal(back.features[0].reconciliation.source, undefined, 'source offsets are not needed to draw');
  assert.equal(loadCache(storage, { agency: 'sfpd', filtersKey: 'k', now: 2000, maxAgeMs: 60000 }), null, 'another agency never sees it');
  assert.equal(loadCache(storage, { agency: 'sffd', filtersKey: 'other', now: 2000, maxAgeMs: 60000 }), null);
  assert.equal(loadCache(storage, { agency: 'sffd', filtersKey: 'k', now: 100000, maxAgeMs: 60000 }), null, 'too old');
  assert.equal(saveCache(storage, { agency: 'sffd', filtersKey: 'k', position: null, features, savedAt: 1 }), false, 'no position, nothing to resume from');

  const tiny = new MemoryStorage(200);
  tiny.setItem('incident-console.cache.v1', '{"old":true}');
  assert.equal(saveCache(tiny, { agency: 'sffd', filtersKey: 'k', position: 'p', features, savedAt: 1 }), false);
  assert.equal(tiny.getItem('incident-console.cache.v1'), null, 'a stale smaller cache is not left behind');
  assert.ok(JSON.stringify(compact(features[0])).length < JSON.stringify(features[0]).length);
});

test('auth: claims decoded for display, expired or foreign tokens refused before connecting', async () => {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = (claims) => `${b64({ alg: 'HS256' })}.${b64(claims)}.sig`;
  const ok = token({ agency_id: 'sffd', roles: ['dispatcher'], exp: 2000, name: 'Zoë' });
  assert.deepEqual(decodeClaims(ok).roles, ['dispatcher']);
  assert.equal(decodeClaims(ok).name, 'Zoë', 'UTF-8 claims decode');
  assert.equal(tokenProblem(ok, 1000 * 1000), null);
  assert.match(tokenProblem(ok, 2000 * 1000), /expired/);
  assert.match(tokenProblem('not-a-token', 0), /not a console token/);
  assert.match(tokenProblem(token({ roles: [] }), 0), /no agency/);

  const store = new TokenStore(new MemoryStorage());
  store.set(ok);
  assert.equal(store.get(), ok);
  store.clear();
  assert.equal(store.get(), null);

  const answer = (status, body) => async () => ({ ok: status === 200, status, json: async () => body });
  assert.deepEqual(await fetchDemoTokens(answer(404, {})), []);
  assert.deepEqual(await fetchDemoTokens(async () => { throw new Error('offline'); }), []);
  const offered = await fetchDemoTokens(answer(200, { tokens: [{ agency_id: 'sffd', roles: ['dispatcher'], token: ok }, { label: 'junk' }] }));
  assert.deepEqual(offered, [{ label: 'sffd', agency_id: 'sffd', roles: ['dispatcher'], token: ok }]);
});

test('presentation: colours by status, size by severity, sort orders, anchors', () => {
  const crit = feature('A', 1, { severity: 'critical', time: '2026-11-22T19:00:00Z' });
  const minor = feature('B', 1, { severity: 'minor', status: 'resolved', time: '2026-11-22T19:10:00Z' });
  const none = feature('C', 1, { severity: undefined, time: '2026-11-22T19:05:00Z' });
  delete none.properties.severity;
  assert.ok(view.markerSize(crit) > view.markerSize(minor));
  assert.equal(view.styleKey(minor), 'resolved/minor');
  assert.notEqual(view.STATUS_COLOURS.active, view.STATUS_COLOURS.resolved);
  assert.deepEqual([crit, minor, none].sort(view.compareByTime).map((f) => f.id), ['B', 'C', 'A']);
  assert.deepEqual([minor, none, crit].sort(view.compareBySeverity).map((f) => f.id), ['A', 'B', 'C']);
  // The fast path sorts exactly as the comparators do.
  const many = Array.from({ length: 300 }, (_, i) => feature('F' + (i % 97) + '-' + i, 1, {
    severity: ['minor', 'moderate', 'severe', 'critical', undefined][i % 5], time: `2026-11-22T19:${String(i % 60).padStart(2, '0')}:00Z` }));
  assert.deepEqual(view.sortedIds(many, 'time'), many.slice().sort(view.compareByTime).map((f) => f.id));
  assert.deepEqual(view.sortedIds(many, 'severity'), many.slice().sort(view.compareBySeverity).map((f) => f.id));
  assert.deepEqual(view.anchorOf(crit), [37.7, -122.4]);
  const poly = { id: 'P', bbox: [-122.45, 37.76, -122.43, 37.78], geometry: { type: 'Polygon', coordinates: [[[-122.45, 37.76], [-122.43, 37.76], [-122.43, 37.78], [-122.45, 37.76]]] } };
  assert.deepEqual(view.anchorOf(poly).map((x) => x.toFixed(2)), ['37.77', '-122.44']);
  assert.ok(view.hasShape(poly) && !view.hasShape(crit));
  const across = { geometry: { type: 'MultiPolygon', coordinates: [] }, bbox: [179.5, -17.2, -179.5, -16.8] };
  assert.equal(Math.abs(view.anchorOf(across)[1]), 180, 'the centre of an antimeridian bbox lies on it');
  assert.deepEqual(view.bboxOf(poly.geometry), [-122.45, 37.76, -122.43, 37.78]);
  assert.equal(view.anchorOf({ geometry: null }), null);
  assert.equal(view.titleOf(none), 'Fire C');
  assert.equal(view.ago(0, 5), '');
  assert.equal(view.ago(1000, 1000 + 125000), '2 min ago');
});
