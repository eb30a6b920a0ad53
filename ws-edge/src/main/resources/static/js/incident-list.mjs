// The incident list beside the map: a listbox of fixed-height rows, virtualized (only the rows in
// view exist in the DOM, so 5,000 incidents cost the same as 20), sortable by time or severity,
// navigable with the keyboard (arrows, Page Up/Down, Home/End, Enter), where activating a row
// flies the map to it. Re-sorting is throttled: under a burst the order settles a few times a
// second instead of jumping on every update, which would make rows impossible to click.

import { h, clockTime } from './dom.mjs';
import { capitalize, incidentTime, severityOf, sortedIds, statusOf, titleOf } from './incident-view.mjs';

const ROW_HEIGHT = 56;
const OVERSCAN = 6;
const RESORT_MS = 500;

export class IncidentList {
  /**
   * @param {HTMLElement} root      the listbox
   * @param {{onActivate: (id: string) => void, countEl: HTMLElement}} options
   */
  constructor(root, { onActivate, countEl }) {
    this.root = root;
    this.onActivate = onActivate;
    this.countEl = countEl;
    this.store = null;
    this.order = [];
    this.indexOf = new Map();
    this.rows = new Map();
    this.sortKey = 'time';
    this.needsSort = true;
    this.lastSort = -Infinity;
    this.stale = new Set();
    this.activeId = null;
    this.spacer = h('div', { class: 'list-spacer', 'aria-hidden': 'true' });
    this.empty = h('p', { class: 'list-empty', text: 'No incidents to show.' });
    root.append(this.spacer, this.empty);
    // The viewport is read in the scroll and resize callbacks, where it is already laid out, and
    // remembered: reading it while rendering, after the map changed the DOM in the same frame,
    // would force a layout of the whole page on every frame.
    this.scrollTop = 0;
    this.viewHeight = 400;
    root.addEventListener('scroll', () => {
      this.scrollTop = root.scrollTop;
      this.renderWindow();
    }, { passive: true });
    root.addEventListener('keydown', (e) => this.onKey(e));
    root.addEventListener('click', (e) => {
      const row = e.target.closest('.row');
      if (row) this.activate(row.dataset.id);
    });
    new ResizeObserver((entries) => {
      this.viewHeight = entries[0].contentRect.height || this.viewHeight;
      this.renderWindow();
    }).observe(root);
  }

  setStore(store) {
    this.store = store;
    this.needsSort = true;
  }

  sortBy(key) {
    if (key === this.sortKey) return;
    this.sortKey = key;
    this.needsSort = true;
    this.lastSort = -Infinity;
    this.render(performance.now());
  }

  /** These incidents changed (after conflation): their rows are redrawn, the order revisited. */
  changed(ids) {
    for (const id of ids) this.stale.add(id);
    this.needsSort = true;
  }

  /** Called once per frame by the console's render loop. */
  render(now) {
    if (this.needsSort && now - this.lastSort >= RESORT_MS) {
      this.resort();
      this.lastSort = now;
    }
    this.renderWindow();
  }

  resort() {
    this.needsSort = false;
    this.order = this.store ? sortedIds(this.store.values(), this.sortKey) : [];
    this.indexOf = new Map();
    for (let i = 0; i < this.order.length; i++) this.indexOf.set(this.order[i], i);
    this.spacer.style.height = this.order.length * ROW_HEIGHT + 'px';
    this.countEl.textContent = String(this.order.length);
    this.empty.hidden = this.order.length > 0;
    if (this.activeId && !this.indexOf.has(this.activeId)) this.setActive(null);
    // Every row's position may have changed: reposition all rendered rows.
    for (const id of this.rows.keys()) this.stale.add(id);
  }

