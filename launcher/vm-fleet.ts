/**
 * The launcher's handle on its VM processes: spawns `node dist/vm/main.js --id K` for each VM with an IPC channel,
 * forwards their stderr with a `vmK:` prefix, and reports each message and each exit as an event.
 */
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import type { LauncherToVm, VmToLauncher } from '../shared/ipc-messages.js';

export const vmEntry = fileURLToPath(new URL('../vm/main.js', import.meta.url));

export type VmExit = { id: number; pid: number | undefined; code: number | undefined; signal: string | undefined };

export type FleetEvents = {
  onMessage(message: VmToLauncher): void;
  onExit(exit: VmExit): void;
  onOutput(id: number, line: string): void;
};

function spawnVm(id: number) {
  return execaNode(vmEntry, ['--id', String(id)], {
    ipc: true,
    serialization: 'json',
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    forceKillAfterDelay: 2000,
  });
}
type Subprocess = ReturnType<typeof spawnVm>;

export class VmFleet {
  readonly #children: Subprocess[];
  readonly #exits: Promise<VmExit>[];

  constructor(count: number, events: FleetEvents) {
    this.#children = Array.from({ length: count }, (_, id) => spawnVm(id));
    this.#exits = this.#children.map((child, id) => {
      child.on('message', (message) => events.onMessage(message as VmToLauncher));
      for (const stream of [child.stdout, child.stderr]) forwardLines(stream, (line) => events.onOutput(id, line));
      return child.then((result) => {
        const exit = { id, pid: child.pid, code: result.exitCode, signal: result.signal };
        events.onExit(exit);
        return exit;
      });
    });
  }

  get pids(): (number | undefined)[] {
    return this.#children.map((child) => child.pid);
  }

  send(id: number, message: LauncherToVm): void {
    const child = this.#children[id];
    if (child?.connected) child.send(message);
  }

  broadcast(message: LauncherToVm): void {
    for (let id = 0; id < this.#children.length; id++) this.send(id, message);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    for (const child of this.#children) if (child.exitCode === null) child.kill(signal);
  }

  /** Resolves once every VM process has exited. */
  exited(): Promise<VmExit[]> {
    return Promise.all(this.#exits);
  }
}

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
