/**
 * The local VmTransport: each VM life is `node dist/vm/main.js --id K`, a child process with a Node IPC channel as
 * its control channel; its stdout and stderr come back line by line.
 *
 * Each VM runs in a process group of its own (`detached`), out of the terminal's foreground group: a terminal's
 * Ctrl-C reaches the launcher only, which stops every VM at one instant over the channel. (The VM also ignores
 * SIGINT and SIGTERM, but only once its code runs: a Ctrl-C during its start-up killed it, the soak found.) No VM
 * outlives the launcher: when the channel closes, the VM stops (vm/launched-coordinator.ts), and a VM paused by a
 * fault is continued by its guard if the launcher dies meanwhile (pause-guard.ts).
 */
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import type { VmToLauncher } from '../shared/ipc-messages.js';
import { sharedClockEnv } from '../shared/precise-epoch.js';
import type { VmSpec } from '../shared/vm-spec.js';
import { guardPause, type PauseGuard } from './pause-guard.js';
import { localVmNodeOptions } from './vm-node-options.js';
import type { VmEvents, VmExit, VmLife, VmTransport } from './vm-transport.js';

export const vmEntry = fileURLToPath(new URL('../vm/main.js', import.meta.url));

/**
 * The VMs make no TLS connections: loading extra CA certificates (set in some environments) would only slow each
 * VM's start by tens of milliseconds. Each reads the launcher's clock mapping (shared/precise-epoch.ts).
 */
const vmEnv = () => ({ NODE_EXTRA_CA_CERTS: undefined, ...sharedClockEnv() });

function spawnVm(id: number, rate: number) {
  return execaNode(vmEntry, ['--id', String(id)], {
    env: vmEnv(),
    nodeOptions: localVmNodeOptions(rate),
    ipc: true,
    serialization: 'json',
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    detached: true,
  });
}

export const localVmTransport: VmTransport = {
  // The launcher is each VM's parent: the kernel tells it of the exit at once.
  exitsSeenAtOnce: true,
  start(spec: VmSpec, events: VmEvents): VmLife {
    const child = spawnVm(spec.id, spec.clockRate);
    child.on('message', (message) => events.onMessage(message as VmToLauncher));
    for (const stream of [child.stdout, child.stderr]) forwardLines(stream, events.onOutput);
    /** Set while the VM is paused (pause-guard.ts: a launcher that dies then does not leave it stopped). */
    let guard: PauseGuard | undefined;
    const unguard = () => {
      guard?.release();
      guard = undefined;
    };
    const exited = child.then((result): VmExit => {
      unguard();
      const exit = { id: spec.id, pid: child.pid, code: result.exitCode, signal: result.signal };
      events.onExit(exit);
      return exit;
    });
    return {
      pid: child.pid,
      exited,
      send(message) {
        if (child.connected) child.send(message);
      },
      signal(signal) {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (signal === 'SIGSTOP' && guard === undefined && child.pid !== undefined) guard = guardPause(child.pid);
        if (signal !== 'SIGSTOP') unguard();
        child.kill(signal);
      },
    };
  },
};

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (stream === null) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending);
  });
}
