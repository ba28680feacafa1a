/**
 * A mesh's waits on its links, each looked at again whenever the links change (changed()): until every peer has
 * dialed in (the start barrier's precondition, bounded by the connect timeout), and until every peer's receiving
 * link has finished (the end). One wait at a time: a new one replaces the one before.
 */
import type { ConnectResult } from './mesh-types.js';

export class LinkWaits {
  #onLinksChange: () => void = () => {};
  #stopWaiting: () => void = () => {};

  /** A peer dialed in, or a peer's receiving link finished (its end marker came, or it closed). */
  changed(): void {
    this.#onLinksChange();
  }

  /** Until `missing()` is empty; fails naming them at `giveUpAt` (epoch ms), or when the mesh is closed first. */
  untilDialedIn(missing: () => number[], giveUpAt: number): Promise<ConnectResult> {
    return new Promise((resolve) => {
      const check = () => {
        if (missing().length > 0) return;
        clearTimeout(timer);
        this.#onLinksChange = () => {};
        resolve({ ok: true });
      };
      const timer = setTimeout(
        () =>
          resolve({ ok: false, reason: 'peer-timeout', detail: `VM ${missing().join(', VM ')} never connected in` }),
        Math.max(1, giveUpAt - Date.now()),
      );
      this.#onLinksChange = check;
      // Closed while waiting (the VM gave up, e.g. a peer's value out of bounds): no timer may keep the VM alive.
      this.#stopWaiting = () => {
        clearTimeout(timer);
        resolve({ ok: false, reason: 'peer-timeout', detail: 'the mesh was closed' });
      };
      check();
    });
  }

  /** Until `done()`, with no deadline of its own (end-links.ts gives up on it). */
  until(done: () => boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const check = () => {
        if (done()) resolve();
      };
      this.#onLinksChange = check;
      check();
    });
  }

  /** The mesh closed: a wait for peers to dial in ends at once. */
  close(): void {
    this.#stopWaiting();
  }
}
