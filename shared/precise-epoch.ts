/**
 * Now in epoch milliseconds with sub-millisecond resolution, on the clock every process of this machine shares: the
 * clock VMs place the common start, their deadlines and their rows' elapsed_ms on, and stamp copies' latency with.
 *
 * Every local process reads CLOCK_MONOTONIC (one clock, kernel-wide) through the launcher's one mapping to epoch ms,
 * so local VMs cannot disagree on an instant. Each used to place its own mapping (wall-clock-edge.ts), and on 2 busy
 * cores a process preempted across every millisecond edge of its 50 ms budget placed it ms off: a CI run saw a paused
 * VM's catch-up rows stamped 9 ms before its resume, a copy's latency of 0 us, and a valid run failing check.
 */
import { type ClockReads, measureEpochOffset } from './wall-clock-edge.js';

const processClocks: ClockReads = { wallMs: Date.now, monoMs: () => performance.now() };

/**
 * The one clock every process of this machine reads alike: CLOCK_MONOTONIC (`process.hrtime`), in ms. Each process's
 * `performance.now()` is this clock minus a constant of its own (its time origin on it), so two adjacent reads of the
 * two place that constant to within the reads' gap, whatever the load: a wait there only widens one bracket.
 */
export type MonoReads = { perfMs(): number; monoMs(): number };

const narrowReadsMs = 0.002;
const maxReadSamples = 50;

/** Monotonic ms minus `performance.now()`, from the narrowest of a few brackets (the first narrow one ends it). */
export function measureMonoMinusPerf(reads: MonoReads): number {
  let best = { width: Number.POSITIVE_INFINITY, value: 0 };
  for (let sample = 0; sample < maxReadSamples && best.width > narrowReadsMs; sample++) {
    const before = reads.perfMs();
    const mono = reads.monoMs();
    const after = reads.perfMs();
    if (after - before < best.width) best = { width: after - before, value: mono - (before + after) / 2 };
  }
  return best.value;
}

/**
 * The launcher's epoch mapping (epoch ms minus monotonic ms), handed to every local process it starts (the VMs, the
 * bench's bare references) in this variable: they all read one clock with one mapping, so they cannot disagree on an
 * instant, however busy the machine is when each starts. A VM by hand, or on another host, measures its own, and so
 * does the launcher: a value a process inherits from its own parent is not its launcher's.
 */
export const sharedClockVariable = 'CLOCKLAB_EPOCH_MINUS_MONOTONIC_MS';

/** Why the variable's value cannot be used, or undefined when it can (or is unset). */
export function sharedClockProblem(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return value.trim() !== '' && Number.isFinite(parsed) && parsed > 0
    ? undefined
    : `${sharedClockVariable} is '${value}': not the launcher's epoch mapping (a positive number of ms); unset it`;
}

const processReads: MonoReads = {
  perfMs: () => performance.now(),
  monoMs: () => Number(process.hrtime.bigint()) / 1e6,
};

let monoMinusPerf: number | undefined;
const monoMinusPerfMs = (): number => {
  monoMinusPerf ??= measureMonoMinusPerf(processReads);
  return monoMinusPerf;
};

let offset: number | undefined;

/**
 * Takes the launcher's mapping handed in `env` (a VM it started, a bench's bare reference), before the clock's first
 * use; the launcher itself and a VM by hand or on another host never do (a value they inherit is not theirs). Returns
 * why the value cannot be used (the caller says it and stops), else undefined; with none handed, the process measures
 * its own at the first use.
 */
export function adoptHandedMapping(env: NodeJS.ProcessEnv): string | undefined {
  const handed = env[sharedClockVariable];
  const problem = sharedClockProblem(handed);
  if (problem !== undefined || handed === undefined) return problem;
  if (offset !== undefined) throw new Error('adoptHandedMapping after the clock was read');
  offset = Number(handed) + monoMinusPerfMs();
  return undefined;
}

/**
 * This process's offset (epoch ms minus `performance.now()`), set once: the launcher's mapping when it was adopted,
 * else measured at the first call (about 0.5 ms).
 */
export function epochOffsetMs(): number {
  offset ??= measureEpochOffset(processClocks, performance.timeOrigin);
  return offset;
}

/** The variable to hand to a local child process so that it reads this process's clock and mapping. */
export const sharedClockEnv = (): Record<string, string> => ({
  [sharedClockVariable]: String(epochOffsetMs() - monoMinusPerfMs()),
});

/** Now, in epoch ms with sub-millisecond resolution. */
export const preciseEpochMs = (): number => epochOffsetMs() + performance.now();

/** An epoch instant on this process's `performance.now()` clock (the VMs' timer), and back. */
export const epochToLocalMs = (epochMs: number): number => epochMs - epochOffsetMs();
