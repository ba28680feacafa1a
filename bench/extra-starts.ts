/**
 * More starts of a punctuality case whose target is about its start (no tick late in the first 100 ms): one start
 * is one draw of a figure that moves a lot from start to start (late ticks in the first 100 ms at 64 VMs x 100/s:
 * 2-30 over 8 runs of 2 s with the same seed), so the case also starts `startsMore` short runs, each beside a bare
 * reference of its own. A start that fails is kept as such (the case's own figures stand) and counts as a miss.
 */
import { join } from 'node:path';
import { bareReference } from './bare-reference.js';
import { runLauncher } from './launcher-run.js';
import { runFidelity, worstOf } from './run-fidelity.js';

export const startsMore = 4;
const startRunSeconds = 2;

export type StartCount = { kind: 'counted'; clocklab: number; bare: number } | { kind: 'failed'; why: string };

/** `config` is the case's run config; its bare references are `machines` processes at `rate`. */
export async function extraStarts(
  { machines, rate }: { machines: number; rate: number },
  config: Record<string, unknown>,
  dir: string,
): Promise<StartCount[]> {
  const starts: StartCount[] = [];
  for (let i = 0; i < startsMore; i++) {
    try {
      const run = await runLauncher(
        { ...config, durationSeconds: startRunSeconds },
        join(dir, `start-${i + 2}`),
        250,
        true,
      );
      const vms = await runFidelity(run.dir, run.manifest);
      const bare = await bareReference(machines, rate, startRunSeconds);
      starts.push({ kind: 'counted', clocklab: worstOf(vms).lateEarly, bare: worstOf(bare).lateEarly });
    } catch (error) {
      starts.push({ kind: 'failed', why: error instanceof Error ? error.message : String(error) });
    }
  }
  return starts;
}

/** `4 more starts (2 s runs): 17, 18, 13, 25 | bare 0, 0, 1, 0`; a failed start shows as `failed` and its reason. */
export function describeStarts(starts: readonly StartCount[]): string {
  const each = (pick: (s: Extract<StartCount, { kind: 'counted' }>) => number) =>
    starts.map((s) => (s.kind === 'counted' ? String(pick(s)) : 'failed')).join(', ');
  const failures = starts.flatMap((s) => (s.kind === 'failed' ? [s.why.slice(0, 80)] : []));
  return (
    `${starts.length} more starts (${startRunSeconds} s runs): ${each((s) => s.clocklab)} | bare ${each((s) => s.bare)}` +
    (failures.length === 0 ? '' : `; failed: ${failures.join('; ')}`)
  );
}
