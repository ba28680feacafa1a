/**
 * What one remote VM life needs of its host: how to reach it (ssh, the launcher's own shell session there, its
 * connect gate), where its VMs write, and its clock. Messages cross to the host in the host's own clock.
 */
import type { LauncherToVm } from '../shared/ipc-messages.js';
import type { RemoteVmToLauncher } from '../shared/remote-messages.js';
import type { ConnectGate } from './host-connect-gate.js';
import type { HostShell } from './remote-host-shell.js';
import type { SshSpawner } from './remote-ssh.js';

export type RemoteHostLink = {
  name: string;
  ssh: string;
  dir: string;
  /** Where this host's VMs write their CSVs (the relay's source, and what is fetched after a kill). */
  scratchDir: string;
  spawner: SshSpawner;
  /** The launcher's own session on the host, for signals and fetches; whether it was lost. */
  shell: Pick<HostShell, 'run' | 'connectionLost'>;
  gate: Pick<ConnectGate, 'enter'>;
  /** Launcher epoch ms -> the host's epoch ms (the host's measured clock offset added). */
  toHostTime(epochMs: number): number;
  onPong(message: Extract<RemoteVmToLauncher, { type: 'pong' }>): void;
  /** VM `vm` here heard nothing from the launcher for `quietMs` and stops (silence-cut.ts). */
  onUnheard(vm: number, quietMs: number): void;
};

/** `host (ssh)`, as every line about a host names it. */
export const hostNamed = (host: Pick<RemoteHostLink, 'name' | 'ssh'>) => `host ${host.name} (${host.ssh})`;

/** The init carries the host's CSV folder; instants are handed over in the host's own clock. */
export function forHost(host: RemoteHostLink, message: LauncherToVm): LauncherToVm {
  switch (message.type) {
    case 'init':
      return { ...message, spec: { ...message.spec, outDir: host.scratchDir } };
    case 'start':
      return {
        ...message,
        startEpochMs: host.toHostTime(message.startEpochMs),
        stopEpochMs: host.toHostTime(message.stopEpochMs),
      };
    case 'stop':
      return { ...message, atEpochMs: host.toHostTime(message.atEpochMs) };
    case 'peers':
    case 'rejoin':
      return message;
    default: {
      const never: never = message;
      throw new Error(`unknown launcher message ${JSON.stringify(never)}`);
    }
  }
}
