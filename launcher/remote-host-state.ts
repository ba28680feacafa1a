/**
 * What the launcher keeps of each host during a run on several hosts: its config, its shell session and link, its
 * clock samples, its VM lives and whether it was lost; and what the manifest says of it. What becomes of it at the
 * end of the run is remote-run-end.ts's.
 */
import { posix } from 'node:path';
import type { HostConfig } from '../config/host-config.js';
import type { RemoteVmToLauncher } from '../shared/remote-messages.js';
import { type ClockSample, HostClock } from './host-clock.js';
import { ConnectGate } from './host-connect-gate.js';
import type { SampledHost } from './host-sampler.js';
import type { RemoteHostLink } from './remote-host-link.js';
import { HostShell } from './remote-host-shell.js';
import type { SshSpawner } from './remote-ssh.js';
import type { RemoteVmLife } from './remote-vm-life.js';

export type HostState = SampledHost & {
  config: HostConfig;
  shell: HostShell;
  link: RemoteHostLink;
  lives: Set<RemoteVmLife>;
  lost: string | undefined;
  /** Whether the offset the start went with was measured (a host not yet sampled then was given 0). */
  startOffsetKnown: boolean;
  /** The sample the start's offset came from (undefined before the start, or when none had come back by then). */
  startSample: ClockSample | undefined;
  /** Lives that ended with this host lost: their last rows are asked for at the end of the run. */
  lostLives: RemoteVmLife[];
};

export function newHostState(
  config: HostConfig,
  run: { runId: string; defaultDir: string; spawner: SshSpawner },
  onPong: (pong: Extract<RemoteVmToLauncher, { type: 'pong' }>) => void,
  onUnheard: (host: string, vm: number, quietMs: number) => void,
): HostState {
  const dir = config.dir ?? run.defaultDir;
  const clock = new HostClock();
  const shell = new HostShell(run.spawner, config.ssh);
  const state: HostState = {
    config,
    shell,
    clock,
    lives: new Set(),
    startOffsetMs: undefined,
    startOffsetKnown: false,
    startSample: undefined,
    channel: () => {
      const out = [...state.lives].map((l) => l.outbox).find((o) => o.open);
      return out === undefined ? undefined : (message) => out.write(message);
    },
    lost: undefined,
    lostLives: [],
    link: {
      name: config.name,
      ssh: config.ssh,
      dir,
      scratchDir: posix.join(dir, 'logs', `.remote-${run.runId}`),
      spawner: run.spawner,
      shell,
      gate: new ConnectGate(),
      // Every instant of a run in the offset its start went with: the planned end already is (it goes with the
      // start), and a stop after a later sample would otherwise fall at another elapsed time on the host than the
      // manifest's stoppedAtMs says (each VM ticks on its host's clock from the start it was told).
      toHostTime: (epochMs) => epochMs + (state.startOffsetMs ?? clock.offsetMs),
      onPong,
      onUnheard: (vm, quietMs) => onUnheard(config.name, vm, quietMs),
    },
  };
  return state;
}

export type HostReport = {
  name: string;
  ssh: string;
  address: string;
  dir: string;
  vms: number[];
  clockOffsetMs: number | null;
  rttMs: number | null;
  clockStart: ClockSample | null;
  clockEnd: ClockSample | null;
  samples: ClockSample[];
  lost?: string;
};

/** The offset the host's start went with, null when it was never measured, undefined before the start. */
export function startOffsetOf(host: HostState): number | null | undefined {
  if (host.startOffsetMs === undefined) return undefined;
  return host.startOffsetKnown ? host.startOffsetMs : null;
}

/** Before the start (a run that never got there): the best sample, if any. */
const latestOffset = (host: HostState) => (host.clock.sampled ? host.clock.offsetMs : null);

/**
 * For the manifest: the host's VMs, the offset its start used (and that sample's round trip), the start's and the
 * end's samples, and every clock sample. The end's is null when no sample came after the start's: nothing to compare.
 */
export function hostReport(host: HostState, vms: number[]): HostReport {
  const start = host.startSample;
  const end = host.clock.endSample;
  const started = host.startOffsetMs !== undefined;
  return {
    name: host.config.name,
    ssh: host.config.ssh,
    address: host.config.address,
    dir: host.link.dir,
    vms,
    clockOffsetMs: started ? (startOffsetOf(host) ?? null) : latestOffset(host),
    // The round trip of the sample the offset came from, not of a later, better one the start did not use.
    rttMs: (started ? start?.rttMs : host.clock.rttMs) ?? null,
    clockStart: start ?? null,
    clockEnd: start !== undefined && end !== undefined && end.atEpochMs > start.atEpochMs ? end : null,
    samples: [...host.clock.samples],
    ...(host.lost === undefined ? {} : { lost: host.lost }),
  };
}
