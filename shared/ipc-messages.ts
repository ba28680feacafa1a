/**
 * The launcher <-> VM control channel (Node IPC). Times are epoch milliseconds so that separate processes can agree
 * on one instant; each VM maps them onto its own monotonic clock.
 */
import type { DropReason, VmFigures, VmSpec } from './vm-spec.js';

/** Why a VM could not start or go on: its listen, its links, a peer's bounds, its own queue bound, its CSV file. */
export const vmFailureReasons = [
  'port-in-use',
  'listen-failed',
  'peer-timeout',
  'peer-refused',
  'peer-lost',
  'peer-out-of-range',
  'queue-full',
  'cannot-write',
  /** By hand only (no launcher hears it): the session this VM was started into had started without it. */
  'session-started',
] as const;
export type VmFailureReason = (typeof vmFailureReasons)[number];

export type LauncherToVm =
  | { type: 'init'; spec: VmSpec }
  | { type: 'peers'; ports: number[] }
  /**
   * peerOffsetsMs (VMs on several hosts): per VM id, that VM's host clock minus this VM's host clock as the launcher
   * measured them, null where a host's offset was never measured; copies' send stamps are put on this VM's clock with it.
   */
  | { type: 'start'; startEpochMs: number; stopEpochMs: number; peerOffsetsMs?: (number | null)[] }
  | { type: 'stop'; atEpochMs: number }
  /** A killed peer was restarted and listens on `port` again: dial it. */
  | { type: 'rejoin'; id: number; port: number };

export type VmToLauncher =
  | { type: 'listening'; id: number; port: number }
  | { type: 'connected'; id: number }
  | { type: 'progress'; id: number; tick: number; clock: number; queue: number }
  | { type: 'done'; id: number; stats: VmFigures }
  /** Sent as it happens, so the record survives the VM being killed: `<msg_id>><peer>` never left this VM. */
  | { type: 'dropped'; id: number; copy: string; reason: DropReason }
  | {
      type: 'failed';
      id: number;
      reason: VmFailureReason;
      detail: string;
    };
