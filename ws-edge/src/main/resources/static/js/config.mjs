// Console settings that operators and tests may tune without rebuilding: read from the page's
// query string first, then from localStorage ("incident-console.<name>"), else the defaults.
// Only timing knobs live here. The token never does: it must not appear in a URL, where it
// would end up in history, logs and Referer headers.

export const DEFAULTS = Object.freeze({
  // GET /api/incidents?since= cadence while the WebSocket is down (the 15 s).
  poll_ms: 15000,
  // Reconnect back-off: first delay, ceiling, growth factor.
  backoff_base_ms: 500,
  backoff_max_ms: 30000,
  // Consecutive failed WebSocket attempts before the console starts polling.
  ws_failures_before_polling: 3,
  // At most one visual update per incident per this many ms under a burst.
  conflate_ms: 1000,
});

// Lower bounds keep a mistyped setting from turning the console into a load generator.
const MINIMUM = Object.freeze({
  poll_ms: 250,
  backoff_base_ms: 50,
  backoff_max_ms: 100,
  ws_failures_before_polling: 1,
  conflate_ms: 0,
});

const PREFIX = 'incident-console.';

/**
 * @param {string} search   location.search, e.g. "?poll_ms=1000"
 * @param {{getItem(k: string): string|null}|null} storage  localStorage, or null
 * @returns {typeof DEFAULTS}
 */
export function readSettings(search, storage) {
  const query = new URLSearchParams(search || '');
  const out = { ...DEFAULTS };
  for (const name of Object.keys(DEFAULTS)) {
    const raw = query.get(name) ?? safeGet(storage, PREFIX + name);
    if (raw == null || raw === '') continue;
    const value = Number(raw);
    if (Number.isFinite(value) && Number.isInteger(value) && value >= MINIMUM[name]) {
      out[name] = value;
    }
  }
  if (out.backoff_max_ms < out.backoff_base_ms) out.backoff_max_ms = out.backoff_base_ms;
  return Object.freeze(out);
}

function safeGet(storage, key) {
  try {
    return storage ? storage.getItem(key) : null;
  } catch {
    // Storage can be disabled (privacy settings); defaults then apply.
    return null;
  }
}
