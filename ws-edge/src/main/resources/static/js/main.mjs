// The console's wiring: one store per channel fed by the connection, one render loop that draws
// only what changed (conflated per incident), the cache that makes a reload instant, and sign-in.
// Each concern lives in its own module; this file only connects them.

import { readSettings } from './config.mjs';
import { TokenStore, decodeClaims, tokenProblem } from './auth.mjs';
import { clearCache, loadCache, saveCache } from './cache.mjs';
import { Conflator } from './conflate.mjs';
import { LiveConnection } from './connection.mjs';
import { filtersKey } from './filters.mjs';
import { IncidentStore } from './store.mjs';
import { byId, clockTime } from './dom.mjs';
import { StatusBadge } from './status-badge.mjs';
import { IncidentMap } from './map-layers.mjs';
import { IncidentList } from './incident-list.mjs';
import { AlertsPanel } from './alerts-panel.mjs';
import { ConflictsPanel } from './conflicts-panel.mjs';
import { FiltersPanel } from './filters-panel.mjs';
import { SignInDialog } from './sign-in.mjs';
import { ReplayMode, mayReplay } from './replay-mode.mjs';
import { ReplayPanel } from './replay-panel.mjs';

// Changes are drawn in batches, at most one batch per BATCH_MS under a busy feed: each batch costs
// a re-cluster and a style, layout and paint pass whatever its size, so a few batches a second are
// far cheaper than a few changes in every one of 60 frames. At most BATCH_MAX incidents per batch,
// so a 5,000-incident snapshot is drawn over a few frames rather than in one long task. When the
// feed outruns the machine, the conflator keeps only the newest state of each waiting incident:
// the picture lags a little, the work per second stays bounded. A change after a quiet spell is
// drawn on the next frame.
const BATCH_MS = 150;
const BATCH_MAX = 500;
// A cache older than this is not worth showing (the edge may not resume from it either).
const CACHE_MAX_AGE_MS = 24 * 3600 * 1000;
// Writing thousands of incidents to sessionStorage is a ~100 ms task: under a busy feed do it
// rarely. A reload writes the newest picture anyway (pagehide); this only bounds what a crash loses,
// and an older cached position just means a longer resume.
const CACHE_WRITE_DELAY_MS = 30000;
const CONFLICT_ROLES = ['eoc', 'supervisor'];

const settings = readSettings(location.search, safeLocalStorage());
const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;

const incidents = new IncidentStore();
const alerts = new IncidentStore();
// Replay mode: the replayed picture, drawn instead of the live one (alerts stay live).
const replayed = new IncidentStore();
const replay = new ReplayMode();
const conflator = new Conflator({ intervalMs: settings.conflate_ms });
const tokens = new TokenStore(sessionStorage);
const stats = { snapshots: 0, resumes: 0, updates: 0, replayUpdates: 0, polls: 0, restoredFromCache: 0, drawn: 0, statuses: [] };

const badge = new StatusBadge(byId('status'));
const map = new IncidentMap(window.L, byId('map'), {
  reducedMotion,
  onSelect: (id) => {
    list.setActive(id, true);
    map.open(id, shown());
  },
});
map.loadBaseLayer();
map.loadBasemap();
const list = new IncidentList(byId('incident-list'), {
  countEl: byId('list-count'),
  onActivate: (id) => map.show(id, shown()),
});
list.setStore(incidents);
const alertsPanel = new AlertsPanel({
  list: byId('alerts'), count: byId('alerts-count'), note: byId('alerts-note'), announcer: byId('alerts-announcer'),
  onShow: showIncident,
});
alertsPanel.setStore(alerts);
const conflictsPanel = new ConflictsPanel({
  list: byId('conflicts'), count: byId('conflicts-count'), note: byId('conflicts-note'), onShow: showIncident,
});
const filtersPanel = new FiltersPanel({
  form: byId('filters'), summary: byId('filter-summary'), error: byId('filter-error'),
  agencies: byId('known-agencies'), types: byId('known-types'), storage: sessionStorage,
  onApply: applyFilters,
});
const signIn = new SignInDialog({
  dialog: byId('sign-in'), form: byId('sign-in-form'), input: byId('token-input'), reason: byId('sign-in-reason'),
  demoBox: byId('demo-agencies'), demoButtons: byId('demo-buttons'),
  onToken: (token) => {
    tokens.set(token);
    start(token);
  },
});

