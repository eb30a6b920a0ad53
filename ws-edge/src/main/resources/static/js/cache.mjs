// The last picture, kept in sessionStorage so that a reload shows the map at once and then only
// asks the edge for what changed since (resume_from the cached position). sessionStorage, not
// localStorage: it dies with the tab, like the token, and is never shared with another tab.
//
// The cache is compact (the fields the console draws, without clocks and source offsets) because
// sessionStorage holds about 5 MB per origin; when even that does not fit, the console simply
// starts without a cache rather than failing.

const KEY = 'incident-console.cache.v1';

/** A reconciled incident reduced to what the console shows. */
export function compact(feature) {
  const r = feature.reconciliation ?? {};
  const out = {
    type: 'Feature',
    id: feature.id,
    geometry: feature.geometry ?? null,
    properties: feature.properties ?? {},
    reconciliation: {
      version: r.version,
      diff_type: r.diff_type,
      agencies: r.agencies,
      jurisdictions: r.jurisdictions,
      event_time: r.event_time,
      conflicts: r.conflicts,
    },
  };
  if (feature.bbox) out.bbox = feature.bbox;
  return out;
}

/**
 * @param {Storage} storage sessionStorage
 * @param {{agency: string, filtersKey: string, position: string|null, features: Iterable<object>, savedAt: number}} picture
 * @returns {boolean} whether it was stored
 */
export function saveCache(storage, picture) {
  if (!picture.position) return false;
  const features = [];
  for (const f of picture.features) features.push(compact(f));
  const text = JSON.stringify({
    agency: picture.agency,
    filtersKey: picture.filtersKey,
    position: picture.position,
    savedAt: picture.savedAt,
    features,
  });
  try {
    storage.setItem(KEY, text);
    return true;
  } catch {
    // QuotaExceededError: an old, smaller copy would be wrong (its position is stale), so drop it.
    clearCache(storage);
    return false;
  }
}

/**
 * The cached picture when it belongs to this agency and these filters and is younger than
 * {@code maxAgeMs}; null otherwise (a cache of another sign-in must never be shown).
 */
export function loadCache(storage, { agency, filtersKey, now, maxAgeMs }) {
  let parsed;
  try {
    const text = storage.getItem(KEY);
    if (!text) return null;
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || parsed.agency !== agency || parsed.filtersKey !== filtersKey) return null;
  if (typeof parsed.savedAt !== 'number' || now - parsed.savedAt > maxAgeMs) return null;
  if (!Array.isArray(parsed.features) || typeof parsed.position !== 'string') return null;
  return parsed;
}

export function clearCache(storage) {
  try {
    storage.removeItem(KEY);
  } catch {
    // storage disabled: nothing to clear
  }
}
