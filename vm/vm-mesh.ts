/**
 * A running VM's mesh: who it is on it (from its spec), and what it does with what the mesh tells it. Messages go to
 * its machine (message-intake.ts), a peer's stop is honoured or refused as its coordinator says, a value out of
 * bounds or a full queue fails the run, a lost link is recorded and told (lost-link-log.ts; or, by hand while the VMs agree on the start, fails
 * the run), a by-hand session's word that it started without this VM stops it, and refusals are counted and told.
 */
import type { RunStats } from '../model/run-stats.js';
import type { VmSpec } from '../shared/vm-spec.js';
import type { Coordinator } from './coordinator.js';
import type { LostLinkLog } from './lost-link-log.js';
import { type MessageIntakeParts, messageIntake } from './message-intake.js';
import { PeerMesh } from './peer-mesh.js';
import type { RefusalLog } from './refusal-log.js';
import type { RunHalt } from './run-halt.js';
import { startedNotice } from './session-started.js';

/**
 * Where the VM is in its start: a peer lost while the VMs agree on the start fails it (by hand nothing else would
 * end that wait). While connecting, the connect timeout bounds the wait and a peer's own failure (a squatter on a
 * port) is what the VM should name.
 */
export type StartPhase = 'connecting' | 'agreeing' | 'agreed';

/** What message intake takes (its queue-full handler is this file's), and what the mesh's other events reach. */
export type VmMeshParts = Omit<MessageIntakeParts, 'onQueueFull'> & {
  coordinator: Pick<
    Coordinator,
    'onPeerReady' | 'peersMayStop' | 'onPeerStop' | 'startAgreedByPeers' | 'startedWithout'
  >;
  stats: RunStats;
  refusals: Pick<RefusalLog, 'refused'>;
  lostLinks: Pick<LostLinkLog, 'lost'>;
  log: { warn(line: string): void };
  halt: Pick<RunHalt, 'fail' | 'requestStop'>;
  start(): StartPhase;
};

export type VmMeshSpec = Pick<VmSpec, 'runId' | 'id' | 'machines' | 'secret' | 'host' | 'peerHosts'>;

export function vmMesh(spec: VmMeshSpec, parts: VmMeshParts): PeerMesh {
  const { machine, latency, peerOffsetsMs, faults, timer, queueBound, coordinator, stats, refusals, lostLinks, halt } =
    parts;
  const refuse = (reason: string) => {
    stats.refused += 1;
    refusals.refused(reason);
  };
  return new PeerMesh(
    {
      run: spec.runId,
      self: spec.id,
      machines: spec.machines,
      secret: spec.secret,
      host: spec.host,
      ...(spec.peerHosts === undefined ? {} : { peerHosts: spec.peerHosts }),
    },
    {
      onMessage: messageIntake({
        machine,
        latency,
        peerOffsetsMs,
        faults,
        timer,
        queueBound,
        onQueueFull: () =>
          halt.fail(
            'queue-full',
            `VM ${spec.id} holds over ${queueBound} queued messages (its memory bound); run stopped`,
          ),
      }),
      onReady: (peer, startAt) => coordinator.onPeerReady(peer, startAt),
      onStarted: (peer, at) => {
        const notice = startedNotice(peer, at, parts.start() === 'agreed', coordinator.startedWithout);
        if (notice.kind === 'stop') halt.fail('session-started', notice.line);
        else refuse(notice.reason);
      },
      onStop: (peer, at) => {
        if (coordinator.peersMayStop) {
          coordinator.onPeerStop?.(peer, at);
          halt.requestStop(at);
        } else refuse(`from VM ${peer}: a stop, which only the launcher may send`);
      },
      onOutOfBounds: (peer, detail) => halt.fail('peer-out-of-range', `VM ${peer} sent VM ${spec.id} ${detail}`),
      onPeerLost: (peer) => {
        if (parts.start() === 'agreeing' && coordinator.startAgreedByPeers) {
          halt.fail('peer-lost', `the link from VM ${peer} to VM ${spec.id} dropped before the VMs agreed on a start`);
          return;
        }
        stats.lostPeers.add(peer);
        lostLinks.lost(peer);
      },
      onRefused: (reason) => refuse(reason),
      // By hand only (silent-port.ts says why).
      onSilentPeer: (line) => {
        if (coordinator.startAgreedByPeers) parts.log.warn(line);
      },
    },
  );
}
