// Test doubles for the console's injected browser dependencies: a clock whose timers run only
// when the test advances it, a WebSocket the test plays the edge on, and a scripted fetch.

export const JS = (p) => new URL('../../../main/resources/static/js/' + p, import.meta.url).href;

export class FakeClock {
  constructor() {
    this.t = 0;
    this.timers = new Map();
    this.nextId = 1;
    this.setTimeout = (fn, ms) => {
      const id = this.nextId++;
      this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
      return id;
    };
    this.clearTimeout = (id) => this.timers.delete(id);
    this.now = () => this.t;
  }

  /** Runs every timer due within {@code ms}, in time order, including timers they set. */
  async advance(ms) {
    const end = this.t + ms;
    for (;;) {
      let next = null;
      for (const [id, timer] of this.timers) {
        if (timer.at <= end && (next === null || timer.at < next[1].at)) next = [id, timer];
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

/** Lets pending promise callbacks (fetch answers) run. */
export async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Every socket the code under test opened, newest last; the test answers as the edge. */
export function fakeWebSocketClass() {
  const sockets = [];
  class FakeWebSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      this.closed = false;
      sockets.push(this);
    }
    send(text) {
      this.sent.push(JSON.parse(text));
    }
    close() {
      this.closed = true;
      this.readyState = 3;
    }
    // --- the edge's side ---
    accept(heartbeatMs = 10000) {
      this.readyState = 1;
      this.onopen?.();
      this.receive({ type: 'connection', timestamp: 't', data: { heartbeat_interval_ms: heartbeatMs, protocol_version: '1.0' } });
    }
    receive(msg) {
      this.onmessage?.({ data: JSON.stringify(msg) });
    }
    fail() {
      this.readyState = 3;
      this.onerror?.({});
      this.onclose?.({ code: 1006 });
    }
    sentOfType(type) {
      return this.sent.filter((m) => m.type === type);
    }
  }
  return { FakeWebSocket, sockets };
}

export function feature(id, version, { lon = -122.4, lat = 37.7, status = 'active', severity = 'moderate', time = '2026-11-22T19:05:12Z', type = 'fire' } = {}) {
  return {
    type: 'Feature',
    id,
    bbox: [lon, lat, lon, lat],
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { incident_id: id, incident_type: type, status, severity },
    reconciliation: {
      version, diff_type: version === 1 ? 'create' : 'update', clock: { sffd: version }, agencies: ['sffd'],
      jurisdictions: ['sf-county'], event_time: time, conflicts: [], source: { topic: 'incidents.raw', partition: 0, offset: version },
    },
  };
}
