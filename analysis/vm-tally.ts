/**
 * Everything the analysis keeps about one VM while its CSV streams past: counters, exact jump histograms, the
 * clock sampled on the drift grid, the queue tracker and the ticks' lateness. O(distinct jumps and lateness values +
 * grid points) memory, never O(rows).
 */

import type { EventRow } from '../run-folder/event-row.js';
import { CountHistogram } from './count-histogram.js';
import { QueueTracker } from './queue-stats.js';
import { type DownSpan, DownTimeTally } from './restart-downtime.js';
import { LatenessTally } from './tick-lateness.js';
import { StepSampler } from './time-grid.js';

export class VmTally {
  /** Rows read, well-formed or not: each row is one tick. */
  rows = 0;
  /** Rows that did not parse (see checkRun for which and why); left out of every figure below. */
  badRows = 0;
  /** Well-formed rows that have the vector_clock column (its value is read by the checker and causality.ts). */
  vectorRows = 0;
  readonly events = { receive: 0, send: 0, internal: 0 };
  /** Copies handed to the network: a send to every peer counts once per peer. */
  copiesSent = 0;
  finalClock = 0;
  /** In experiment ms, like every time below: elapsed_ms x speed, so a compressed run reads like a real-time one. */
  lastElapsedMs: number | null = null;
  /**
   * From the `jump` column (checkRun verifies it is the clock's move): unlike the difference of consecutive rows it
   * stays right across a restart that reset the clock to 0.
   */
  readonly jumps = new CountHistogram();
  readonly receiveJumps = new CountHistogram();
  readonly clock: StepSampler;
  readonly queue: QueueTracker;
  readonly lateness: LatenessTally;
  readonly downs: DownTimeTally;
  readonly #speed: number;

  /**
   * `clockRate`: the VM's configured ticks per experiment second, which its tick deadlines follow; `downs`: its
   * restarts' kill and rejoin (experiment ms).
   */
  constructor(gridStepMs: number, speed: number, clockRate: number, downs: readonly DownSpan[] = []) {
    this.#speed = speed;
    this.clock = new StepSampler(gridStepMs);
    this.queue = new QueueTracker(gridStepMs);
    this.lateness = new LatenessTally(clockRate);
    this.downs = new DownTimeTally(clockRate, downs);
  }

  badRow(): void {
    this.rows += 1;
    this.badRows += 1;
  }

  add(row: EventRow): void {
    this.rows += 1;
    this.events[row.event] += 1;
    if (row.vectorClock !== undefined) this.vectorRows += 1;
    const jump = row.jump;
    this.jumps.add(jump);
    if (row.event === 'receive') this.receiveJumps.add(jump);
    else if (row.event === 'send') this.copiesSent += row.to.length;
    this.finalClock = row.clock;
    const elapsedMs = row.elapsedMs * this.#speed;
    this.lastElapsedMs = elapsedMs;
    this.clock.observe(elapsedMs, row.clock);
    this.queue.add(elapsedMs, row.queueLen);
    this.lateness.add(row.tick, elapsedMs);
    this.downs.add(row.tick, elapsedMs, { line: row.line, elapsedMs: row.elapsedMs });
  }
}
