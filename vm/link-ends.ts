/**
 * How each peer's receiving link (the one this VM dialed) finished: with the peer's end marker, after which this VM
 * knows it has every message that peer sent, or closed without one (or down from the start). A peer that rejoins
 * starts afresh.
 */
export class LinkEnds {
  /** Peers whose receiving link has delivered its end marker or closed. */
  readonly #finished = new Set<number>();
  /** Peers whose end marker came: of the finished, the ones this VM knows it has every message from. */
  readonly #endMarked = new Set<number>();

  finished(peer: number): boolean {
    return this.#finished.has(peer);
  }

  /** The peer's end marker came. */
  endMarked(peer: number): void {
    this.#endMarked.add(peer);
    this.#finished.add(peer);
  }

  /** The peer's link closed, or it is down: finished without an end marker, unless it had finished already. */
  closed(peer: number): void {
    this.#finished.add(peer);
  }

  /** A restarted peer's new link. */
  rejoined(peer: number): void {
    this.#finished.delete(peer);
    this.#endMarked.delete(peer);
  }

  /**
   * Of `peers`, those whose end marker has not come (end-links.ts): `closed` those whose link closed first (or was
   * down), `open` those whose link is still open (a VM that stops waiting gives up on them).
   */
  withoutEndMarker(peers: readonly number[]): { closed: number[]; open: number[] } {
    const missing = peers.filter((p) => !this.#endMarked.has(p));
    return {
      closed: missing.filter((p) => this.#finished.has(p)),
      open: missing.filter((p) => !this.#finished.has(p)),
    };
  }
}
