/**
 * The launcher's handle on its VM processes: spawns `node dist/vm/main.js --id K` for each VM with an IPC channel,
 * forwards their output with a `vmK:` prefix, and reports each message and each exit as an event. A VM killed by an
 * injected fault can be spawned again under the same id.
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

/**
 * The VMs make no TLS connections: loading extra CA certificates (set in some environments) would only slow each
 * VM's start by tens of milliseconds.
 */
const vmEnv = { NODE_EXTRA_CA_CERTS: undefined };

/**
 * A VM ticking under `optimiseFromRate` times a second runs with `--no-turbofan`: it runs the same few small
 * functions a few hundred times a second, and V8's optimising compiler, starting on them one by one in every VM,
 * took about 15% of all CPU with 64 VMs at 100/s in bursts that made the others late (on time 87-89% -> 92-94%). Faster
 * VMs keep it: their code is hot enough to pay it back (message latency p50 at 1000/s: 125 us without it, 105 us
 * with it). Measured on Node 20; Node 22's mid-tier compiler (Maglev) is left as it is.
 */
const optimiseFromRate = 500;
/** The launcher's own flags (e.g. --cpu-prof) pass on, as execa does by default, except a debugger's. */
const inheritedOptions = process.execArgv.filter((option) => !option.startsWith('--inspect'));
/**
 * A young generation of 8 MB from the start: VMs start together and allocate alike, so they collected their
 * default 1 MB young generation in step, every VM within ~0.2 s of the others, every ~1.6 s at 100/s (issue 13's
 * synchronized stalls under load). With 8 MB each VM collects about 8 times less often (8 VMs x 100/s, 10 s:
 * 64 scavenges -> 8); a scavenge costs what survives it, not the space's size.
 */
const youngGeneration = '--min-semi-space-size=8';
export const vmNodeOptions = (rate: number): string[] =>
  rate < optimiseFromRate
    ? [...inheritedOptions, youngGeneration, '--no-turbofan']
    : [...inheritedOptions, youngGeneration];

function spawnVm(id: number, rate: number) {
  return execaNode(vmEntry, ['--id', String(id)], {
    env: vmEnv,
    nodeOptions: vmNodeOptions(rate),
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
  readonly #events: FleetEvents;
  readonly #children: Subprocess[] = [];
  /** Every life of every VM, restarted ones included. */
  readonly #exits: Promise<VmExit>[] = [];

  readonly #rates: readonly number[];

  /** `rates`: each VM's clock rate in ticks per real second, one VM per entry. */
  constructor(rates: readonly number[], events: FleetEvents) {
    this.#events = events;
    this.#rates = rates;
    for (let id = 0; id < rates.length; id++) this.spawn(id);
  }

  /** Starts VM `id` (again, after an injected kill). */
  spawn(id: number): void {
    const child = spawnVm(id, this.#rates[id] ?? 0);
    this.#children[id] = child;
    child.on('message', (message) => this.#events.onMessage(message as VmToLauncher));
    for (const stream of [child.stdout, child.stderr]) forwardLines(stream, (line) => this.#events.onOutput(id, line));
    this.#exits.push(
      child.then((result) => {
        const exit = { id, pid: child.pid, code: result.exitCode, signal: result.signal };
        this.#events.onExit(exit);
        return exit;
      }),
    );
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

  /** Sends a signal to VM `id`'s current process (SIGSTOP / SIGCONT / SIGKILL for injected faults). */
  signal(id: number, signal: NodeJS.Signals): void {
    const child = this.#children[id];
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill(signal);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    for (let id = 0; id < this.#children.length; id++) {
      this.signal(id, 'SIGCONT'); // a paused VM must run to die in order
      this.signal(id, signal);
    }
  }

  /** Resolves once every VM process (every life) has exited. */
  async exited(): Promise<VmExit[]> {
    let count = 0;
    let exits: VmExit[] = [];
    // A restart may add a life while we wait: wait again until the list stops growing.
    while (count !== this.#exits.length) {
      count = this.#exits.length;
      exits = await Promise.all(this.#exits);
    }
    return exits;
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
