/**
 * The full mesh of one VM: one link dialed to each peer, which it receives that peer's frames on (dialed-links.ts),
 * and a listener that accepts one link from each peer, which it sends that peer its frames on (mesh-listener.ts).
 * Links stay open for the whole run. Frames that arrive are handed to the VM as they come, whatever its tick rate;
 * the end-of-stream marker lets the VM know it has every message a peer sent.
 */
import { DialedLinks } from './dialed-links.js';
import { firstFailure } from './first-failure.js';
import { encodeFrame } from './frame-decoder.js';
import { LinkEnds } from './link-ends.js';
import { LinkWaits } from './link-waits.js';
import { dispatchFrame } from './mesh-dispatch.js';
import { type ClaimedPort, MeshListener } from './mesh-listener.js';
import type { ConnectResult, ListenResult, MeshEvents, MeshIdentity } from './mesh-types.js';
import { mismatchLingerMs } from './mismatch-linger.js';
import type { Frame, StartedFrame } from './wire-frames.js';

export class PeerMesh {
  readonly #me: MeshIdentity;
  readonly #events: MeshEvents;
  /** Where this VM sends (links its peers dialed). */
  readonly #listener: MeshListener;
  /** Where this VM receives (links it dialed). */
  readonly #dialed: DialedLinks;
  /** How each link it receives on finished: with the peer's end marker, or closed. */
  readonly #ends = new LinkEnds();
  readonly #lost = new Set<number>();
  /** Set once this VM sent its end markers: links closing after that are the normal end, not a loss. */
  #ending = false;
  /** Set by close(): dials still retrying give up. */
  #closed = false;
  #framesHeard = 0;
  readonly #waits = new LinkWaits();

  constructor(me: MeshIdentity, events: MeshEvents) {
    this.#me = me;
    this.#events = events;
    this.#listener = new MeshListener(me, {
      onLinked: () => this.#waits.changed(),
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
      onSilent: (line) => events.onSilentPeer?.(line),
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
      this.#ends.closed(peer);
      this.#linkLost(peer);
    }
    // The dials still running when one fails see the mesh closed and stop.
    const dials = this.peers.filter((p) => portOf(p) !== 0).map((p) => this.#dialed.dial(p, portOf(p), giveUpAt));
    const failed = await firstFailure(dials);
    if (failed?.told !== undefined) await new Promise((resolve) => setTimeout(resolve, mismatchLingerMs));
    if (failed !== undefined) return failed;
    if (this.#closed) return { ok: false, reason: 'peer-timeout', detail: 'the mesh was closed' };
    const missing = () => this.peers.filter((p) => !this.#listener.has(p) && !this.#lost.has(p));
    return this.#waits.untilDialedIn(missing, giveUpAt);
  }

  /** A killed peer was restarted: dial its new port; its own dial (the link to send on) is accepted as it comes. */
  async rejoin(peer: number, port: number, giveUpAt: number): Promise<void> {
    const result = await this.#dialed.dial(peer, port, giveUpAt);
    if (!result.ok) return;
    this.#lost.delete(peer);
    this.#ends.rejoined(peer);
  }

  /** By hand, once the VMs agreed on their start: a peer that dials in from now on is told `answer`, not linked. */
  answerLatePeers(answer: StartedFrame): void {
    this.#listener.answerLatePeers(answer);
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
    await this.#waits.until(() => this.peers.every((p) => this.#ends.finished(p)));
  }

  /** Peers whose end marker has not come (end-links.ts), by whether their link closed first (link-ends.ts). */
  withoutEndMarker(): { closed: number[]; open: number[] } {
    return this.#ends.withoutEndMarker(this.peers);
  }

  close(): void {
    this.#closed = true;
    this.#waits.close();
    this.#dialed.close();
    this.#listener.close();
  }

  #peerFinished(peer: number): void {
    this.#ends.endMarked(peer);
    this.#waits.changed();
  }

  #receivingClosed(peer: number): void {
    if (this.#ends.finished(peer)) return;
    this.#ends.closed(peer);
    this.#linkLost(peer);
    this.#waits.changed();
  }

  #linkLost(peer: number): void {
    if (this.#lost.has(peer) || this.#closed) return;
    this.#lost.add(peer);
    this.#events.onPeerLost(peer);
  }
}
