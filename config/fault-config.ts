/**
 * Injected faults, the experiment side of failure: per-link delay and drop, partitions, paused VMs, killed (and
 * restarted) VMs. Every time and delay is in the experiment's own time, so a run at speed S compresses them too.
 */
import { z } from 'zod';
import { heldPairs } from './held-pairs.js';

const seconds = z.number().min(0);
const vmId = z.int().min(0);

export const DelayDistribution = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), ms: z.number().min(0).max(60_000) }),
  z
    .strictObject({ kind: z.literal('uniform'), minMs: z.number().min(0), maxMs: z.number().min(0).max(60_000) })
    .refine((d) => d.minMs <= d.maxMs, { message: 'minMs must not be greater than maxMs', path: ['maxMs'] }),
  z.strictObject({ kind: z.literal('exponential'), meanMs: z.number().positive().max(60_000) }),
]);
export type DelayDistribution = z.infer<typeof DelayDistribution>;

export const LinkFault = z.strictObject({
  from: vmId.optional().describe('Sending VM; absent: every VM.'),
  to: vmId.optional().describe('Receiving VM; absent: every VM.'),
  delay: DelayDistribution.optional().describe('Added between arrival (network queue) and the message queue.'),
  dropProbability: z.number().min(0).max(1).optional().describe('Chance that each copy sent on the link is lost.'),
});
export type LinkFault = z.infer<typeof LinkFault>;

export const Partition = z
  .strictObject({
    groups: z.array(z.array(vmId).min(1)).min(2).describe('Links between VMs of different groups are down.'),
    fromSecond: seconds,
    toSecond: seconds,
  })
  .refine((p) => p.fromSecond < p.toSecond, { message: 'fromSecond must be before toSecond', path: ['toSecond'] });
export type Partition = z.infer<typeof Partition>;

export const Pause = z.strictObject({
  vm: vmId,
  atSecond: seconds,
  forSeconds: z.number().positive().describe('The VM process is stopped (SIGSTOP) this long, then continued.'),
});
export type Pause = z.infer<typeof Pause>;

export const Kill = z.strictObject({
  vm: vmId,
  atSecond: seconds,
  restartAfterSeconds: z.number().positive().optional().describe('Absent: the VM stays dead for the rest of the run.'),
  clock: z.enum(['kept', 'reset']).default('kept').describe('On restart: continue the logical clock, or start at 0.'),
});
export type Kill = z.infer<typeof Kill>;

export const FaultConfig = z.strictObject({
  links: z.array(LinkFault).default([]),
  partitions: z.array(Partition).default([]),
  pauses: z.array(Pause).default([]),
  kills: z.array(Kill).default([]),
});
export type FaultConfig = z.infer<typeof FaultConfig>;

/**
 * Whether a config injects any fault: `"faults": {}` or empty lists inject none, and such a run has no faults.csv, as
 * one without the key (a header-only file told a reader of the folder that faults were planned).
 */
export function injectsFaults(faults: FaultConfig | undefined): faults is FaultConfig {
  if (faults === undefined) return false;
  return faults.links.length + faults.partitions.length + faults.pauses.length + faults.kills.length > 0;
}

/** Problems a schema alone cannot see: VM ids past the machine count, faults outside the run. */
export function faultProblems(
  faults: FaultConfig,
  machines: number,
  durationSeconds: number,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const checkVm = (path: (string | number)[], id: number | undefined) => {
    if (id !== undefined && id >= machines)
      problems.push({ path, message: `found ${id}; allowed: a VM id 0..${machines - 1}` });
  };
  /** False (and said) when `at` is not before the end. */
  const checkTime = (path: (string | number)[], at: number): boolean => {
    if (at < durationSeconds) return true;
    problems.push({ path, message: `found ${at}; allowed: a time before the end (${durationSeconds} s)` });
    return false;
  };
  /** A fault that starts in time but lasts past the end: the sum is named with the values the user wrote. */
  const checkEnd = (path: (string | number)[], atSecond: number, [key, length]: [string, number], what: string) => {
    const end = atSecond + length;
    if (end < durationSeconds) return;
    // 12 digits: 0.1 + 0.2 is said as 0.3, not 0.30000000000000004.
    const sum = `atSecond ${atSecond} + ${key} ${length} = ${Number(end.toPrecision(12))} s`;
    problems.push({ path, message: `found ${sum}; allowed: ${what} before the run ends (${durationSeconds} s)` });
  };
  faults.links.forEach((link, i) => {
    checkVm(['faults', 'links', i, 'from'], link.from);
    checkVm(['faults', 'links', i, 'to'], link.to);
  });
  faults.partitions.forEach((partition, i) => {
    partition.groups.forEach((group, g) => {
      for (const [k, id] of group.entries()) checkVm(['faults', 'partitions', i, 'groups', g, k], id);
    });
    checkTime(['faults', 'partitions', i, 'fromSecond'], partition.fromSecond);
  });
  faults.pauses.forEach((pause, i) => {
    checkVm(['faults', 'pauses', i, 'vm'], pause.vm);
    if (checkTime(['faults', 'pauses', i, 'atSecond'], pause.atSecond)) {
      checkEnd(['faults', 'pauses', i], pause.atSecond, ['forSeconds', pause.forSeconds], 'a pause over');
    }
  });
  faults.kills.forEach((kill, i) => {
    checkVm(['faults', 'kills', i, 'vm'], kill.vm);
    if (checkTime(['faults', 'kills', i, 'atSecond'], kill.atSecond) && kill.restartAfterSeconds !== undefined) {
      checkEnd(['faults', 'kills', i], kill.atSecond, ['restartAfterSeconds', kill.restartAfterSeconds], 'a restart');
    }
  });
  return problems;
}

/**
 * A kill of a VM that an earlier kill left down: one line a kill, naming the VM and both kills. Checked on a config
 * about to run, not on one a run folder recorded (see RunnableConfig): folders of runs made before it stay readable.
 */
export function killProblems(faults: FaultConfig): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  // The engines did not agree on such a kill (the processes engine lost the first restart, the sim kept it).
  const holds = faults.kills.map((kill) => ({
    vm: kill.vm,
    atSecond: kill.atSecond,
    untilSecond: kill.atSecond + (kill.restartAfterSeconds ?? Number.POSITIVE_INFINITY),
  }));
  for (const [i, j] of heldPairs(holds)) {
    const down = faults.kills[i];
    const kill = faults.kills[j];
    if (down === undefined || kill === undefined) continue;
    const restart = down.restartAfterSeconds;
    const until =
      restart === undefined ? 'not restarted' : `restarted at ${Number((down.atSecond + restart).toPrecision(12))} s`;
    problems.push({
      path: ['faults', 'kills', j],
      message:
        `found a kill of VM ${kill.vm} at ${kill.atSecond} s while it is down from faults.kills[${i}] ` +
        `(killed at ${down.atSecond} s, ${until}); allowed: a kill of a running VM`,
    });
  }
  return problems;
}
