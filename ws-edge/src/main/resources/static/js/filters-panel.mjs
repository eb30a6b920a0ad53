// The filter controls: status and severity check boxes, agency and type fields with suggestions
// from what the console has seen. Applying them replaces the incidents subscription (the edge
// filters, so a narrow filter also means less traffic); the choice is kept for this tab.

import { describeFilters, normalizeFilters, splitList } from './filters.mjs';

const KEY = 'incident-console.filters';

export class FiltersPanel {
  constructor({ form, summary, error, agencies, types, storage, onApply }) {
    this.form = form;
    this.summary = summary;
    this.error = error;
    this.agenciesList = agencies;
    this.typesList = types;
    this.storage = storage;
    this.onApply = onApply;
    this.known = { agencies: new Set(), types: new Set() };
    this.current = this.load();
    this.show(this.current);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.apply(this.read());
    });
    form.addEventListener('reset', () => {
      // After the browser has cleared the fields.
      setTimeout(() => this.apply({}), 0);
    });
  }

  load() {
    try {
      return normalizeFilters(JSON.parse(this.storage.getItem(KEY) ?? '{}'));
    } catch {
      return {};
    }
  }

  read() {
    const data = new FormData(this.form);
    return normalizeFilters({
      status: data.getAll('status'),
      severity: data.getAll('severity'),
      agencies: splitList(data.get('agencies')),
      incident_types: splitList(data.get('incident_types')),
    });
  }

  show(filters) {
    for (const box of this.form.querySelectorAll('input[type="checkbox"]')) {
      box.checked = (filters[box.name] ?? []).includes(box.value);
    }
    this.form.elements.agencies.value = (filters.agencies ?? []).join(', ');
    this.form.elements.incident_types.value = (filters.incident_types ?? []).join(', ');
    this.summary.textContent = describeFilters(filters);
  }

  apply(filters, { silent = false } = {}) {
    this.error.textContent = '';
    const before = JSON.stringify(this.current);
    this.current = filters;
    try {
      this.storage.setItem(KEY, JSON.stringify(filters));
    } catch {
      // storage full or disabled: the filter still applies for this page
    }
    this.show(filters);
    if (!silent && JSON.stringify(filters) !== before) this.onApply(filters);
  }

  /** The edge refused the filter (FORBIDDEN agencies): say why and go back to the last good one. */
  refused(message, previous) {
    this.apply(previous, { silent: true });
    this.error.textContent = message;
  }

  /** Feeds the suggestions with agencies and types seen in incidents. */
  learn(feature) {
    let grew = false;
    for (const a of feature?.reconciliation?.agencies ?? []) {
      if (!this.known.agencies.has(a)) {
        this.known.agencies.add(a);
        this.agenciesList.append(new Option(a));
        grew = true;
      }
    }
    const t = feature?.properties?.incident_type;
    if (typeof t === 'string' && !this.known.types.has(t)) {
      this.known.types.add(t);
      this.typesList.append(new Option(t));
      grew = true;
    }
    return grew;
  }
}
