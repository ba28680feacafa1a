/**
 * receive-time: a receive's row is not written before its send's. A send's row is written before its message
 * leaves, and a receive is logged at a tick after the message arrived, so on one clock the receive's elapsed_ms is
 * the later one. That holds only where the two rows share a clock: VMs on one host. Across hosts each VM's elapsed_ms
 * counts from the start as its host's clock placed it, off by the estimated offset's error (within half a round
 * trip) plus the clocks' drift since: not judged there.
 *
 * On one host each VM process places the common start on its own monotonic clock through the wall clock, read at
 * a millisecond edge when it first needs it (shared/precise-epoch.ts), so two processes agree to a few
 * microseconds plus the wall clock's slew between those reads (measured: a receive's row as little as 15 us after
 * its send's, where a copy takes ~100 us). (Through performance.timeOrigin, as before, a VM that waited between the
 * two clock reads Node takes it from at its start was off by up to 88 ms under load, and this rule failed valid runs.)
 * A VM restarted by a fault started its process later in the run: the tolerance is 1 ms plus NTP's maximum slew
 * (500 ppm) over the time since the start, so no run is called invalid for its clocks. The sim has one virtual
 * clock: no tolerance.
 */
import type { RunFacts } from '../run-folder/run-facts.js';
import type { ReceiveRecord, SendRecord } from './message-ledger.js';
import type { ViolationLog } from './violation.js';

const processesToleranceMs = 1;
const maxSlew = 500e-6;

/** How far apart two VMs of one host may stamp one instant, `atMs` into the run (0 in the sim: one clock). */
export function sameHostToleranceMs(facts: Pick<RunFacts, 'engine'>, atMs: number): number {
  return facts.engine === 'sim' ? 0 : processesToleranceMs + maxSlew * Math.max(atMs, 0);
}

export function judgeReceiveTime(send: SendRecord, receive: ReceiveRecord, facts: RunFacts, log: ViolationLog): void {
  if (facts.vms[send.vm]?.host !== facts.vms[receive.vm]?.host) return;
  const tolerance = sameHostToleranceMs(facts, Math.max(send.elapsedMs, receive.elapsedMs));
  if (receive.elapsedMs >= send.elapsedMs - tolerance) return;
  const host = facts.vms[send.vm]?.host;
  const within = tolerance === 0 ? '' : ` - ${Number(tolerance.toFixed(3))} ms`;
  log.add({
    rule: 'receive-time',
    vm: receive.vm,
    tick: receive.tick,
    line: receive.line,
    found: `elapsed_ms ${receive.elapsedMs}`,
    expected: `at least ${send.elapsedMs}${within}, the send's (vm-${send.vm}.csv line ${send.line}${host === undefined ? '' : `, both on host ${host}`})`,
  });
}