const replayPanel = new ReplayPanel({
  els: {
    open: byId('replay-open'), bar: byId('replay-bar'), form: byId('replay-form'), from: byId('replay-from'),
    to: byId('replay-to'), speed: byId('replay-speed'), play: byId('replay-play'), slider: byId('replay-slider'),
    prev: byId('replay-prev'), next: byId('replay-next'), live: byId('replay-live'), banner: byId('replay-banner'),
    error: byId('replay-error'),
  },
  mode: replay,
  on: {
    start: startReplay,
    play: () => (replay.state === 'closed' ? resubscribeReplay() : control({ type: 'resume' })),
    pause: () => control({ type: 'pause' }),
    seek: (ms) => (replay.state === 'closed' ? seekClosed(ms) : control({ type: 'seek', at: new Date(ms).toISOString() })),
    speed: (speed) => control({ type: 'speed', speed }),
    previous: stepBack,
    next: stepForward,
    live: backToLive,
  },
});

let connection = null;
let session = null;
let firstPicture = true;
/** A replay's first picture frames the map once. */
let replayFitPending = false;
let lastChangeAt = 0;
let previousFilters = filtersPanel.current;

// --- connection events ---------------------------------------------------------------------------

const handler = {
  positionOf: (channel) => (channel === 'incidents' ? incidents.position : channel === 'alerts' ? alerts.position : null),

  onStatus(status) {
    badge.set(status);
    stats.statuses.push(status);
    if (stats.statuses.length > 100) stats.statuses.shift();
    alertsPanel.setPaused(status === 'polling' || status === 'offline' || status === 'reconnecting');
  },

  onAuth(data) {
    session.agency = data.agency_id;
    session.roles = data.roles ?? [];
    session.conflictsAllowed = session.roles.some((r) => CONFLICT_ROLES.includes(r));
    conflictsPanel.setAllowed(session.conflictsAllowed);
    replayPanel.setAllowed(mayReplay(session.roles));
    showWho();
  },

  onSubscribed(channel, resumed) {
    if (channel === 'incidents') {
      if (resumed) stats.resumes += 1;
      previousFilters = filtersPanel.current;
    }
  },

  onSnapshot(channel, features, position, marker) {
    const now = performance.now();
    if (channel === 'replay') {
      replay.onFrame('snapshot', null, marker);
      const changed = replayed.replaceAll(features, null);
      if (replay.active) conflator.markAll(changed, now);
      if (replayFitPending && map.fitTo(replayed)) replayFitPending = false;
      replayPanel.changed();
    } else if (channel === 'incidents') {
      stats.snapshots += 1;
      const changed = incidents.replaceAll(features, position);
      if (!replay.active) conflator.markAll(changed, now);
      for (const f of features) filtersPanel.learn(f);
      changedAt();
      if (firstPicture) fitOnce();
    } else if (channel === 'alerts') {
      alerts.replaceAll(features, position);
      alertsPanel.replaced();
    } else if (channel === 'conflicts') {
      conflictsPanel.replaceFromIncidents(features);
    }
    scheduleFrame();
  },

  onUpdate(channel, diffType, data, position, marker) {
    if (channel === 'replay') {
      stats.replayUpdates += 1;
      const target = replay.onFrame('update', data, marker);
      const id = replayed.applyUpdate(diffType, data, null);
      if (id != null && replay.active) conflator.mark(id, performance.now());
      if (target != null) stopAt(target);
      replayPanel.changed();
    } else if (channel === 'incidents') {
      stats.updates += 1;
      const id = incidents.applyUpdate(diffType, data, position);
      if (id != null) {
        if (!replay.active) conflator.mark(id, performance.now());
        filtersPanel.learn(data);
        changedAt();
      }
    } else if (channel === 'alerts') {
      const id = alerts.applyUpdate(diffType, data, position);
      if (id != null) alertsPanel.updated(diffType, id);
    } else if (channel === 'conflicts') {
      conflictsPanel.add(data);
    }
    scheduleFrame();
  },

  onReplayStatus(data) {
    replay.onStatus(data);
    replayPanel.render();
  },

  onPoll(channel, body) {
    stats.polls += 1;
    const changed = incidents.applyPoll(body);
    const now = performance.now();
    if (body.complete) conflator.markAll(changed, now);
    else for (const id of changed) conflator.mark(id, now);
    for (const f of body.features ?? []) filtersPanel.learn(f);
    if (changed.length) changedAt();
    if (firstPicture && incidents.size) fitOnce();
    scheduleFrame();
  },

  onError(code, message, details) {
    if (String(code).startsWith('REPLAY_') || details?.channel === 'replay') {
      replayPanel.error(message);
      if (code === 'REPLAY_NOT_ACTIVE' && replay.active) resubscribeReplay();
      return;
    }
    if (code === 'FORBIDDEN' && details?.channel === 'conflicts') {
      conflictsPanel.setAllowed(false, 'not permitted for this console');
      return;
    }
    if (code === 'FORBIDDEN') {
      // The filter named agencies this console may not see: back to the last filter that worked.
      filtersPanel.refused(message, previousFilters);
      incidents.position = null;
      connection?.resubscribe('incidents');
      return;
    }
    if (code !== 'RESUME_UNAVAILABLE') console.warn('edge error', code, message);
  },

  onSignedOut(reason) {
    tokens.clear();
    endSession();
    signIn.open(reason || 'Please sign in again.');
  },
};

