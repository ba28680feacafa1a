/**
 * The local VmTransport: each VM life is `node dist/vm/main.js --id K`, a child process with a Node IPC channel as
 * its control channel; its stdout and stderr come back line by line.
 *
 * Each VM runs in a process group of its own (`detached`), out of the terminal's foreground group: a terminal's
 * Ctrl-C reaches the launcher only, which stops every VM at one instant over the channel. (The VM also ignores
 * SIGINT and SIGTERM, but only once its code runs: a Ctrl-C during its start-up killed it, the soak found.) No VM
 * outlives the launcher: when the channel closes, the VM stops (vm/launched-coordinator.ts).
 */
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import type { VmToLauncher } from '../shared/ipc-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import type { VmEvents, VmExit, VmLife, VmTransport } from './vm-transport.js';

export const vmEntry = fileURLToPath(new URL('../vm/main.js', import.meta.url));

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
/**
 * Scavenges on the VM's own thread: a parallel scavenge waits for V8's helper threads, and on a few cores shared with
 * many VMs a helper thread often was not running, so the VM waited for it (--trace-gc, 3 VMs x 1000/s, load ~20:
 * scavenge pause p50 2.1-3.0 ms and 113-215 ms in all per run; on the VM's thread 0.8 ms and 55-67 ms). Sweeping
 * stays concurrent: with all collection on the VM's thread (--single-threaded-gc) the sweeping left by the
 * collection before the start (vm/collect-before-start.ts) was done by every VM at tick 0 (perf).
 */
const ownThreadScavenge = '--no-parallel-scavenge';
/**
 * Under `optimiseFromRate`, a function gets its baseline (Sparkplug) code with its bytecode, at its first call (in
 * the warm-up for most of them): otherwise it was compiled once hot, at the same tick in every VM, which were the
 * first ticks of the run (perf at 64 VMs x 100/s: Sparkplug batch compiles in the first 50 ms).
 */
const baselineAtOnce = '--always-sparkplug';
export const vmNodeOptions = (rate: number): string[] =>
  rate < optimiseFromRate
    ? [...inheritedOptions, youngGeneration, ownThreadScavenge, '--no-turbofan', baselineAtOnce]
    : [...inheritedOptions, youngGeneration, ownThreadScavenge];

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
    detached: true,
  });
}

export const localVmTransport: VmTransport = {
  start(spec: VmSpec, events: VmEvents): VmLife {
    const child = spawnVm(spec.id, spec.clockRate);
    child.on('message', (message) => events.onMessage(message as VmToLauncher));
    for (const stream of [child.stdout, child.stderr]) forwardLines(stream, events.onOutput);
    const exited = child.then((result): VmExit => {
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
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
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
