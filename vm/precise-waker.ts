/**
 * A sub-millisecond wake-up that leaves the event loop running (sockets are read while the VM waits).
 *
 * `Atomics.waitAsync` with a timeout was the tick loop's precise wait, but its timeout is a delayed task on Node's
 * platform, run by a libuv timer in whole milliseconds: measured here, a wait of 0.5 to 1.3 ms ended after ~1.1 ms
 * (and one of 2.5 ms after ~3.1 ms). At 1000 ticks/s every tick therefore ran 0.1-0.4 ms after its deadline before
 * anything else delayed it, and the call with its timer task was ~20% of a VM's CPU (perf, 3 VMs x 1000/s).
 *
 * Here a helper thread sleeps until the deadline with a blocking Atomics.wait (a futex with a timeout, precise to
 * tens of microseconds) and then notifies the main thread, which waits for that notification with a waitAsync
 * without timeout. Measured in one process ticking at 1000/s on this host: lateness p50 0.11-0.15 ms (waitAsync with
 * a timeout: 0.30-0.33 ms). The helper blocks only itself; the deadline is shared in milliseconds of the monotonic
 * clock both threads read (process.hrtime; each thread's performance.now() has an origin of its own).
 */
import { Worker } from 'node:worker_threads';

/** Int32 cells: [0] wake-ups done (the main thread waits on it), [1] requests made (the helper waits on it). */
const done = 0;
const requested = 1;

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

const helperSource = `
const { workerData } = require('node:worker_threads');
const monotonicMs = ${monotonicMs.toString()};
const cells = new Int32Array(workerData, 0, 2);
const deadline = new Float64Array(workerData, 8, 1);
let seen = 0;
for (;;) {
  Atomics.wait(cells, ${requested}, seen);
  seen = Atomics.load(cells, ${requested});
  // A newer request while sleeping wakes the helper early: it then sleeps to the newer deadline.
  for (;;) {
    const left = deadline[0] - monotonicMs();
    if (left <= 0) break;
    if (Atomics.wait(cells, ${requested}, seen, left) !== 'timed-out') seen = Atomics.load(cells, ${requested});
  }
  Atomics.add(cells, ${done}, 1);
  Atomics.notify(cells, ${done});
}
`;

/** Node 20 has Atomics.waitAsync; the project's TypeScript lib (ES2023) does not declare it yet. */
export type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs?: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export class PreciseWaker {
  readonly #cells: Int32Array;
  readonly #deadline: Float64Array;
  readonly #helper: Worker;

  constructor() {
    const shared = new SharedArrayBuffer(16);
    this.#cells = new Int32Array(shared, 0, 2);
    this.#deadline = new Float64Array(shared, 8, 1);
    this.#helper = new Worker(helperSource, { eval: true, workerData: shared });
    // The helper never keeps the VM alive: the pending wait does, with the caller's own handle (real-timer.ts).
    this.#helper.unref();
  }

  /** Resolves `ms` from now, to within tens of microseconds; the event loop runs meanwhile. */
  wait(ms: number): Promise<unknown> {
    const seen = Atomics.load(this.#cells, done);
    this.#deadline[0] = monotonicMs() + ms;
    Atomics.add(this.#cells, requested, 1);
    Atomics.notify(this.#cells, requested);
    const result = waitAsync(this.#cells, done, seen);
    return result.async ? result.value : Promise.resolve(result.value);
  }

  close(): Promise<number> {
    return this.#helper.terminate();
  }
}