  renderWindow() {
    const top = this.scrollTop;
    const height = this.viewHeight;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.order.length - 1, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const wanted = new Set();
    for (let i = first; i <= last; i++) wanted.add(this.order[i]);
    // The active row stays in the DOM even when scrolled away: aria-activedescendant points at it.
    if (this.activeId && this.indexOf.has(this.activeId)) wanted.add(this.activeId);
    for (const [id, row] of this.rows) {
      if (!wanted.has(id)) {
        row.remove();
        this.rows.delete(id);
      }
    }
    for (const id of wanted) {
      let row = this.rows.get(id);
      const f = this.store?.get(id);
      if (!f) {
        // Gone since the last sort: its row goes now, the gap closes at the next sort.
        row?.remove();
        this.rows.delete(id);
        continue;
      }
      if (!row) {
        row = h('div', { class: 'row', role: 'option', id: rowDomId(id), 'data-id': id });
        this.rows.set(id, row);
        this.root.append(row);
        this.fill(row, f, this.indexOf.get(id));
      } else if (this.stale.has(id)) {
        this.fill(row, f, this.indexOf.get(id));
      }
    }
    this.stale.clear();
  }

  fill(row, f, index) {
    row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    row.setAttribute('aria-posinset', String(index + 1));
    row.setAttribute('aria-setsize', String(this.order.length));
    row.setAttribute('aria-selected', String(f.id === this.activeId));
    const status = statusOf(f);
    const sev = severityOf(f);
    const r = f.reconciliation ?? {};
    const meta = [capitalize(status), sev ? capitalize(sev) : 'No severity', f.properties?.incident_type,
      (r.agencies ?? []).join(', '), clockTime(incidentTime(f))].filter(Boolean).join(' · ');
    row.replaceChildren(
      h('span', { class: `swatch status-${status}`, 'aria-hidden': 'true' }),
      h('span', { class: 'row-title', text: titleOf(f) }),
      h('span', { class: 'row-meta', text: meta }),
    );
    // The accessible name says it all in one phrase (the swatch is decoration).
    row.setAttribute('aria-label', `${titleOf(f)}, ${meta}`);
  }

  onKey(e) {
    const n = this.order.length;
    if (!n) return;
    const page = Math.max(1, Math.floor(this.viewHeight / ROW_HEIGHT) - 1);
    const at = this.activeId != null && this.indexOf.has(this.activeId) ? this.indexOf.get(this.activeId) : -1;
    let next = null;
    switch (e.key) {
      case 'ArrowDown': next = Math.min(n - 1, at + 1); break;
      case 'ArrowUp': next = Math.max(0, at - 1); break;
      case 'PageDown': next = Math.min(n - 1, at + page); break;
      case 'PageUp': next = Math.max(0, at - page); break;
      case 'Home': next = 0; break;
      case 'End': next = n - 1; break;
      case 'Enter':
      case ' ':
        if (this.activeId) this.activate(this.activeId);
        e.preventDefault();
        return;
      default: return;
    }
    e.preventDefault();
    this.setActive(this.order[next], true);
  }

  /** Marks a row active (aria-activedescendant), optionally scrolling it into view. */
  setActive(id, scroll = false) {
    const previous = this.activeId;
    this.activeId = id;
    if (previous) this.stale.add(previous);
    if (id) this.stale.add(id);
    if (id && scroll && this.indexOf.has(id)) {
      const y = this.indexOf.get(id) * ROW_HEIGHT;
      let top = this.scrollTop;
      if (y < top) top = y;
      else if (y + ROW_HEIGHT > top + this.viewHeight) top = y + ROW_HEIGHT - this.viewHeight;
      if (top !== this.scrollTop) {
        this.root.scrollTop = top;
        this.scrollTop = this.root.scrollTop;
      }
    }
    this.renderWindow();
    if (id && this.rows.has(id)) this.root.setAttribute('aria-activedescendant', rowDomId(id));
    else this.root.removeAttribute('aria-activedescendant');
  }

  activate(id) {
    this.setActive(id, true);
    this.onActivate(id);
  }

  /** Ids in list order (diagnostics and tests). */
  ids() {
    return this.order.slice();
  }
}

function rowDomId(id) {
  return 'incident-row-' + String(id).replace(/[^A-Za-z0-9_-]/g, (c) => '_' + c.charCodeAt(0).toString(16));
}
