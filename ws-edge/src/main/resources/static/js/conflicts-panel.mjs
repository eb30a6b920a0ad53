// The conflicts panel: concurrent writes the processor had to decide between (conflicts channel,
// roles eoc and supervisor only). Its snapshot is the incidents that have unresolved conflicts;
// its updates are conflict records. Consoles without the role see why the panel is empty instead
// of an empty panel.

import { h, clockTime } from './dom.mjs';

const MAX_KEPT = 200;
const RENDER_MS = 500;

export class ConflictsPanel {
  constructor({ list, count, note, onShow }) {
    this.list = list;
    this.countEl = count;
    this.note = note;
    this.onShow = onShow;
    /** incident_id + field -> entry, newest last */
    this.entries = new Map();
    this.dirty = true;
    this.lastRender = -Infinity;
  }

  /** Roles decide whether the console may subscribe at all. */
  setAllowed(allowed, why = '') {
    this.allowed = allowed;
    this.note.textContent = allowed ? '' : why || 'shown to EOC and supervisor roles';
    this.dirty = true;
  }

  /** Snapshot: incidents with their current conflict summaries. */
  replaceFromIncidents(features) {
    this.entries.clear();
    for (const f of features) {
      for (const c of f.reconciliation?.conflicts ?? []) {
        this.put({
          incident_id: f.id,
          field: c.field,
          kept: c.kept?.agency_id,
          others: [c.discarded?.agency_id].filter(Boolean),
          at: Date.parse(f.reconciliation?.event_time ?? '') || 0,
        });
      }
    }
    this.dirty = true;
  }

  /** One conflict record (incidents.conflicts) from the live channel. */
  add(record) {
    if (!record?.incident_id) return;
    const kept = record.kept?.agency_id;
    this.put({
      incident_id: record.incident_id,
      field: record.field,
      kept,
      others: (record.competing ?? []).map((c) => c.agency_id).filter((a) => a !== kept),
      values: (record.competing ?? []).map((c) => `${c.agency_id}: ${formatValue(c.value)}`),
      at: Date.parse(record.event_time ?? '') || Date.now(),
    });
    this.dirty = true;
  }

  put(entry) {
    const key = entry.incident_id + '\u0000' + entry.field;
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > MAX_KEPT) this.entries.delete(this.entries.keys().next().value);
  }

  clear() {
    this.entries.clear();
    this.dirty = true;
  }

  render(now) {
    if (!this.dirty || now - this.lastRender < RENDER_MS) return;
    this.dirty = false;
    this.lastRender = now;
    const all = [...this.entries.values()].sort((a, b) => b.at - a.at);
    this.countEl.textContent = String(all.length);
    this.list.replaceChildren(...all.map((e) => h('li', {},
      h('button', { type: 'button', class: 'conflict', 'data-id': e.incident_id, onclick: () => this.onShow(e.incident_id, null) },
        h('strong', { text: `${e.incident_id} · ${e.field} · kept ${e.kept ?? '?'} over ${e.others.join(', ') || '?'}` }),
        h('span', { class: 'item-meta', text: [clockTime(e.at), ...(e.values ?? [])].join(' · ') })))));
  }

  get size() {
    return this.entries.size;
  }
}

function formatValue(v) {
  if (v === null || v === undefined) return 'removed';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}
