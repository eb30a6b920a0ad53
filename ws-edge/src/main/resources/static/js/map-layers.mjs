// The map: the jurisdiction outlines as an offline base map (no tiles, no internet; a raster
// basemap under them only when the edge is configured with one), incidents as
// clustered markers, and polygons and lines as shapes on one canvas. Each incident owns one marker
// and at most one shape; a change touches only that incident's layers (move, restyle, replace),
// never the whole map.

import {
  anchorOf, capitalize, hasShape, incidentTime, markerSize, severityOf, shapeStyle, statusOf, styleKey, titleOf,
} from './incident-view.mjs';
import { h, clockTime } from './dom.mjs';

// Above this zoom every marker stands alone: flying to an incident lands here, so it is never
// hidden in a cluster.
const UNCLUSTER_ZOOM = 16;
const BASE_LAYER_URL = 'data/bay-area-jurisdictions.json';
const BASEMAP_URL = '/api/console/basemap';

export class IncidentMap {
  /**
   * @param {object} L        Leaflet (window.L)
   * @param {HTMLElement} el  the map container
   * @param {{onSelect: (id: string) => void, reducedMotion: boolean}} options
   */
  constructor(L, el, { onSelect, reducedMotion }) {
    this.L = L;
    this.onSelect = onSelect;
    this.reducedMotion = reducedMotion;
    this.map = L.map(el, {
      zoomSnap: 0.5,
      minZoom: 3,
      maxZoom: 18,
      worldCopyJump: true,
      keyboard: true,
      zoomAnimation: !reducedMotion,
      fadeAnimation: !reducedMotion,
      markerZoomAnimation: !reducedMotion,
      attributionControl: true,
    });
    this.map.attributionControl.setPrefix(false);
    // A sensible frame before anything loads, so the first paint is the Bay Area, not the ocean.
    this.map.fitBounds([[37.1, -122.75], [38.35, -121.55]]);

    this.map.createPane('base');
    this.map.getPane('base').style.zIndex = 250;
    this.shapeRenderer = L.canvas({ padding: 0.3, tolerance: 5 });
    this.shapes = L.featureGroup().addTo(this.map);
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 100,
      chunkDelay: 16,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      maxClusterRadius: 48,
      disableClusteringAtZoom: UNCLUSTER_ZOOM,
      animate: !reducedMotion,
      iconCreateFunction: (cluster) => clusterIcon(L, cluster.getChildCount()),
    }).addTo(this.map);

    /** @type {Map<string, {marker: object, shape: object|null, key: string, anchor: number[], geometry: string|null}>} */
    this.entries = new Map();
    this.icons = new Map();
    this.selectedId = null;
    this.addLegend();
  }

  /** Loads the base layer; the map works without it (the outlines are orientation, not data). */
  async loadBaseLayer(fetchImpl = fetch) {
    try {
      const res = await fetchImpl(BASE_LAYER_URL);
      if (!res.ok) return;
      const data = await res.json();
      const L = this.L;
      this.base = L.geoJSON(data, {
        pane: 'base',
        interactive: false,
        renderer: L.canvas({ pane: 'base', padding: 0.5 }),
        style: () => ({ color: '#475569', weight: 1.5, opacity: 0.9, fillColor: '#f8fafc', fillOpacity: this.tiles ? 0.15 : 1 }),
        onEachFeature: (f, layer) => {
          const name = f.properties?.name ?? f.properties?.id;
          if (name) layer.bindTooltip(name, { permanent: true, direction: 'center', className: 'jurisdiction-label', pane: 'base' });
        },
      }).addTo(this.map);
      this.map.attributionControl.addAttribution('Jurisdictions: synthetic demo outlines (CC0)');
    } catch {
      // offline base layer missing: incidents still draw on the plain background
    }
  }

  /**
   * Adds the edge's raster basemap, if it has one (off by default): tiles in Leaflet's tile pane
   * (z-index 200), under the outlines' pane (250), whose fill turns light so the tiles show. Tile
   * requests carry the configured referrer policy: the page itself sends none, and public tile
   * servers ask for one. The edge's content security policy allows exactly the tile origins.
   */
  async loadBasemap(fetchImpl = fetch) {
    try {
      const res = await fetchImpl(BASEMAP_URL);
      if (!res.ok) return;
      const cfg = await res.json();
      if (!cfg.enabled) return;
      this.tiles = this.L.tileLayer(cfg.url_template, {
        subdomains: cfg.subdomains.length > 0 ? cfg.subdomains : 'abc',
        maxNativeZoom: cfg.max_zoom,
        attribution: escapeHtml(cfg.attribution),
        referrerPolicy: cfg.referrer_policy,
      }).addTo(this.map);
      this.base?.setStyle({ fillOpacity: 0.15 });
    } catch {
      // no basemap: the outlines on their plain background, as offline
    }
  }

  /** Draws the current state of these incidents from the store: create, move, restyle, remove. */
  apply(ids, store) {
    const L = this.L;
    const add = [];
    const remove = [];
    const reopen = [];
    for (const id of ids) {
      const f = store.get(id);
      const entry = this.entries.get(id);
      const anchor = f ? anchorOf(f) : null;
      if (!f || !anchor) {
        if (entry) {
          remove.push(entry.marker);
          if (entry.shape) this.shapes.removeLayer(entry.shape);
          this.entries.delete(id);
          if (this.selectedId === id) this.selectedId = null;
        }
        continue;
      }
      const key = styleKey(f);
      const geometry = hasShape(f) ? JSON.stringify(f.geometry) : null;
      if (!entry) {
        const marker = this.marker(id, f, anchor);
        const e = { marker, shape: null, key, anchor, geometry: null };
        this.entries.set(id, e);
        this.setShape(e, f, geometry);
        add.push(marker);
        continue;
      }
      if (entry.key !== key) {
        entry.key = key;
        entry.marker.setIcon(this.icon(f));
        if (this.selectedId === id) this.markSelected(id, true);
        if (entry.shape && geometry === entry.geometry) entry.shape.setStyle(shapeStyle(f));
      }
      if (geometry !== entry.geometry) this.setShape(entry, f, geometry);
      if (entry.anchor[0] !== anchor[0] || entry.anchor[1] !== anchor[1]) {
        // A moved incident gets a fresh marker, swapped in with the batch: setLatLng on a clustered
        // marker re-clusters it on its own, at once, which is what a burst of moves cannot afford.
        const wasOpen = entry.marker.isPopupOpen?.();
        remove.push(entry.marker);
        entry.marker = this.marker(id, f, anchor);
        entry.anchor = anchor;
        add.push(entry.marker);
        if (wasOpen) reopen.push(entry);
      } else if (entry.marker.isPopupOpen?.()) {
        entry.marker.setPopupContent(popupContent(f));
      }
    }
    // One bulk removal and one bulk addition per batch: each costs one re-cluster, whatever its size.
    if (remove.length) this.cluster.removeLayers(remove);
    if (add.length) this.cluster.addLayers(add);
    for (const entry of reopen) {
      const f = store.get(entry.marker.incidentId);
      if (f) entry.marker.bindPopup(popupContent(f), { autoPan: false, maxWidth: 320 }).openPopup();
    }
    if (this.selectedId && reopen.length === 0) this.markSelected(this.selectedId, true);
  }

  marker(id, f, anchor) {
    const marker = this.L.marker(anchor, { icon: this.icon(f), keyboard: false, riseOnHover: true });
    marker.incidentId = id;
    marker.on('click', () => this.onSelect(id));
    return marker;
  }

  setShape(entry, f, geometry) {
    if (entry.shape) {
      this.shapes.removeLayer(entry.shape);
      entry.shape = null;
    }
    entry.geometry = geometry;
    if (!geometry) return;
    const id = f.id;
    entry.shape = this.L.geoJSON(f.geometry, { renderer: this.shapeRenderer, style: () => shapeStyle(f) });
    entry.shape.on('click', () => this.onSelect(id));
    this.shapes.addLayer(entry.shape);
  }

  icon(f) {
    const key = styleKey(f);
    let icon = this.icons.get(key);
    if (!icon) {
      const size = markerSize(f);
      const sev = severityOf(f) ?? 'none';
      icon = this.L.divIcon({
        className: 'incident-marker',
        html: `<span class="pin status-${statusOf(f)} sev-${sev}"></span>`,
        iconSize: [size, size],
        popupAnchor: [0, -size / 2],
      });
      this.icons.set(key, icon);
    }
    return icon;
  }

  /** Frames every incident (the first picture only: later the operator owns the view). */
  fitTo(store) {
    let bounds = null;
    for (const f of store.values()) {
      const a = anchorOf(f);
      if (!a) continue;
      if (!bounds) bounds = this.L.latLngBounds(a, a);
      else bounds.extend(a);
      if (f.bbox && f.bbox.length >= 4 && f.bbox[0] <= f.bbox[2]) {
        bounds.extend([f.bbox[1], f.bbox[0]]).extend([f.bbox[3], f.bbox[2]]);
      }
    }
    if (!bounds) return false;
    this.map.fitBounds(bounds.pad(0.08), { maxZoom: 13, animate: false });
    return true;
  }

  /** Opens an incident's details where it is (a click on its marker). */
  open(id, store) {
    const entry = this.entries.get(id);
    const f = store.get(id);
    if (!entry || !f) return false;
    this.select(id);
    entry.marker.bindPopup(popupContent(f), { maxWidth: 320 }).openPopup();
    return true;
  }

  /** Shows one incident: flies there (or jumps, with reduced motion), opens its details. */
  show(id, store) {
    const entry = this.entries.get(id);
    const f = store.get(id);
    if (!entry || !f) return false;
    this.select(id);
    const open = () => {
      // The incident may have changed or gone during the flight: show what is current.
      const now = store.get(id);
      if (now && this.entries.get(id) === entry) entry.marker.bindPopup(popupContent(now), { autoPan: false, maxWidth: 320 }).openPopup();
    };
    // Open when the map has arrived. Without animation it arrives inside the call, and when it is
    // already there no moveend comes at all: hence the listener first and the timer as a backstop.
    let opened = false;
    const openOnce = () => {
      if (!opened) {
        opened = true;
        open();
      }
    };
    this.map.once('moveend', openOnce);
    const animate = !this.reducedMotion;
    if (entry.shape) {
      const bounds = entry.shape.getBounds();
      if (animate) this.map.flyToBounds(bounds, { maxZoom: UNCLUSTER_ZOOM, duration: 0.8 });
      else this.map.fitBounds(bounds, { maxZoom: UNCLUSTER_ZOOM, animate: false });
    } else if (animate) {
      this.map.flyTo(entry.anchor, UNCLUSTER_ZOOM, { duration: 0.8 });
    } else {
      this.map.setView(entry.anchor, UNCLUSTER_ZOOM, { animate: false });
    }
    setTimeout(openOnce, animate ? 1200 : 0);
    return true;
  }

  select(id) {
    if (this.selectedId && this.selectedId !== id) this.markSelected(this.selectedId, false);
    this.selectedId = id;
    this.markSelected(id, true);
  }

  markSelected(id, on) {
    const el = this.entries.get(id)?.marker.getElement?.();
    el?.querySelector('.pin')?.classList.toggle('selected', on);
  }

  /** What the map shows for one incident (diagnostics and the browser tests). */
  describe(id) {
    const e = this.entries.get(id);
    if (!e) return null;
    const ll = e.marker.getLatLng();
    const parent = this.cluster.getVisibleParent(e.marker);
    return {
      lat: ll.lat,
      lng: ll.lng,
      style: e.key,
      shape: !!e.shape,
      inCluster: this.cluster.hasLayer(e.marker),
      shown: parent === e.marker ? 'marker' : parent ? 'cluster' : 'outside-view',
    };
  }

  get size() {
    return this.entries.size;
  }

  addLegend() {
    const L = this.L;
    const legend = L.control({ position: 'bottomleft' });
    legend.onAdd = () => {
      const box = h('div', { class: 'legend', role: 'group', 'aria-label': 'Map legend' },
        h('h3', { text: 'Status' }),
        ...['active', 'contained', 'resolved'].map((s) => h('div', {}, h('span', { class: 'swatch status-' + s, 'aria-hidden': 'true' }), capitalize(s))),
        h('h3', { text: 'Severity: size' }),
        h('div', { class: 'sizes' }, ...[['minor', 10], ['moderate', 13], ['severe', 17], ['critical', 21]].map(([name, px]) =>
          h('span', { title: name, style: `width:${px}px;height:${px}px` }))),
      );
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(this.map);
  }
}

function clusterIcon(L, count) {
  const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 48;
  return L.divIcon({ className: 'incident-cluster', html: `<span>${count}</span>`, iconSize: [size, size] });
}

/** The popup: text only (see dom.mjs), built when opened. */
export function popupContent(f) {
  const p = f.properties ?? {};
  const r = f.reconciliation ?? {};
  const rows = [
    ['Status', capitalize(statusOf(f))],
    ['Severity', capitalize(severityOf(f) ?? 'not set')],
    ['Type', p.incident_type ?? ''],
    ['Agencies', (r.agencies ?? []).join(', ')],
    ['Jurisdictions', (r.jurisdictions ?? []).join(', ')],
    ['Address', typeof p.address === 'string' ? p.address : null],
    ['Last change', clockTime(incidentTime(f))],
    ['Version', String(r.version ?? '')],
  ].filter(([, v]) => v);
  const dl = h('dl');
  for (const [k, v] of rows) dl.append(h('dt', { text: k }), h('dd', { text: v }));
  return h('div', { class: 'popup' }, h('h3', { text: titleOf(f) }), dl);
}

/** Leaflet writes attributions as HTML; the setting is plain text. */
function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
