/**
 * Which thread digests which CSV. Whole files only (a digest is one pass in file order), so the plan is a
 * partition of the files over lanes: lane 0 is the calling thread, which starts at once; the others are worker
 * threads, which start late (thread, modules, a cold JIT), so each is charged `lateStart` bytes before its first
 * file. The plan minimises the estimated finish of the last lane: by trying every partition when there are few
 * (3 VMs on 2 cores: 8), otherwise largest file first to the lane that would finish it first.
 *
 * Largest-first alone gives the calling thread the biggest file and a worker the other two: with the start-up,
 * the worker then finished a good while after the calling thread, which waited.
 */

/** At most this many partitions are tried one by one. */
const exhaustiveLimit = 4096;

/** `plan[lane]`: the indexes of the files that lane digests, largest first; a worker lane may be empty. */
export function planLanes(sizes: readonly number[], lanes: number, lateStart: number): number[][] {
  const count = Math.max(1, Math.min(lanes, sizes.length));
  const bySize = sizes.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0) || a - b);
  const costs = bySize.map((file) => sizes[file] ?? 0);
  const lanesOf =
    count ** costs.length <= exhaustiveLimit
      ? bestPartition(costs, count, lateStart)
      : largestFirst(costs, count, lateStart);
  const plan: number[][] = Array.from({ length: count }, () => []);
  bySize.forEach((file, i) => {
    plan[lanesOf[i] ?? 0]?.push(file);
  });
  return plan;
}

/** The lane start of `lane`: this thread at once, a worker after `lateStart`. */
const startOf = (lane: number, lateStart: number): number => (lane === 0 ? 0 : lateStart);

/** Every assignment of `costs` (largest first) to `count` lanes; the first with the earliest last finish. */
function bestPartition(costs: readonly number[], count: number, lateStart: number): number[] {
  let best = Number.POSITIVE_INFINITY;
  let bestLanes: number[] = [];
  for (let k = 0; k < count ** costs.length; k++) {
    const lanes = costs.map((_, i) => Math.floor(k / count ** i) % count);
    const finish = new Array<number>(count).fill(0);
    lanes.forEach((lane, i) => {
      finish[lane] = Math.max(finish[lane] ?? 0, startOf(lane, lateStart)) + (costs[i] ?? 0);
    });
    const last = Math.max(...finish);
    if (last < best) {
      best = last;
      bestLanes = lanes;
    }
  }
  return bestLanes;
}

/** Each cost (largest first) to the lane that would finish it first. */
function largestFirst(costs: readonly number[], count: number, lateStart: number): number[] {
  const finish = Array.from({ length: count }, (_, lane) => startOf(lane, lateStart));
  return costs.map((cost) => {
    let lane = 0;
    for (let l = 1; l < count; l++) if ((finish[l] ?? 0) < (finish[lane] ?? 0)) lane = l;
    finish[lane] = (finish[lane] ?? 0) + cost;
    return lane;
  });
}