// --- session -------------------------------------------------------------------------------------

function start(token) {
  const claims = decodeClaims(token) ?? {};
  session = { agency: claims.agency_id, roles: Array.isArray(claims.roles) ? claims.roles : [], conflictsAllowed: false };
  conflictsPanel.setAllowed(false, 'waiting for sign-in');
  showWho();
  byId('sign-out').hidden = false;
  restoreCache();
  connection = new LiveConnection({
    wsUrl: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
    pollUrl: '/api/incidents',
    token: () => tokens.get() ?? token,
    settings,
    subscriptions,
    handler,
  });
  connection.start();
}

function subscriptions() {
  const subs = [{ channel: 'incidents', filters: filtersPanel.current }, { channel: 'alerts' }];
  if (session?.conflictsAllowed) subs.push({ channel: 'conflicts' });
  // After a reconnect (to any replica) the replay goes on from the last instant shown.
  if (replay.active && replay.state !== 'closed') subs.push(replay.subscription(filtersPanel.current));
  return subs;
}

// --- replay mode ---------------------------------------------------------------------------------

function control(msg) {
  connection?.send(msg);
}

function startReplay({ from, to, speed }) {
  if (replay.active) control({ type: 'unsubscribe', channel: 'replay' });
  replay.start({ from, to, speed });
  replayFitPending = true;
  list.setStore(replayed);
  conflator.markAll([...incidents.byId.keys(), ...replayed.clear()], performance.now());
  connection?.subscribe(replay.subscription(filtersPanel.current));
  replayPanel.render();
  scheduleFrame();
}

function resubscribeReplay() {
  replay.state = null;
  connection?.subscribe(replay.subscription(filtersPanel.current));
  replayPanel.render();
}

function seekClosed(ms) {
  replay.instant = ms;
  resubscribeReplay();
}

