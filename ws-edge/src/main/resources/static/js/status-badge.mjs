// The connection status in the top bar: a word, a shape and a colour (never colour alone), in a
// polite live region so screen reader users hear "Polling" when the WebSocket is lost.

const LABELS = Object.freeze({
  idle: 'Not connected',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Polling',
  offline: 'Offline',
  'signed-out': 'Signed out',
});

const DETAILS = Object.freeze({
  live: 'Receiving updates over the WebSocket as they happen.',
  reconnecting: 'The WebSocket was lost; retrying with back-off. The map shows the last picture.',
  polling: 'The WebSocket is unavailable; fetching changes over HTTP at an interval while retrying it.',
  offline: 'Neither the WebSocket nor HTTP reaches the edge. The map shows the last picture.',
});

export class StatusBadge {
  constructor(el) {
    this.el = el;
    this.label = el.querySelector('.status-label');
    this.status = null;
  }

  set(status) {
    if (status === this.status) return;
    this.status = status;
    this.el.className = 'status status-' + status;
    this.el.dataset.status = status;
    this.label.textContent = LABELS[status] ?? status;
    this.el.title = DETAILS[status] ?? '';
  }
}
