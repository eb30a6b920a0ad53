// The alerts panel: the alerts channel (incidents that are or become severe or critical), newest
// first. New alerts after the first picture are announced once, politely, and batched, so a burst
// does not flood a screen reader; a click shows the incident on the map.

import { h, clockTime } from './dom.mjs';
import { anchorOf, capitalize, incidentTime, severityOf, sortedIds, statusOf, titleOf } from './incident-view.mjs';

const MAX_SHOWN = 50;
const RENDER_MS = 500;

export class AlertsPanel {
  constructor({ list, count, note, announcer, onShow }) {
    this.list = list;
    this.countEl = count;
    this.note = note;
    this.announcer = announcer;
    this.onShow = onShow;
    this.store = null;
    this.dirty = false;
    this.lastRender = -Infinity;
    this.fresh = new Set();
    this.toAnnounce = [];
  }

  setStore(store) {
    this.store = store;
    this.dirty = true;
  }

  /** A snapshot replaced the alerts: redraw, announce nothing (they are not new to the world). */
  replaced() {
    this.dirty = true;
  }

  updated(diffType, id) {
    this.dirty = true;
    if (diffType === 'create') {
      this.fresh.add(id);
      this.toAnnounce.push(id);
    }
  }

  /** While polling, the alerts channel is silent: say so rather than look empty and calm. */
  setPaused(paused) {
    this.note.textContent = paused ? 'paused while not live' : '';
  }

  render(now) {
    if (!this.dirty || now - this.lastRender < RENDER_MS || !this.store) return;
    this.dirty = false;
    this.lastRender = now;
    const order = sortedIds(this.store.values(), 'time');
    this.countEl.textContent = String(order.length);
    const items = order.slice(0, MAX_SHOWN).map((id) => this.store.get(id)).map((f) => {
      const sev = severityOf(f) ?? 'none';
      const button = h('button', {
        type: 'button',
        class: `sev-${sev}` + (this.fresh.has(f.id) ? ' fresh' : ''),
        'data-id': f.id,
        onclick: () => this.onShow(f.id, anchorOf(f)),
      },
      h('span', { class: `swatch status-${statusOf(f)}`, 'aria-hidden': 'true' }),
      h('span', { class: 'item-title', text: `${capitalize(sev)}: ${titleOf(f)}` }),
      h('span', { class: 'item-meta', text: clockTime(incidentTime(f)) }));
      return h('li', {}, button);
    });
    this.list.replaceChildren(...items);
    this.fresh.clear();
    if (this.toAnnounce.length) {
      const ids = this.toAnnounce.splice(0);
      const first = this.store.get(ids[0]);
      this.announcer.textContent = ids.length === 1 && first
        ? `New alert: ${titleOf(first)}, ${severityOf(first) ?? ''}`
        : `${ids.length} new alerts`;
    }
  }

  ids() {
    return this.store ? sortedIds(this.store.values(), 'time') : [];
  }
}
