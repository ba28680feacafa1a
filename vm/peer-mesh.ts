/**
 * The full mesh of one VM: one link dialed to each peer, which it receives that peer's frames on (dialed-links.ts),
 * and a listener that accepts one link from each peer, which it sends that peer its frames on (mesh-listener.ts).
 * Links stay open for the whole run. Frames that arrive are handed to the VM as they come, whatever its tick rate;
 * the end-of-stream marker lets the VM know it has every message a peer sent.
 */
import { DialedLinks } from './dialed-links.js';
import { firstFailure } from './first-failure.js';
import { encodeFrame } from './frame-decoder.js';
import { dispatchFrame } from './mesh-dispatch.js';
import { type ClaimedPort, MeshListener } from './mesh-listener.js';
import type { ConnectResult, ListenResult, MeshEvents, MeshIdentity } from './mesh-types.js';
import type { Frame } from './wire-frames.js';

export type { ConnectResult, ListenResult, MeshEvents, MeshIdentity } from './mesh-types.js';

/**
 * How long a VM refused by a peer of a mismatched session (another secret, another run) still answers dials before
 * it closes: that peer dials this VM too, and told the same by this VM's listener it stops at once as well, instead of
 * finding nobody here and retrying until its connect timeout. It dialed as soon as it listened, before it could refuse
 * this VM, so its hello is usually here already; the margin is for a loaded machine.
 */
const mismatchLingerMs = 1000;

export class PeerMesh {
  readonly #me: MeshIdentity;
  readonly #events: MeshEvents;
  /** Where this VM sends (links its peers dialed). */
  readonly #listener: MeshListener;
  /** Where this VM receives (links it dialed). */
  readonly #dialed: DialedLinks;
  /** Peers whose receiving link has delivered its end marker or closed. */
  readonly #finished = new Set<number>();
  /** Peers whose end marker came: of the finished, the ones this VM knows it has every message from. */
  readonly #endMarked = new Set<number>();
  readonly #lost = new Set<number>();
  /** Set once this VM sent its end markers: links closing after that are the normal end, not a loss. */
  #ending = false;
  /** Set by close(): dials still retrying give up. */
  #closed = false;
  #framesHeard = 0;
  #onLinksChange: () => void = () => {};
  #stopWaiting: () => void = () => {};

  constructor(me: MeshIdentity, events: MeshEvents) {
    this.#me = me;
    this.#events = events;
    this.#listener = new MeshListener(me, {
      onLinked: () => this.#onLinksChange(),
      onClosed: (peer) => {
        if (!this.#ending) this.#linkLost(peer);
      },
      onRefused: (reason) => events.onRefused(reason),
    });
    this.#dialed = new DialedLinks(me, () => !this.#closed, {
      onFrame: (peer, frame) => {
        this.#framesHeard += 1;
        dispatchFrame(peer, frame, me.machines, events, (p) => this.#peerFinished(p));
      },
      onClosed: (peer) => this.#receivingClosed(peer),
      onRefused: (reason) => events.onRefused(reason),
    });
  }

  get peers(): number[] {
    return Array.from({ length: this.#me.machines }, (_, i) => i).filter((i) => i !== this.#me.self);
  }

  /** Frames received from authenticated peers so far: a peer still sending is not silent (end-links.ts). */
  get framesHeard(): number {
    return this.#framesHeard;
  }

  /** Listens on `port`, or on a port claimed ahead (claimPort). */
  async listen(port: number | ClaimedPort): Promise<ListenResult> {
    return typeof port === 'number' ? this.#listener.listen(port) : this.#listener.adopt(port);
  }

  /**
   * Dials every peer and waits until every peer has dialed in too: the start barrier's precondition.
   * A peer whose port is 0 is down (killed earlier in the run): its link counts as lost until it rejoins.
   */
  async connect(portOf: (peer: number) => number, giveUpAt: number): Promise<ConnectResult> {
    for (const peer of this.peers.filter((p) => portOf(p) === 0)) {
      this.#finished.add(peer);
      this.#linkLost(peer);
    }
    // The dials still running when one fails see the mesh closed and stop.
    const dials = this.peers.filter((p) => portOf(p) !== 0).map((p) => this.#dialed.dial(p, portOf(p), giveUpAt));
    const failed = await firstFailure(dials);
    if (failed?.told !== undefined) await new Promise((resolve) => setTimeout(resolve, mismatchLingerMs));
    if (failed !== undefined) return failed;
    if (this.#closed) return { ok: false, reason: 'peer-timeout', detail: 'the mesh was closed' };
    return this.#waitDialedIn(giveUpAt);
  }

  /** A killed peer was restarted: dial its new port; its own dial (the link to send on) is accepted as it comes. */
  async rejoin(peer: number, port: number, giveUpAt: number): Promise<void> {
    const result = await this.#dialed.dial(peer, port, giveUpAt);
    if (!result.ok) return;
    this.#lost.delete(peer);
    this.#finished.delete(peer);
    this.#endMarked.delete(peer);
  }

  #waitDialedIn(giveUpAt: number): Promise<ConnectResult> {
    const missing = () => this.peers.filter((p) => !this.#listener.has(p) && !this.#lost.has(p));
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

  /** Writes a frame to one peer; false when that link is down (the caller records the send as dropped). */
  send(peer: number, frame: Frame): boolean {
    return this.sendEncoded(peer, encodeFrame(frame));
  }

  /**
   * The same, for a frame already encoded: a send to every peer encodes its message once, not once per peer (as
   * bytes, so the sockets need not each turn the text into UTF-8 again).
   */
  sendEncoded(peer: number, bytes: string | Uint8Array): boolean {
    return !this.#lost.has(peer) && this.#listener.write(peer, bytes);
  }

  broadcast(frame: Frame): void {
    const bytes = encodeFrame(frame);
    for (const peer of this.peers) this.sendEncoded(peer, bytes);
  }

  /** Sends every peer the end marker (after this VM's last message) and waits for theirs. */
  async finish(sentTo: (peer: number) => number): Promise<void> {
    this.#ending = true;
    for (const peer of this.peers) {
      this.send(peer, { t: 'end', sent: sentTo(peer) });
      this.#listener.end(peer);
    }
    await new Promise<void>((resolve) => {
      const check = () => {
        if (this.peers.every((p) => this.#finished.has(p))) resolve();
      };
      this.#onLinksChange = check;
      check();
    });
  }

  /**
   * Peers whose end marker has not come (end-links.ts): `closed` those whose link closed first (or was down),
   * `open` those whose link is still open (a VM that stops waiting gives up on them).
   */
  withoutEndMarker(): { closed: number[]; open: number[] } {
    const missing = this.peers.filter((p) => !this.#endMarked.has(p));
    return {
      closed: missing.filter((p) => this.#finished.has(p)),
      open: missing.filter((p) => !this.#finished.has(p)),
    };
  }

  close(): void {
    this.#closed = true;
    this.#stopWaiting();
    this.#dialed.close();
    this.#listener.close();
  }

  #peerFinished(peer: number): void {
    this.#endMarked.add(peer);
    this.#finished.add(peer);
    this.#onLinksChange();
  }

  #receivingClosed(peer: number): void {
    if (this.#finished.has(peer)) return;
    this.#finished.add(peer);
    this.#linkLost(peer);
    this.#onLinksChange();
  }

  #linkLost(peer: number): void {
    if (this.#lost.has(peer) || this.#closed) return;
    this.#lost.add(peer);
    this.#events.onPeerLost(peer);
  }
}
