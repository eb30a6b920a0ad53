// Visual conflation: the store always holds the newest state of every incident, but the map and
// list redraw an incident at most once per interval. The first change of a quiet incident is
// drawn on the next frame (no added latency); further changes within the interval wait until it
// has passed, and then only the newest state is drawn. Under a burst of 200 updates/s this bounds
// the DOM and canvas work per incident, whatever the feed does.

export class Conflator {
  /** @param {{intervalMs: number}} options */
  constructor({ intervalMs }) {
    this.intervalMs = intervalMs;
    /** id -> time of its last draw */
    this.lastDrawn = new Map();
    /** ids changed since their last draw -> earliest time they may be drawn */
    this.pending = new Map();
  }

  /** An incident changed at {@code now}. */
  mark(id, now) {
    if (this.pending.has(id)) return;
    const last = this.lastDrawn.get(id);
    const due = last === undefined ? now : Math.max(now, last + this.intervalMs);
    this.pending.set(id, due);
  }

  /** Changes that must be drawn now, ignoring the interval (a new snapshot, a filter change). */
  markAll(ids, now) {
    for (const id of ids) {
      this.pending.set(id, now);
    }
  }

  /** Number of incidents waiting to be drawn. */
  get size() {
    return this.pending.size;
  }

  /**
   * The ids to draw at {@code now}, at most {@code limit} (the rest stay pending for the next frame,
   * so one frame never turns into a long task); each counts as drawn at {@code now}.
   */
  take(now, limit = Infinity) {
    const out = [];
    for (const [id, due] of this.pending) {
      if (out.length >= limit) break;
      if (due <= now) out.push(id);
    }
    for (const id of out) {
      this.pending.delete(id);
      this.lastDrawn.set(id, now);
    }
    // Forget draw times that no longer restrict anything, so the map does not grow without bound.
    if (this.lastDrawn.size > 2 * (this.pending.size + out.length) + 1024) {
      for (const [id, at] of this.lastDrawn) {
        if (now - at >= this.intervalMs && !this.pending.has(id)) this.lastDrawn.delete(id);
      }
    }
    return out;
  }

  /** When the next pending id becomes due (null when none is pending). */
  nextDue() {
    let min = null;
    for (const due of this.pending.values()) {
      if (min === null || due < min) min = due;
    }
    return min;
  }

  clear() {
    this.pending.clear();
    this.lastDrawn.clear();
  }
}
