// A tiny element builder. Incident text comes from agencies' systems: it is only ever set as text
// (textContent), never parsed as HTML, so a title like "<img onerror=...>" stays a title.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function byId(id) {
  return document.getElementById(id);
}

// Formatters are costly to create (toLocaleTimeString builds one per call): make them once.
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat([], { day: 'numeric', month: 'short' });

/** "19:05" today, "22 Nov 19:05" otherwise, in the operator's locale and time zone. */
export function clockTime(ms, now = Date.now()) {
  if (!ms) return '';
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const time = TIME.format(d);
  return sameDay ? time : `${DAY.format(d)} ${time}`;
}
