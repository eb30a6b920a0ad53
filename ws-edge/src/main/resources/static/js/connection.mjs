// The console's link to the edge: one WebSocket speaking the contract's protocol (section 7 of
// schemas/README.md), and the HTTP polling fallback for when WebSockets do not get through
// (a proxy that drops upgrades, a replica that refuses them).
//
//   connecting -> live                        auth, subscribe, snapshot (or a resumed stream)
//   live -> reconnecting                      the socket closed or went silent
//   reconnecting -> live                      reconnected: subscribe with resume_from, no reload
//   reconnecting -> polling                   after N failed attempts in a row: GET /api/incidents?since=
//   polling <-> offline                       polls fail too (edge or network down)
//   polling/offline -> live                   the socket works again (attempts never stop)
//   any -> signed-out                         auth.failed, AUTH_EXPIRED, 401: a person must act
//
// The module holds no incidents: it hands every message to its handler and asks the handler for
// the position to resume from, so the picture and its position can never disagree. Every
// dependency on the browser (WebSocket, fetch, timers, randomness) is injected, which lets the
// Node tests drive the whole state machine with fakes.

import { Backoff } from './backoff.mjs';
import { pollQuery } from './filters.mjs';

const OPEN = 1;
// A socket that has not said "connection" by then counts as failed (a silently dropped SYN,
// a proxy that accepts and never answers).
const OPEN_TIMEOUT_MS = 10000;

export class LiveConnection {
  /**
   * @param {object} o
   * @param {string} o.wsUrl                  ws(s)://host/ws
   * @param {string} o.pollUrl                /api/incidents
   * @param {() => string} o.token            the current token (read at each use: sign-in may change it)
   * @param {object} o.settings               from config.mjs
   * @param {() => Array<{channel: string, filters?: object}>} o.subscriptions  what to subscribe to, asked after auth
   * @param {object} o.handler                onStatus, onAuth, onSnapshot, onUpdate, onReplayStatus, onPoll, onSubscribed, onError, onSignedOut, positionOf
   * @param {object} [o.deps]                 WebSocket, fetch, setTimeout, clearTimeout, random
   */
  constructor({ wsUrl, pollUrl, token, settings, subscriptions, handler, deps = {} }) {
    this.wsUrl = wsUrl;
    this.pollUrl = pollUrl;
    this.token = token;
    this.settings = settings;
    this.subscriptions = subscriptions;
    this.handler = handler;
    this.WebSocketImpl = deps.WebSocket ?? globalThis.WebSocket;
    this.fetchImpl = deps.fetch ?? globalThis.fetch.bind(globalThis);
    this.setTimeout = deps.setTimeout ?? globalThis.setTimeout.bind(globalThis);
    this.clearTimeout = deps.clearTimeout ?? globalThis.clearTimeout.bind(globalThis);
    this.backoff = new Backoff({ baseMs: settings.backoff_base_ms, maxMs: settings.backoff_max_ms, random: deps.random });

    this.status = 'idle';
    this.stopped = true;
    this.ws = null;
    this.failures = 0;
    this.reconnectTimer = null;
    this.openTimer = null;
    this.heartbeatTimer = null;
    this.heartbeatMs = 0;
    this.lastMessageAt = 0;
    /** channels subscribed on the current socket */
    this.subscribed = new Set();
    /** channels asked for and not yet answered */
    this.pending = new Set();
    this.authenticated = false;

    this.polling = false;
    this.pollTimer = null;
    this.pollGeneration = 0;
    this.pollAbort = null;
    this.pollFull = false;
    this.now = deps.now ?? (() => Date.now());
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.failures = 0;
    this.backoff.reset();
    this.setStatus('connecting');
    this.open();
  }

  /** Ends everything: sign-out, page hide. */
  stop() {
    this.stopped = true;
    this.clearTimer('reconnectTimer');
    this.dropSocket();
    this.stopPolling();
    this.setStatus('idle');
  }

  /** Try the WebSocket now instead of waiting out the back-off (the browser came back online). */
  retryNow() {
    if (this.stopped || this.ws) return;
    this.clearTimer('reconnectTimer');
    this.open();
  }

