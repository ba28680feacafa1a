/**
 * after-stop: a VM logs no tick due at or after its stop. A VM runs tick k only when its deadline k / clockRate lies
 * before the stop (shared/stop-tolerance.ts), late or not, so a row whose tick was not due by then is one no VM
 * wrote (a row appended by hand). Judged by the tick's deadline, not its elapsed_ms: a VM behind its schedule runs
 * ticks due before the stop after it. The stop is the earliest of:
 * - the run's configured end, less the stop tolerance, as the tick count counts the ticks due;
 * - the instant a signal stopped every VM at (stoppedAtMs), and the VM's own stop when it ran to it (exit `done`: the
 *   run's, or an earlier one it was told), both as recorded: a deadline at the instant or after it was not due;
 * - the instant the launcher killed the VM or saw it exit (stopElapsedMs of a VM not `done`), on the launcher's
 *   clock: a tick due at it may have run just before, and the VM's clock may differ from the launcher's by the
 *   tolerance of receive-time.ts. Not judged for a VM on another host, whose clock is not the launcher's.
 */
import type { EventRow } from '../run-folder/event-row.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import { vmEndRecordName } from '../run-folder/vm-end-record-name.js';
import { msText as ms } from '../shared/microsecond-ms.js';
import { stopToleranceMs, tickDeadline } from '../shared/stop-tolerance.js';
import { sameHostToleranceMs } from './receive-time.js';
import type { ViolationLog } from './violation.js';

/** A stop, in experiment ms: a deadline at `atMs` is past it when `inclusive`, else only one after `atMs`. */
type Stop = { atMs: number; inclusive: boolean; said: string };

export class AfterStop {
  readonly #vm: number;
  readonly #rate: number;
  readonly #stop: Stop;
  readonly #log: ViolationLog;

  constructor(facts: RunFacts, vm: number, log: ViolationLog) {
    this.#vm = vm;
    this.#rate = facts.clockRates[vm] ?? 0;
    this.#stop = vmStop(facts, vm);
    this.#log = log;
  }

  check(row: EventRow): void {
    if (!(this.#rate > 0)) return;
    const deadline = tickDeadline(0, this.#rate, row.tick);
    const { atMs, inclusive, said } = this.#stop;
    if (inclusive ? deadline < atMs : deadline <= atMs) return;
    this.#log.add({
      rule: 'after-stop',
      vm: this.#vm,
      tick: row.tick,
      line: row.line,
      found: `tick ${row.tick}, due at ${ms(deadline)}`,
      expected: `a tick due before ${said}`,
    });
  }
}

function vmStop(facts: RunFacts, vm: number): Stop {
  const endMs = facts.durationSeconds * 1000;
  const stops: Stop[] = [
    { atMs: endMs - stopToleranceMs * facts.speed, inclusive: true, said: `the run's end at ${ms(endMs)}` },
  ];
  if (facts.stoppedAtMs !== undefined) {
    const said = `the stop a signal set at ${ms(facts.stoppedAtMs)} (stoppedAtMs)`;
    stops.push({ atMs: facts.stoppedAtMs, inclusive: true, said });
  }
  const entry = facts.vms[vm];
  if (entry?.stopElapsedMs !== undefined) {
    const atMs = entry.stopElapsedMs * facts.speed;
    // A run whose launcher died: the VM's own end record holds it, or faults.csv's kill (launcher-died-run.ts).
    const from =
      facts.launcherDied === undefined
        ? 'stopElapsedMs x speed'
        : entry.exit === 'done'
          ? `stopEpochMs in ${vmEndRecordName(vm)}`
          : 'its kill in faults.csv';
    const said = `VM ${vm}'s stop at ${ms(atMs)} (${from})`;
    if (entry.exit === 'done') stops.push({ atMs, inclusive: true, said });
    else if (entry.host === undefined) {
      const clocks = sameHostToleranceMs(facts, entry.stopElapsedMs) * facts.speed;
      const within = clocks === 0 ? said : `${said}, give or take ${ms(clocks)} between clocks`;
      stops.push({ atMs: atMs + clocks, inclusive: false, said: within });
    }
  }
  return stops.reduce((first, stop) => (stop.atMs < first.atMs ? stop : first));
}
