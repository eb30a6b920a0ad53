// The filter controls' values as the protocol's subscribe filters (ws-client-message.schema.json
// #/$defs/filters) and as the same filters on GET /api/incidents, so the WebSocket and the
// polling fallback always select the same incidents.

import { SEVERITIES, STATUSES } from './incident-view.mjs';

const AGENCY = /^[a-z0-9_-]{2,32}$/;
const TYPE = /^[a-z0-9_-]{1,32}$/;

/**
 * @param {{agencies?: string[], incident_types?: string[], status?: string[], severity?: string[]}} values
 * @returns {object} filters with empty lists left out ("any"), values checked as the schema checks them
 */
export function normalizeFilters(values) {
  const out = {};
  const agencies = uniq(values?.agencies).filter((a) => AGENCY.test(a));
  const types = uniq(values?.incident_types).filter((t) => TYPE.test(t));
  const status = uniq(values?.status).filter((s) => STATUSES.includes(s));
  const severity = uniq(values?.severity).filter((s) => SEVERITIES.includes(s));
  if (agencies.length) out.agencies = agencies;
  if (types.length) out.incident_types = types;
  // Every status (or severity) ticked selects the same as none: send none, the shorter subscribe.
  if (status.length && status.length < STATUSES.length) out.status = status;
  if (severity.length && severity.length < SEVERITIES.length) out.severity = severity;
  return out;
}

/** A text field of comma- or space-separated ids as a list. */
export function splitList(text) {
  return String(text ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** The query string of GET /api/incidents for these filters and position. */
export function pollQuery(filters, since) {
  const q = new URLSearchParams();
  if (since) q.set('since', since);
  for (const key of ['agencies', 'incident_types', 'status', 'severity']) {
    if (filters?.[key]?.length) q.set(key, filters[key].join(','));
  }
  return q.toString();
}

/** A canonical string: equal filters, equal keys (cache validity, "did anything change"). */
export function filtersKey(filters) {
  const f = normalizeFilters(filters);
  return JSON.stringify(['agencies', 'incident_types', 'status', 'severity'].map((k) => (f[k] ?? []).slice().sort()));
}

/** Human summary for the header: "fire · active, contained". */
export function describeFilters(filters) {
  const parts = [];
  for (const key of ['agencies', 'incident_types', 'status', 'severity']) {
    if (filters?.[key]?.length) parts.push(filters[key].join(', '));
  }
  return parts.length ? parts.join(' · ') : 'all incidents you may see';
}

function uniq(list) {
  return [...new Set((Array.isArray(list) ? list : []).map((s) => String(s).trim().toLowerCase()).filter(Boolean))];
}