  /**
   * The filters of a channel changed: replace its subscription (unsubscribe, subscribe again: on the
   * edge several subscriptions on one channel are a union). While polling, poll at once.
   */
  resubscribe(channel) {
    if (this.ws && this.authenticated && this.ws.readyState === OPEN) {
      this.subscribed.delete(channel);
      this.send({ type: 'unsubscribe', channel });
      const sub = this.subscriptions().find((s) => s.channel === channel);
      if (sub) this.subscribe(sub);
    }
    if (this.polling && channel === 'incidents') {
      this.pollFull = true;
      this.clearTimer('pollTimer');
      this.pollNow();
    }
  }

  // --- WebSocket -------------------------------------------------------------------------------

  open() {
    if (this.stopped) return;
    let ws;
    try {
      ws = new this.WebSocketImpl(this.wsUrl);
    } catch {
      this.onSocketGone(null);
      return;
    }
    this.ws = ws;
    this.authenticated = false;
    this.subscribed.clear();
    this.pending.clear();
    this.lastMessageAt = this.now();
    ws.onmessage = (e) => this.onMessage(ws, e.data);
    ws.onclose = () => this.onSocketGone(ws);
    // An error is always followed by close; the close decides what happens next.
    ws.onerror = () => {};
    this.openTimer = this.setTimeout(() => {
      if (this.ws === ws && !this.authenticated) this.abandon(ws);
    }, OPEN_TIMEOUT_MS);
  }

  onMessage(ws, text) {
    if (ws !== this.ws) return;
    this.lastMessageAt = this.now();
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    switch (msg.type) {
      case 'connection':
        this.heartbeatMs = msg.data?.heartbeat_interval_ms ?? 0;
        this.send({ type: 'auth', token: this.token() });
        break;
      case 'auth.success':
        this.authenticated = true;
        this.clearTimer('openTimer');
        this.startHeartbeat(ws);
        this.handler.onAuth?.(msg.data);
        for (const sub of this.subscriptions()) this.subscribe(sub);
        break;
      case 'auth.failed':
        this.signedOut(msg.error?.message ?? 'The edge refused the token.');
        break;
      case 'subscribed':
        this.pending.delete(msg.channel);
        this.subscribed.add(msg.channel);
        if (msg.channel === 'incidents') this.becameLive();
        this.handler.onSubscribed?.(msg.channel, !!msg.data?.resumed);
        break;
      case 'snapshot':
        this.handler.onSnapshot?.(msg.channel, msg.data?.features ?? [], msg.position, msg.replay);
        break;
      case 'update':
        this.handler.onUpdate?.(msg.channel, msg.diff_type, msg.data, msg.position, msg.replay);
        break;
      case 'replay.status':
        this.handler.onReplayStatus?.(msg.data ?? {});
        break;
      case 'unsubscribed':
      case 'pong':
        break;
      case 'error':
        this.onError(msg.error ?? {});
        break;
      default:
        break;
    }
  }

  subscribe({ channel, filters, extra }) {
    // extra: the replay channel's from, to and speed.
    const msg = { type: 'subscribe', channel, ...extra };
    if (filters && Object.keys(filters).length) msg.filters = filters;
    // The conflicts and replay channels do not resume from a position (replay starts from an instant).
    const position = channel === 'conflicts' || channel === 'replay' ? null : this.handler.positionOf?.(channel);
    if (position) msg.resume_from = position;
    this.pending.add(channel);
    this.send(msg);
  }

  onError(error) {
    const code = error.code;
    if (code === 'AUTH_EXPIRED' || code === 'AUTH_REQUIRED' || code === 'AUTH_FAILED') {
      this.signedOut(error.message ?? code);
      return;
    }
    if (code === 'SUBSCRIPTION_FAILED') {
      // The edge is still loading its view: ask again for what is unanswered.
      const retry = Math.max(250, Number(error.details?.retry_after_ms) || 1000);
      const ws = this.ws;
      this.setTimeout(() => {
        if (this.ws !== ws || !ws) return;
        const again = [...this.pending];
        this.pending.clear();
        for (const sub of this.subscriptions()) if (again.includes(sub.channel)) this.subscribe(sub);
      }, retry);
      return;
    }
    if (code === 'FORBIDDEN' || code === 'CHANNEL_NOT_FOUND' || code === 'MAX_SUBSCRIPTIONS') {
      const channel = error.details?.channel ?? 'incidents';
      this.pending.delete(channel);
    }
    // RESUME_UNAVAILABLE needs nothing: a full snapshot follows and replaces the picture.
    this.handler.onError?.(code, error.message ?? '', error.details ?? {});
  }

