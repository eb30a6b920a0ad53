// The after-action report's map (bin/after-action report): every version of every incident as its own
// Leaflet layer, and a slider (or the list of versions) to step through them in the order they were
// appended. At step i each incident shows its latest version up to i; step i's own version is outlined.
// No tile layer: the map is the geometries on a plain background, so the page asks for nothing.
// Agency text only ever reaches the page through textContent (never innerHTML).
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const steps = data.steps;
  const colours = data.status_colours;
  const map = L.map('map', { zoomSnap: 0.25, attributionControl: false });
  const layers = steps.map((s) => {
    if (!s.geometry) return null;
    const style = { color: colours[s.status] || '#9e9e9e', weight: 2, fillOpacity: 0.3 };
    return L.geoJSON(s.geometry, {
      style: () => style,
      pointToLayer: (f, latlng) => L.circleMarker(latlng, Object.assign({ radius: 8 }, style)),
    }).bindTooltip(() => {
      const text = document.createElement('span'); // Leaflet would parse a string as HTML
      text.textContent = `${s.incident} v${s.version} ${s.status}`;
      return text;
    });
  });
  const all = layers.filter((l) => l);
  if (all.length) {
    map.fitBounds(L.featureGroup(all).getBounds().pad(0.2), { maxZoom: 15 });
  } else {
    map.setView([0, 0], 2);
  }

  const slider = document.getElementById('step');
  const label = document.getElementById('step-label');
  const list = document.getElementById('versions');
  slider.max = String(Math.max(0, steps.length - 1));
  let current = -1;

  /** Shows step i: each incident's latest version up to it; returns what is on the map. */
  function show(i) {
    current = Math.max(0, Math.min(steps.length - 1, i));
    const latest = new Map();
    for (let j = 0; j <= current; j++) latest.set(steps[j].incident, j);
    layers.forEach((layer, j) => {
      if (!layer) return;
      const on = latest.get(steps[j].incident) === j && steps[j].status !== 'deleted';
      if (on && !map.hasLayer(layer)) layer.addTo(map);
      if (!on && map.hasLayer(layer)) map.removeLayer(layer);
      if (on) layer.setStyle({ weight: j === current ? 5 : 2 });
    });
    const s = steps[current];
    slider.value = String(current);
    label.textContent = s ? `${current + 1}/${steps.length} ${s.t} ${s.incident} v${s.version} ${s.diff_type} ${s.status}`
      + (s.severity ? ` ${s.severity}` : '') : 'no versions';
    list.querySelectorAll('li').forEach((li) => li.classList.toggle('current', Number(li.dataset.step) === current));
    return shown();
  }

  function shown() {
    return layers.map((l, j) => (l && map.hasLayer(l) ? { incident: steps[j].incident, version: steps[j].version } : null)).filter((x) => x);
  }

  steps.forEach((s, j) => {
    const li = document.createElement('li');
    li.dataset.step = String(j);
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${s.t} ${s.incident} v${s.version} ${s.status}${s.severity ? ' ' + s.severity : ''}`;
    button.addEventListener('click', () => show(j));
    li.appendChild(button);
    list.appendChild(li);
  });
  slider.addEventListener('input', () => show(Number(slider.value)));
  document.getElementById('prev').addEventListener('click', () => show(current - 1));
  document.getElementById('next').addEventListener('click', () => show(current + 1));
  if (steps.length) show(steps.length - 1);

  // For the tests and for scripting: the number of steps, show a step, what the map shows.
  window.afterActionReport = { steps: steps.length, show, shown, current: () => current };
}());