/** Back to the previous change of the selected incident that this replay has shown. */
function stepBack() {
  const id = list.activeId;
  const at = id == null ? null : replay.previousChange(id);
  if (at == null) {
    replayPanel.error(id == null ? 'Select an incident first.' : 'No earlier change of it was played in this replay.');
    return;
  }
  replayPanel.error('');
  control({ type: 'pause' });
  control({ type: 'seek', at: new Date(at).toISOString() });
}

/** On to the next change of the selected incident: played at max, then the picture at that change. */
function stepForward() {
  const id = list.activeId;
  if (id == null) {
    replayPanel.error('Select an incident first.');
    return;
  }
  replayPanel.error('');
  replay.stepping = id;
  replay.stepSpeed = replay.speed;
  control({ type: 'speed', speed: 'max' });
  control({ type: 'resume' });
}

function stopAt(at) {
  control({ type: 'pause' });
  control({ type: 'seek', at: new Date(at).toISOString() });
  control({ type: 'speed', speed: replay.stepSpeed ?? 10 });
}

function backToLive() {
  if (!replay.active) return;
  control({ type: 'unsubscribe', channel: 'replay' });
  replay.stop();
  list.setStore(incidents);
  conflator.markAll([...replayed.clear(), ...incidents.byId.keys()], performance.now());
  replayPanel.render();
  byId('replay-bar').hidden = true;
  scheduleFrame();
}

function endSession() {
  connection?.stop();
  connection = null;
  session = null;
  replay.stop();
  list.setStore(incidents);
  replayPanel.render();
  replayPanel.setAllowed(false);
  conflator.markAll([...incidents.clear(), ...replayed.clear()], performance.now());
  alerts.clear();
  alertsPanel.replaced();
  conflictsPanel.clear();
  firstPicture = true;
  byId('whoami').textContent = '';
  byId('sign-out').hidden = true;
  badge.set('signed-out');
  scheduleFrame();
}

function showWho() {
  byId('whoami').textContent = session ? `${session.agency ?? '?'} · ${session.roles.join(', ') || 'no role'}` : '';
}

function applyFilters() {
  // Keep the picture until the new snapshot replaces it (only the difference is redrawn); a new
  // filter selects other incidents, so resuming from the old position would be wrong.
  incidents.position = null;
  clearCache(sessionStorage);
  if (connection) connection.resubscribe('incidents');
}

function showIncident(id, anchor) {
  if (map.show(id, shown())) {
    list.setActive(id, true);
  } else if (anchor) {
    // Not in the incidents view (filtered out): at least go where it is.
    map.map.setView(anchor, 14, { animate: !reducedMotion });
  }
}

/** The picture on the map and in the list: the replayed one in replay mode, else the live one. */
function shown() {
  return replay.active ? replayed : incidents;
}

function fitOnce() {
  if (map.fitTo(incidents)) firstPicture = false;
}

function changedAt() {
  lastChangeAt = Date.now();
}

// --- render loop ---------------------------------------------------------------------------------

let frameRequested = false;
let wakeTimer = null;
let shownChangeAt = -1;
let lastBatchAt = -Infinity;
let lastBatchFull = false;
const freshness = byId('freshness');

function scheduleFrame() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(frame);
}

