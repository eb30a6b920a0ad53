// The replay bar over the map: the window and speed to ask for, then play/pause, a slider showing
// the replayed instant (drag it to seek), the speed, steps to the selected incident's previous and
// next change, and one click back to live. A banner says, in a polite live region, that the map
// shows a replay and of which instant. The bar only reports what the operator did (callbacks) and
// shows what ReplayMode holds, drawn at most once per animation frame however many frames arrive.

import { SPEEDS } from './replay-mode.mjs';

const STAMP = new Intl.DateTimeFormat([], {
  day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** The value of a datetime-local input for an instant (ms), in the operator's time zone. */
export function localInput(ms) {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 19);
}

export class ReplayPanel {
  /**
   * @param {object} o
   * @param {object} o.els   open, bar, form, from, to, speed, play, slider, prev, next, live, banner, error
   * @param {object} o.mode  the ReplayMode
   * @param {object} o.on    start({from, to, speed}), play(), pause(), seek(ms), speed(s), previous(), next(), live()
   * @param {function} [o.requestFrame] runs a callback before the next repaint (requestAnimationFrame)
   */
  constructor({ els, mode, on, requestFrame = (fn) => requestAnimationFrame(fn) }) {
    this.els = els;
    this.mode = mode;
    this.on = on;
    this.requestFrame = requestFrame;
    this.framePending = false;
    this.dragging = false;
    for (const s of SPEEDS) {
      els.speed.append(new Option(s === 'max' ? 'max' : `${s}×`, String(s)));
    }
    els.speed.value = '10';
    els.open.addEventListener('click', () => this.openBar());
    els.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const from = Date.parse(els.from.value);
      const to = Date.parse(els.to.value);
      if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
        this.error('Pick a start before the end.');
        return;
      }
      this.error('');
      this.on.start({ from: new Date(els.from.value).getTime(), to: new Date(els.to.value).getTime(), speed: this.speedValue() });
    });
    els.play.addEventListener('click', () => (this.mode.state === 'playing' ? this.on.pause() : this.on.play()));
    els.speed.addEventListener('change', () => {
      if (this.mode.active) this.on.speed(this.speedValue());
    });
    els.slider.addEventListener('input', () => {
      this.dragging = true;
      this.showBanner(this.mode.instantAt(Number(els.slider.value)));
    });
    els.slider.addEventListener('change', () => {
      this.dragging = false;
      if (this.mode.active) this.on.seek(this.mode.instantAt(Number(els.slider.value)));
    });
    els.prev.addEventListener('click', () => this.on.previous());
    els.next.addEventListener('click', () => this.on.next());
    els.live.addEventListener('click', () => this.on.live());
  }

  speedValue() {
    const v = this.els.speed.value;
    return v === 'max' ? 'max' : Number(v);
  }

  setAllowed(allowed) {
    this.els.open.hidden = !allowed;
    if (!allowed) this.els.bar.hidden = true;
  }

  openBar() {
    const now = Date.now();
    if (!this.els.from.value) this.els.from.value = localInput(now - 3600 * 1000);
    if (!this.els.to.value) this.els.to.value = localInput(now);
    this.els.bar.hidden = false;
    this.els.from.focus();
  }

  error(message) {
    this.els.error.textContent = message;
  }

  /**
   * Frames moved the replay on: drawn on the next animation frame, once however many arrived. A
   * status, a start or a stop calls render() at once, so a control's effect shows without waiting.
   */
  changed() {
    if (this.framePending) return;
    this.framePending = true;
    this.requestFrame(() => {
      this.framePending = false;
      this.render();
    });
  }

  /** Shows where the replay stands now. */
  render() {
    const m = this.mode;
    const on = m.active;
    document.body.classList.toggle('replaying', on);
    for (const el of [this.els.play, this.els.slider, this.els.prev, this.els.next, this.els.live]) el.disabled = !on;
    this.els.play.textContent = m.state === 'playing' ? 'Pause' : 'Play';
    this.els.play.setAttribute('aria-pressed', String(m.state === 'playing'));
    if (!this.dragging && on) this.els.slider.value = String(m.sliderValue());
    this.els.banner.hidden = !on;
    if (on) this.showBanner(m.instant);
  }

  showBanner(ms) {
    const m = this.mode;
    const speed = m.speed === 'max' ? 'max' : `${m.speed}×`;
    const state = m.state === 'closed' ? 'closed: press Play to go on' : (m.state ?? 'starting');
    this.els.banner.textContent = `Replay · ${STAMP.format(new Date(ms))} · ${speed} · ${state}`;
    this.els.banner.dataset.instant = new Date(ms).toISOString();
  }
}
