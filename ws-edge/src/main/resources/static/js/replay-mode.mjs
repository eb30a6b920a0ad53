// Replay mode's state, apart from the page: the window and speed asked for, where the edge says the
// replay stands, and the instants at which each incident changed in what was played (kept in order
// as they arrive). It makes the subscription (again after a reconnect, from the last instant shown:
// the edge, any replica, sends the picture as known then and plays on) and answers the slider and
// the step buttons. No DOM here, so the Node tests drive it directly.

export const REPLAY_ROLES = Object.freeze(['eoc', 'supervisor', 'analyst']);
export const SPEEDS = Object.freeze([0.5, 1, 2, 5, 10, 25, 50, 100, 'max']);

export function mayReplay(roles) {
  return (roles ?? []).some((r) => REPLAY_ROLES.includes(r));
}

export class ReplayMode {
  constructor() {
    this.active = false;
    this.from = 0;
    this.to = 0;
    this.speed = 10;
    /** playing | paused | ended | closed, as the edge last said; null before it says */
    this.state = null;
    /** ms since the epoch of the last replayed instant the edge brought the console to */
    this.instant = 0;
    /** incident id -> ascending instants (ms) at which a played version changed it */
    this.changes = new Map();
    /** set while stepping forward: the incident whose next change ends the step */
    this.stepping = null;
  }

  /** Enters replay mode for [from, to] (ms) at a speed (a number or 'max'). */
  start({ from, to, speed }) {
    if (!(from <= to)) throw new Error('the replay window is inverted');
    this.active = true;
    this.from = from;
    this.to = to;
    this.speed = speed;
    this.state = null;
    this.instant = from;
    this.changes.clear();
    this.stepping = null;
  }

  stop() {
    this.active = false;
    this.state = null;
    this.stepping = null;
    this.changes.clear();
  }

  /** The subscribe message's fields: from the last instant shown, so a reconnect goes on where it was. */
  subscription(filters) {
    return {
      channel: 'replay',
      filters,
      extra: { from: new Date(this.instant).toISOString(), to: new Date(this.to).toISOString(), speed: this.speed },
    };
  }

  /** A replay frame arrived (snapshot or update): where it brings the console. */
  onFrame(type, data, replay) {
    const at = Date.parse(replay?.instant ?? '');
    if (Number.isFinite(at)) this.instant = at;
    if (type !== 'update') return null;
    const id = data?.id;
    const appended = Date.parse(replay?.append_time ?? '');
    if (id == null || !Number.isFinite(appended)) return null;
    let list = this.changes.get(id);
    if (list === undefined) {
      list = [];
      this.changes.set(id, list);
    }
    insertSorted(list, appended);
    if (this.stepping === id) {
      this.stepping = null;
      return appended; // the step forward's target
    }
    return null;
  }

  onStatus(data) {
    this.state = data?.state ?? this.state;
    const at = Date.parse(data?.instant ?? '');
    if (Number.isFinite(at)) this.instant = at;
    if (data?.speed !== undefined) this.speed = data.speed;
    if (this.state === 'closed') this.stepping = null;
  }

  /** The latest change of {@code id} played before the current instant, or null. */
  previousChange(id) {
    const list = this.changes.get(id) ?? [];
    const i = firstAtOrAfter(list, this.instant);
    return i > 0 ? list[i - 1] : null;
  }

  /** Where the slider stands (0..1000). */
  sliderValue() {
    if (this.to <= this.from) return 1000;
    return Math.round(((this.instant - this.from) / (this.to - this.from)) * 1000);
  }

  /** The instant (ms) a slider value stands for. */
  instantAt(value) {
    return Math.round(this.from + ((this.to - this.from) * Math.min(1000, Math.max(0, value))) / 1000);
  }
}

/** The index of the first element of an ascending array that is at least {@code value} (its length if none). */
export function firstAtOrAfter(list, value) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds {@code value} to an ascending array of distinct numbers, keeping it so: a binary search, no
 * sort (a replay at max brings thousands of updates a second, nearly all appended at the end).
 */
export function insertSorted(list, value) {
  const i = firstAtOrAfter(list, value);
  if (list[i] !== value) list.splice(i, 0, value);
}
