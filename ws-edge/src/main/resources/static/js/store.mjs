// The console's picture of one channel: the newest state of every incident it may see, and the
// position in incidents.reconciled that picture corresponds to. Every way the picture changes
// (snapshot, WebSocket update, HTTP poll, restored cache) goes through here and reports the ids
// that changed, so the map and the list redraw exactly those layers and rows, never everything.

export function versionOf(feature) {
  const v = feature?.reconciliation?.version;
  return typeof v === 'number' ? v : 0;
}

export function idOf(feature) {
  return feature?.id ?? feature?.properties?.incident_id ?? null;
}

export class IncidentStore {
  constructor() {
    /** @type {Map<string, object>} id -> reconciled incident (GeoJSON Feature) */
    this.byId = new Map();
    /** Opaque resume token of the last message applied, or null. */
    this.position = null;
  }

  get size() {
    return this.byId.size;
  }

  get(id) {
    return this.byId.get(id);
  }

  values() {
    return this.byId.values();
  }

  /**
   * Replaces the picture with a snapshot (or a complete poll answer, or a cached picture).
   * Incidents that did not change keep their layers: only the difference is reported.
   * @returns {string[]} ids that were added, changed or removed
   */
  replaceAll(features, position) {
    const changed = [];
    const seen = new Set();
    for (const f of features) {
      const id = idOf(f);
      if (id == null) continue;
      seen.add(id);
      const old = this.byId.get(id);
      if (!old || versionOf(old) !== versionOf(f) || old.reconciliation?.event_time !== f.reconciliation?.event_time) {
        this.byId.set(id, f);
        changed.push(id);
      }
    }
    for (const id of this.byId.keys()) {
      if (!seen.has(id)) {
        this.byId.delete(id);
        changed.push(id);
      }
    }
    if (position !== undefined) this.position = position;
    return changed;
  }

  /**
   * Applies one update by its diff_type: create and update store the incident (unless we already
   * hold a newer version: a resume may repeat changes, never lose them); delete removes it, since
   * the edge sends delete both for incidents that ended and for those that left our filter.
   * @returns {string|null} the id when the picture changed
   */
  applyUpdate(diffType, feature, position) {
    if (position !== undefined && position !== null) this.position = position;
    const id = idOf(feature);
    if (id == null) return null;
    const old = this.byId.get(id);
    if (diffType === 'delete') {
      return this.byId.delete(id) ? id : null;
    }
    if (diffType !== 'create' && diffType !== 'update') return null;
    if (old && versionOf(old) > versionOf(feature)) return null;
    if (old && versionOf(old) === versionOf(feature)
        && old.reconciliation?.event_time === feature.reconciliation?.event_time) {
      return null;
    }
    this.byId.set(id, feature);
    return id;
  }

  /**
   * Applies an answer of GET /api/incidents: {features, deleted, position, complete}. A complete
   * answer replaces the picture; otherwise it carries the incidents changed since our position.
   * @returns {string[]} changed ids
   */
  applyPoll(body) {
    if (body.complete) return this.replaceAll(body.features || [], body.position);
    const changed = [];
    for (const f of body.features || []) {
      const id = this.applyUpdate('update', f);
      if (id != null) changed.push(id);
    }
    for (const id of body.deleted || []) {
      if (this.byId.delete(id)) changed.push(id);
    }
    this.position = body.position ?? this.position;
    return changed;
  }

  clear() {
    const ids = [...this.byId.keys()];
    this.byId.clear();
    this.position = null;
    return ids;
  }
}
