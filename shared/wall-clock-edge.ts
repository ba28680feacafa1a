/**
 * Where the wall clock lies on a process's monotonic clock, measured by the process alone (a VM by hand, a VM on
 * another host, the launcher): the epoch mapping precise-epoch.ts starts from when no launcher handed one.
 *
 * The process's epoch clock was `performance.timeOrigin + performance.now()`, but Node takes a process's time origin from two clocks read
 * one after the other at its start (the monotonic, then the wall clock), and a process that waits between the two
 * reads places every instant off by that wait. Measured here (each process's time origin against the monotonic
 * clock all processes share): 64 processes started at once beside 4 busy loops, 40 times, agreed within 2-40 us but
 * once, when one was 88 ms off; the checker's receive-time rule found two VMs 1.3 ms apart in 1 run of 8 of a test.
 * A VM so placed ticks that far from the common start, stamps its rows that far off (and the receive-time rule fails
 * a valid run) and its copies' latency too.
 *
 * So the time origin is checked, once per process, at an edge of `Date.now()` (the wall clock floored to the
 * millisecond): the instant its value changes is a whole millisecond, bracketed by two monotonic reads, and places
 * the true offset inside the bracket. A wait during a measurement only widens its bracket, so the first narrow one
 * (5 us) is taken, its middle (about 0.5 ms of spinning at the first use; the time origin's own reads, a few us
 * apart, put it 2-3 us later). On 2 cores shared by 68 busy processes a process runs a few percent of the time and
 * most edges pass while it waits: after a few wide brackets the time origin is kept if the narrowest holds it, and
 * that bracket's middle taken if not; brackets over 0.5 ms wide (a wait across the edge) are sampled on, within 50 ms. So measured, 64 such processes in each of 24 starts agreed within 1.7-4.4 us.
 */

export type ClockReads = { wallMs(): number; monoMs(): number };

/** A bracket this narrow places the edge to within it: the measurement stops there. */
const narrowMs = 0.005;
const maxSamples = 5;
/**
 * A bracket wider than this was a wait across the edge (the process preempted right there), and its middle can be
 * off by half of it: then sampling goes on, up to `wideBudgetMs` in all. Seen in a CI run on 2 busy cores: rows of a
 * VM placed 8 ms off the launcher's schedule (a paused VM's catch-up stamped before its resume) and a run failed.
 */
const wideMs = 0.5;
const wideBudgetMs = 50;
const maxWideSamples = 60;

/**
 * Epoch ms minus monotonic ms (`monoMs() + offset` is now in epoch ms): `origin` (the process's time origin) when a
 * millisecond edge of the wall clock agrees with it, else the edge's; `origin` when the wall clock never moved.
 */
export function measureEpochOffset(clocks: ClockReads, origin: number): number {
  let best = { width: Number.POSITIVE_INFINITY, offset: origin };
  const startedAt = clocks.monoMs();
  const goOn = (sample: number) =>
    best.width > narrowMs &&
    (sample < maxSamples ||
      (best.width > wideMs && sample < maxWideSamples && clocks.monoMs() - startedAt < wideBudgetMs));
  for (let sample = 0; goOn(sample); sample++) {
    // Monotonic and wall reads alternate; the wall read that first differs is bracketed by the monotonic read
    // before the wall read before it and the monotonic read after it.
    let previous = clocks.monoMs();
    const first = clocks.wallMs();
    let current = clocks.monoMs();
    // Counted from after the first wall read: a wait before it is no sign of a wall clock that does not move.
    const giveUpAt = current + 5;
    let wall = clocks.wallMs();
    while (wall === first && current <= giveUpAt) {
      previous = current;
      current = clocks.monoMs();
      wall = clocks.wallMs();
    }
    // A wall clock that did not move (stopped, or not floored to the ms) gives no edge in this sample.
    if (wall === first) continue;
    const after = clocks.monoMs();
    if (after - previous < best.width) best = { width: after - previous, offset: wall - (previous + after) / 2 };
  }
  return agreed(best, origin);
}

/**
 * A narrow bracket's middle; of a wide one (every edge passed while the process waited), the origin when it lies in
 * it (a microsecond of rounding either side), else the middle.
 */
function agreed(best: { width: number; offset: number }, origin: number): number {
  if (best.width <= narrowMs) return best.offset;
  return Math.abs(origin - best.offset) <= best.width / 2 + 0.001 ? origin : best.offset;
}
