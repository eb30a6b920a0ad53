// Reconnect delays: exponential growth with "equal jitter" (half fixed, half random). The fixed
// half keeps a console from hammering the edge right after a failure; the random half spreads
// the reconnects of hundreds of consoles that lost the same replica at the same moment, so they
// do not return as one thundering herd.

export class Backoff {
  /**
   * @param {{baseMs: number, maxMs: number, factor?: number, random?: () => number}} options
   */
  constructor({ baseMs, maxMs, factor = 2, random = Math.random }) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
    this.factor = factor;
    this.random = random;
    this.attempt = 0;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next() {
    const ceiling = Math.min(this.maxMs, this.baseMs * Math.pow(this.factor, this.attempt));
    this.attempt += 1;
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  /** After a success the next failure starts small again. */
  reset() {
    this.attempt = 0;
  }
}