  becameLive() {
    this.failures = 0;
    this.backoff.reset();
    this.stopPolling();
    this.setStatus('live');
  }

  startHeartbeat(ws) {
    if (!this.heartbeatMs) return;
    const interval = this.heartbeatMs;
    const beat = () => {
      if (this.ws !== ws) return;
      // Silence for two intervals and more means a dead path (the edge pings every interval):
      // give up on this socket rather than wait for TCP to notice, which can take minutes.
      if (this.now() - this.lastMessageAt > 2 * interval + 1000) {
        this.abandon(ws);
        return;
      }
      this.send({ type: 'ping' });
      this.heartbeatTimer = this.setTimeout(beat, interval);
    };
    this.heartbeatTimer = this.setTimeout(beat, interval);
  }

  send(msg) {
    if (this.ws && this.ws.readyState === OPEN) {
      this.ws.send(JSON.stringify(msg));
    }
  }

  /** Closes a socket we no longer trust and goes on as if it had closed by itself. */
  abandon(ws) {
    this.onSocketGone(ws);
  }

  dropSocket() {
    const ws = this.ws;
    this.ws = null;
    this.clearTimer('openTimer');
    this.clearTimer('heartbeatTimer');
    this.authenticated = false;
    this.subscribed.clear();
    this.pending.clear();
    if (ws) {
      ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch {
        // already closed
      }
    }
  }

  onSocketGone(ws) {
    if (ws !== null && ws !== this.ws) return;
    this.dropSocket();
    if (this.stopped) return;
    this.failures += 1;
    if (this.failures >= this.settings.ws_failures_before_polling) {
      this.startPolling();
    } else if (!this.polling) {
      this.setStatus('reconnecting');
    }
    this.clearTimer('reconnectTimer');
    this.reconnectTimer = this.setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, this.backoff.next());
  }

  signedOut(reason) {
    this.stopped = true;
    this.clearTimer('reconnectTimer');
    this.dropSocket();
    this.stopPolling();
    this.setStatus('signed-out');
    this.handler.onSignedOut?.(reason);
  }

  // --- HTTP polling ------------------------------------------------------------------------------

  startPolling() {
    if (this.polling) return;
    this.polling = true;
    this.pollFull = false;
    this.setStatus('polling');
    this.pollNow();
  }

  stopPolling() {
    this.polling = false;
    this.pollGeneration += 1;
    this.clearTimer('pollTimer');
    if (this.pollAbort) {
      this.pollAbort.abort();
      this.pollAbort = null;
    }
  }

  async pollNow() {
    if (!this.polling) return;
    const generation = ++this.pollGeneration;
    const sub = this.subscriptions().find((s) => s.channel === 'incidents') ?? { filters: {} };
    const since = this.pollFull ? null : this.handler.positionOf?.('incidents');
    const url = this.pollUrl + '?' + pollQuery(sub.filters, since);
    const abort = typeof AbortController === 'function' ? new AbortController() : null;
    this.pollAbort = abort;
    let outcome;
    try {
      const res = await this.fetchImpl(url, {
        headers: { Authorization: 'Bearer ' + this.token(), Accept: 'application/json' },
        cache: 'no-store',
        signal: abort?.signal,
      });
      if (generation !== this.pollGeneration) return;
      if (res.status === 401) {
        const body = await res.json().catch(() => ({}));
        this.signedOut(body?.error?.message ?? 'The edge refused the token.');
        return;
      }
      if (res.status === 400 && since) {
        // Our position means nothing to this edge (another topic?): start over with a full answer.
        this.pollFull = true;
        outcome = 'offline';
      } else if (!res.ok) {
        outcome = 'offline';
      } else {
        const body = await res.json();
        if (generation !== this.pollGeneration) return;
        this.pollFull = false;
        this.handler.onPoll?.('incidents', body);
        outcome = 'polling';
      }
    } catch {
      if (generation !== this.pollGeneration) return;
      outcome = 'offline';
    }
    if (!this.polling) return;
    this.setStatus(outcome);
    this.pollTimer = this.setTimeout(() => {
      this.pollTimer = null;
      this.pollNow();
    }, this.settings.poll_ms);
  }

  // --- helpers -------------------------------------------------------------------------------------

  setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    this.handler.onStatus?.(status);
  }

  clearTimer(name) {
    if (this[name] != null) {
      this.clearTimeout(this[name]);
      this[name] = null;
    }
  }
}
