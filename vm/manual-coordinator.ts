/**
 * Coordination without a launcher, for a VM started by hand: peers sit on the config's fixed ports, and once every
 * link is up each VM proposes a start instant to all; all take the latest proposal, so all start together.
 * Ctrl-C in any one terminal sends every peer a stop for the same instant. Once agreed, a VM that dials in (one
 * restarted into the session) is told the session started without it, and stops (session-started.ts).
 */
import { preciseEpochMs } from '../shared/precise-epoch.js';
import type { Drop } from '../shared/vm-spec.js';
import type { Coordinator } from './coordinator.js';
import type { PeerMesh } from './peer-mesh.js';
import { sessionStartedLine } from './session-started.js';

/** Room for the slowest VM to hear every proposal before the start. */
const startMarginMs = 500;
const stopMarginMs = 100;

export type ManualCoordinator = Coordinator & {
  /** Ctrl-C: stop this VM and every peer at one instant shortly ahead. */
  interrupt(): void;
  /** True once the VMs agreed on a start: before that, a Ctrl-C has nothing to stop in order. */
  readonly started: boolean;
  /** The start the VMs agreed on (epoch ms), once they did: vm-K.json records it, so check can place the end. */
  readonly startEpochMs: number | undefined;
  /** Every copy this VM dropped: by hand there is no launcher, so the VM's own record is the count. */
  readonly drops: readonly Drop[];
  /**
   * The peer whose Ctrl-C stopped this VM: the earliest stop instant a peer sent, unless this VM's own (its Ctrl-C)
   * came first. Undefined when no peer's stop is the one it kept.
   */
  readonly stoppedBy: PeerStop | undefined;
  /** The instant (epoch ms) this VM was told to stop at, by its own Ctrl-C or a peer's; undefined when none came. */
  readonly stopEpochMs: number | undefined;
};

/** A peer's stop: who sent it, and the instant (epoch ms) every VM stops at. */
export type PeerStop = { vm: number; atEpochMs: number };

/**
 * `onAgreed`: every VM is connected (so each has the session's secret) and the start is set; the window is given
 * once it is done (by hand it makes room for this session's CSV, which the VM creates next).
 */
export function manualCoordinator(
  basePort: number,
  machines: number,
  durationMs: number,
  onAgreed: () => void | Promise<void> = () => {},
): ManualCoordinator {
  const proposals = new Map<number, number>();
  let onProposal = () => {};
  let mesh: PeerMesh | undefined;
  let stopHandler: (at: number) => void = () => {};
  let started = false;
  let agreedStart: number | undefined;
  const drops: Drop[] = [];
  let ownStopAt = Number.POSITIVE_INFINITY;
  let peerStop: PeerStop | undefined;

  return {
    connectTimeoutMs: 300_000,
    peerPorts: async () => Array.from({ length: machines }, (_, i) => basePort + i),
    agreeWindow(connected) {
      mesh = connected;
      const own = preciseEpochMs() + startMarginMs;
      connected.broadcast({ t: 'ready', startAt: own });
      return new Promise((resolve) => {
        onProposal = () => {
          if (started || proposals.size < machines - 1) return;
          const startEpochMs = Math.max(own, ...proposals.values());
          started = true;
          agreedStart = startEpochMs;
          // Every peer's link was up before its proposal came: whoever dials in from now on is late.
          connected.answerLatePeers({ t: 'started', at: startEpochMs });
          resolve(Promise.resolve(onAgreed()).then(() => ({ startEpochMs, stopEpochMs: startEpochMs + durationMs })));
        };
        onProposal();
      });
    },
    peersMayStop: true,
    startAgreedByPeers: true,
    startedWithout: (peer, at) => sessionStartedLine({ basePort, machines, durationMs }, peer, at, Date.now()),
    onPeerReady(peer, startAt) {
      proposals.set(peer, startAt);
      onProposal();
    },
    onStopRequest(handler) {
      stopHandler = handler;
    },
    reportProgress() {},
    reportDrop(drop) {
      drops.push(drop);
    },
    drops,
    get started() {
      return started;
    },
    get startEpochMs() {
      return agreedStart;
    },
    onPeerStop(vm, atEpochMs) {
      if (peerStop === undefined || atEpochMs < peerStop.atEpochMs) peerStop = { vm, atEpochMs };
    },
    get stopEpochMs() {
      const at = Math.min(ownStopAt, peerStop?.atEpochMs ?? Number.POSITIVE_INFINITY);
      return Number.isFinite(at) ? at : undefined;
    },
    get stoppedBy() {
      return peerStop !== undefined && peerStop.atEpochMs < ownStopAt ? peerStop : undefined;
    },
    interrupt() {
      const at = preciseEpochMs() + stopMarginMs;
      ownStopAt = Math.min(ownStopAt, at);
      mesh?.broadcast({ t: 'stop', at });
      stopHandler(at);
    },
  };
}
