// The connection state machine against a fake edge: auth and subscribe, resume without reload,
// back-off, the fall-back to polling and the way back to live, heartbeats, sign-out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS, FakeClock, fakeWebSocketClass, flush, feature } from './fakes.mjs';

const { LiveConnection } = await import(JS('connection.mjs'));
const { readSettings } = await import(JS('config.mjs'));

function harness({ settings = '?backoff_base_ms=1000&backoff_max_ms=8000&ws_failures_before_polling=3&poll_ms=15000', pollAnswer } = {}) {
  const clock = new FakeClock();
  const { FakeWebSocket, sockets } = fakeWebSocketClass();
  const events = [];
  const statuses = [];
  const positions = { incidents: null, alerts: null };
  const polls = [];
  const fetch = async (url, init) => {
    polls.push({ url, init, at: clock.t });
    const answer = pollAnswer ? pollAnswer(url) : { status: 200, body: { features: [], deleted: [], position: 'v1.0-9', complete: false } };
    if (answer instanceof Error) throw answer;
    return { ok: answer.status === 200, status: answer.status, json: async () => answer.body };
  };
  const handler = {
    onStatus: (s) => statuses.push(s),
    onAuth: (d) => events.push(['auth', d.agency_id]),
    onSubscribed: (c, resumed) => events.push(['subscribed', c, resumed]),
    onSnapshot: (c, f, p) => { positions[c] = p; events.push(['snapshot', c, f.length]); },
    onUpdate: (c, d, data, p) => { positions[c] = p; events.push(['update', c, d, data.id]); },
    onPoll: (c, body) => { positions[c] = body.position; events.push(['poll', body.features.length]); },
    onError: (code) => events.push(['error', code]),
    onSignedOut: (reason) => events.push(['signed-out', reason]),
    positionOf: (c) => positions[c],
  };
  const conn = new LiveConnection({
    wsUrl: 'ws://edge/ws', pollUrl: '/api/incidents', token: () => 'T0KEN',
    settings: readSettings(settings, null),
    subscriptions: () => [{ channel: 'incidents', filters: { status: ['active'] } }, { channel: 'alerts' }],
    handler,
    deps: { WebSocket: FakeWebSocket, fetch, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, random: () => 0.5, now: clock.now },
  });
  return { conn, clock, sockets, events, statuses, positions, polls, last: () => sockets[sockets.length - 1] };
}

/** Plays the edge through a successful session start on the newest socket. */
function goLive(h, { resumed = false } = {}) {
  const ws = h.last();
  ws.accept();
  ws.receive({ type: 'auth.success', timestamp: 't', data: { agency_id: 'sffd', roles: ['dispatcher'], expires_at: 'x' } });
  ws.receive({ type: 'subscribed', timestamp: 't', channel: 'incidents', data: { filters: {}, resumed } });
  if (!resumed) ws.receive({ type: 'snapshot', timestamp: 't', channel: 'incidents', data: { type: 'FeatureCollection', features: [feature('A', 1)] }, position: 'v1.0-1' });
  return ws;
}

test('session start: auth with the token, then subscribe per channel with filters, live on subscribed', () => {
  const h = harness();
  h.conn.start();
  assert.deepEqual(h.statuses, ['connecting']);
  const ws = goLive(h);
  assert.deepEqual(ws.sent[0], { type: 'auth', token: 'T0KEN' });
  assert.deepEqual(ws.sentOfType('subscribe'), [
    { type: 'subscribe', channel: 'incidents', filters: { status: ['active'] } },
    { type: 'subscribe', channel: 'alerts' },
  ]);
  assert.deepEqual(h.statuses, ['connecting', 'live']);
  assert.ok(h.sockets[0].url === 'ws://edge/ws' && !h.sockets[0].url.includes('T0KEN'), 'the token is never in the URL');
  ws.receive({ type: 'update', timestamp: 't', channel: 'incidents', diff_type: 'update', data: feature('A', 2), position: 'v1.0-2' });
  assert.deepEqual(h.events.at(-1), ['update', 'incidents', 'update', 'A']);
});

test('a dropped socket reconnects with back-off and resumes from the last position (no snapshot asked for)', async () => {
  const h = harness();
  h.conn.start();
  goLive(h).receive({ type: 'update', timestamp: 't', channel: 'incidents', diff_type: 'update', data: feature('A', 2), position: 'v1.0-2' });
  h.last().fail();
  assert.equal(h.conn.status, 'reconnecting');
  await h.clock.advance(499);
  assert.equal(h.sockets.length, 1, 'waits out the back-off (jittered 500..1000 ms at first)');
  await h.clock.advance(300);
  assert.equal(h.sockets.length, 2);
  const ws = goLive(h, { resumed: true });
  const incidents = ws.sentOfType('subscribe').find((m) => m.channel === 'incidents');
  assert.equal(incidents.resume_from, 'v1.0-2');
  assert.equal(h.conn.status, 'live');
  assert.ok(h.events.some((e) => e[0] === 'subscribed' && e[2] === true));
});

