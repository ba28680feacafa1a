/**
 * The Node options every VM process runs with, on this host or on another (issue 13: each one's reason below),
 * measured on Node 20 and the 2-core machine of the bench.
 */

/**
 * A VM ticking under `optimiseFromRate` times a second runs with `--no-turbofan`: it runs the same few small
 * functions a few hundred times a second, and V8's optimising compiler, starting on them one by one in every VM,
 * took about 15% of all CPU with 64 VMs at 100/s in bursts that made the others late (on time 87-89% -> 92-94%). Faster
 * VMs keep it: their code is hot enough to pay it back (message latency p50 at 1000/s: 125 us without it, 105 us
 * with it). Measured on Node 20; Node 22's mid-tier compiler (Maglev) is left as it is. Keeping it at 100/s, with
 * the warm-up optimising the tick path before the start (3,000 rounds, as from 500/s), made the first 100 ms of
 * 64 VMs x 100/s worse (late ticks: mean 32 against 20 over 6 runs of 2 s each).
 */
const optimiseFromRate = 500;
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
/**
 * No memory reducer: V8 starts it at a process's first full collection (here the one before the start,
 * vm/collect-before-start.ts) and, 8 s later, finding the heap idle, runs one or two full collections to shrink it,
 * in every VM within ~0.3 s of the others (--trace-gc: `Mark-Compact (reduce)` at 8-8.9 s into the run). That was
 * the synchronized stall of the 15 s bench cases (32 VMs x 100/s: every late tick of two runs lay in 7.5-9.5 s, 798
 * and 932 of them, worst VM 97.6% and 97.4% on time; without it 100.0% and 99.93%). A VM's heap is small and its
 * life a run: shrinking it buys nothing.
 */
const noMemoryReducer = '--no-memory-reducer';
export const vmNodeOptions = (rate: number): string[] =>
  rate < optimiseFromRate
    ? [youngGeneration, ownThreadScavenge, noMemoryReducer, '--no-turbofan', baselineAtOnce]
    : [youngGeneration, ownThreadScavenge, noMemoryReducer];

/**
 * Flags that say what a process runs, not how: passed on, a VM would run its parent's code instead of its own (a
 * `node -e` that started VMs started copies of itself, which started more, without end).
 */
const ownCodeFlags = new Set([
  '-e',
  '--eval',
  '-p',
  '--print',
  '-pe',
  '-c',
  '--check',
  '-i',
  '--interactive',
  '--test',
  '--watch',
  '--input-type',
]);
/** Of those, the ones whose value is the next argument when not given with `=`. */
const takesValue = new Set(['-e', '--eval', '-p', '--print', '-pe', '--input-type']);

/**
 * The spawning process's own flags (e.g. --cpu-prof) that pass on to a VM on this host, as execa's do: not a
 * debugger's, and none that names code of the parent's own (above).
 */
export function passedOnOptions(execArgv: readonly string[]): string[] {
  const passed: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i] ?? '';
    const name = option.split('=')[0] ?? option;
    if (ownCodeFlags.has(name) || name.startsWith('--test-') || name.startsWith('--watch-')) {
      if (takesValue.has(option)) i += 1;
      continue;
    }
    if (!option.startsWith('--inspect')) passed.push(option);
  }
  return passed;
}

const inheritedOptions = passedOnOptions(process.execArgv);

/** A VM process on this host (and the bench's bare reference, held to the same): the flags above and the inherited. */
export const localVmNodeOptions = (rate: number): string[] => [...inheritedOptions, ...vmNodeOptions(rate)];