function frame() {
  frameRequested = false;
  const now = performance.now();
  const batchDue = lastBatchFull || now - lastBatchAt >= BATCH_MS;
  const ids = batchDue ? conflator.take(now, BATCH_MAX) : [];
  lastBatchFull = ids.length === BATCH_MAX;
  if (ids.length) {
    lastBatchAt = now;
    map.apply(ids, shown());
    list.changed(ids);
    stats.drawn += ids.length;
    saveCacheSoon();
  }
  list.render(now);
  alertsPanel.render(now);
  conflictsPanel.render(now);
  if (lastChangeAt !== shownChangeAt) {
    shownChangeAt = lastChangeAt;
    // Minute resolution: under a busy feed the text changes once a minute, not every frame.
    const text = lastChangeAt ? `Last change ${clockTime(lastChangeAt)}` : 'No data yet';
    if (freshness.textContent !== text) freshness.textContent = text;
  }
  // Come back when something pending is due: now (more than a frame's worth), or later
  // (conflated incidents, a throttled re-sort or panel redraw).
  let wakeIn = null;
  if (conflator.size) wakeIn = Math.max(0, conflator.nextDue() - now, lastBatchAt + BATCH_MS - now);
  // The rest of a snapshot: on the next frame.
  if (lastBatchFull) wakeIn = 0;
  if (list.needsSort || alertsPanel.dirty || conflictsPanel.dirty) wakeIn = Math.min(wakeIn ?? 500, 500);
  if (wakeIn === 0) scheduleFrame();
  else if (wakeIn !== null && wakeTimer === null) {
    wakeTimer = setTimeout(() => {
      wakeTimer = null;
      scheduleFrame();
    }, wakeIn);
  }
}

// --- cache ----------------------------------------------------------------------------------------

let cacheTimer = null;

function saveCacheSoon() {
  if (cacheTimer !== null) return;
  cacheTimer = setTimeout(() => {
    cacheTimer = null;
    // Serializing thousands of incidents takes a while: do it when the page is idle.
    (window.requestIdleCallback ?? ((fn) => setTimeout(fn, 0)))(saveCacheNow, { timeout: 2000 });
  }, CACHE_WRITE_DELAY_MS);
}

function saveCacheNow() {
  if (!session?.agency || !incidents.position) return;
  saveCache(sessionStorage, {
    agency: session.agency,
    filtersKey: filtersKey(filtersPanel.current),
    position: incidents.position,
    features: incidents.values(),
    savedAt: Date.now(),
  });
}

function restoreCache() {
  const cached = loadCache(sessionStorage, {
    agency: session.agency, filtersKey: filtersKey(filtersPanel.current), now: Date.now(), maxAgeMs: CACHE_MAX_AGE_MS,
  });
  if (!cached) return;
  conflator.markAll(incidents.replaceAll(cached.features, cached.position), performance.now());
  for (const f of cached.features) filtersPanel.learn(f);
  stats.restoredFromCache = cached.features.length;
  lastChangeAt = cached.savedAt;
  fitOnce();
  scheduleFrame();
}

// --- page ----------------------------------------------------------------------------------------

for (const button of document.querySelectorAll('.sort button')) {
  button.addEventListener('click', () => {
    for (const b of document.querySelectorAll('.sort button')) b.setAttribute('aria-pressed', String(b === button));
    list.sortBy(button.dataset.sort);
  });
}
byId('sign-out').addEventListener('click', () => {
  tokens.clear();
  clearCache(sessionStorage);
  endSession();
  signIn.open('Signed out.');
});
addEventListener('pagehide', saveCacheNow);
addEventListener('online', () => connection?.retryNow());

// Read-only diagnostics, used by the browser tests and handy in the devtools console. Exposes
// no token and changes nothing.
window.incidentConsole = Object.freeze({
  status: () => badge.status,
  stats: () => ({ ...stats, statuses: stats.statuses.slice(), incidents: incidents.size, onMap: map.size, pending: conflator.size }),
  describe: (id) => map.describe(id),
  listIds: () => list.ids(),
  alertIds: () => alertsPanel.ids(),
  conflicts: () => conflictsPanel.size,
  replay: () => ({ active: replay.active, state: replay.state, instant: replay.active ? new Date(replay.instant).toISOString() : null }),
  settings,
});

const saved = tokens.get();
if (saved && !tokenProblem(saved, Date.now())) {
  start(saved);
} else {
  tokens.clear();
  badge.set('signed-out');
  signIn.open();
}

function safeLocalStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