test('after N failed attempts the console polls /api/incidents?since=, keeps trying the socket, and goes live again', async () => {
  const h = harness({ settings: '?backoff_base_ms=1000&backoff_max_ms=4000&ws_failures_before_polling=3&poll_ms=15000' });
  h.conn.start();
  goLive(h);
  const delays = [];
  let t = h.clock.t;
  h.last().fail();
  for (let attempt = 0; attempt < 2; attempt++) {
    const before = h.sockets.length;
    while (h.sockets.length === before) await h.clock.advance(10);
    delays.push(h.clock.t - t);
    t = h.clock.t;
    h.last().fail();
  }
  assert.ok(delays[1] > delays[0], `back-off grows: ${delays}`);
  assert.equal(h.conn.status, 'polling');
  await flush();
  assert.equal(h.polls.length, 1);
  assert.equal(h.polls[0].url, '/api/incidents?since=v1.0-1&status=active');
  assert.equal(h.polls[0].init.headers.Authorization, 'Bearer T0KEN');
  assert.deepEqual(h.events.at(-1), ['poll', 0]);
  await h.clock.advance(15000);
  assert.equal(h.polls.length, 2, 'polls every poll_ms ' + JSON.stringify(h.polls.map((p) => [p.at, p.url])));
  assert.equal(h.polls[1].url, '/api/incidents?since=v1.0-9&status=active', 'from the position of the last poll');
  // Socket attempts go on, capped by the back-off ceiling; a failed one leaves the status at polling.
  const before = h.sockets.length;
  await h.clock.advance(4000);
  assert.ok(h.sockets.length > before, 'retries the WebSocket while polling');
  h.last().fail();
  assert.equal(h.conn.status, 'polling');
  await h.clock.advance(4000);
  const ws = goLive(h, { resumed: true });
  assert.equal(ws.sentOfType('subscribe')[0].resume_from, 'v1.0-9', 'resumes from the polled position');
  assert.equal(h.conn.status, 'live');
  const polled = h.polls.length;
  await h.clock.advance(15000);
  assert.equal(h.polls.length, polled, 'polling stops once live');
});

test('polls that fail show offline, and the next good poll shows polling again', async () => {
  let down = true;
  const h = harness({ settings: '?ws_failures_before_polling=1&poll_ms=1000&backoff_base_ms=60000&backoff_max_ms=60000',
    pollAnswer: () => (down ? new Error('network') : { status: 200, body: { features: [feature('B', 1)], deleted: [], position: 'p', complete: true } }) });
  h.conn.start();
  h.last().fail();
  await flush();
  assert.equal(h.conn.status, 'offline');
  down = false;
  await h.clock.advance(1000);
  assert.equal(h.conn.status, 'polling');
  assert.deepEqual(h.events.at(-1), ['poll', 1]);
});

test('a poll answered 401 signs out; auth.failed and AUTH_EXPIRED too, and nothing reconnects after', async () => {
  const h = harness({ settings: '?ws_failures_before_polling=1', pollAnswer: () => ({ status: 401, body: { error: { code: 'AUTH_FAILED', message: 'expired' } } }) });
  h.conn.start();
  h.last().fail();
  await flush();
  assert.equal(h.conn.status, 'signed-out');
  assert.deepEqual(h.events.at(-1), ['signed-out', 'expired']);

  const h2 = harness();
  h2.conn.start();
  h2.last().accept();
  h2.last().receive({ type: 'auth.failed', timestamp: 't', error: { code: 'AUTH_FAILED', message: 'signature does not verify' } });
  assert.equal(h2.conn.status, 'signed-out');
  await h2.clock.advance(120000);
  assert.equal(h2.sockets.length, 1, 'no reconnect with a refused token');

  const h3 = harness();
  h3.conn.start();
  goLive(h3).receive({ type: 'error', timestamp: 't', error: { code: 'AUTH_EXPIRED', message: 'the token expired' } });
  assert.equal(h3.conn.status, 'signed-out');
});

test('a silent socket is abandoned after two heartbeat intervals; pings keep a healthy one', async () => {
  const h = harness();
  h.conn.start();
  const ws = goLive(h);
  await h.clock.advance(10000);
  assert.equal(ws.sentOfType('ping').length, 1);
  ws.receive({ type: 'pong', timestamp: 't' });
  await h.clock.advance(10000);
  assert.equal(h.conn.status, 'live');
  // From now on the edge says nothing (a dead path): the socket is given up.
  await h.clock.advance(30000);
  assert.ok(ws.closed);
  assert.notEqual(h.conn.status, 'live');
});

test('a socket that never answers counts as a failed attempt', async () => {
  const h = harness();
  h.conn.start();
  await h.clock.advance(10000);
  assert.ok(h.sockets[0].closed);
  assert.equal(h.conn.status, 'reconnecting');
});

test('filters change: unsubscribe then subscribe afresh; SUBSCRIPTION_FAILED retries; FORBIDDEN goes to the handler', async () => {
  const h = harness();
  h.conn.start();
  const ws = goLive(h);
  h.positions.incidents = null;
  h.conn.resubscribe('incidents');
  const tail = ws.sent.slice(-2);
  assert.deepEqual(tail, [{ type: 'unsubscribe', channel: 'incidents' }, { type: 'subscribe', channel: 'incidents', filters: { status: ['active'] } }]);
  ws.receive({ type: 'error', timestamp: 't', error: { code: 'SUBSCRIPTION_FAILED', message: 'loading', details: { retry_after_ms: 1000 } } });
  await h.clock.advance(1000);
  // Both channels were unanswered (this fake edge never confirmed alerts): both are asked again.
  assert.deepEqual(ws.sentOfType('subscribe').slice(3).map((m) => m.channel).sort(), ['alerts', 'incidents']);
  ws.receive({ type: 'error', timestamp: 't', error: { code: 'FORBIDDEN', message: 'no', details: { channel: 'conflicts' } } });
  assert.deepEqual(h.events.at(-1), ['error', 'FORBIDDEN']);
  assert.equal(h.conn.status, 'live');
});

test('stop closes the socket and cancels every timer', async () => {
  const h = harness({ settings: '?ws_failures_before_polling=1&poll_ms=1000' });
  h.conn.start();
  h.last().fail();
  await flush();
  h.conn.stop();
  const sockets = h.sockets.length, polls = h.polls.length;
  await h.clock.advance(600000);
  assert.equal(h.sockets.length, sockets);
  assert.equal(h.polls.length, polls);
});
