/**
 * A valid synthetic run folder of any size, for the throughput bench and the streaming tests: VMs tick at fixed
 * rates in time order, messages arrive instantly (processed at the recipient's next tick), and every clock follows
 * Lamport's rules as the VM applies them (vm/event-choice.ts decides what a VM with an empty queue does).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunConfig } from '../config/run-config.js';
import { chooseAction } from '../model/event-choice.js';
import { formatVector, vectorLocalEvent, vectorReceiveEvent } from '../model/vector-clock.js';
import { csvColumns, csvFileName } from '../run-folder/csv-columns.js';
import { type Manifest, manifestFileName } from '../run-folder/manifest.js';

export type SyntheticRunOptions = { rows: number; machines: number; seed: number; eventRange?: number };

type Message = { id: string; from: number; clock: number; vector: readonly number[] };
type SimVm = {
  id: number;
  rate: number;
  ticks: number;
  tick: number;
  clock: number;
  vector: readonly number[];
  sends: number;
  /** The highest jump and queue_len of its rows, as the manifest records them. */
  maxJump: number;
  maxQueue: number;
  queue: Message[];
  head: number;
  out: WriteStream;
  lines: string[];
};

/** Writes `rows` rows (rounded to a multiple of 100) over `machines` VMs, VM i ticking at a rate proportional to i + 2. */
export async function writeSyntheticRun(dir: string, options: SyntheticRunOptions): Promise<{ rows: number }> {
  const { machines, seed } = options;
  const eventRange = options.eventRange ?? 10;
  const weights = Array.from({ length: machines }, (_, i) => i + 2);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const durationSeconds = 100;
  // Rates sum to rows / duration (the last VM takes the rounding), so that the run has `rows` rows.
  const total = Math.max(machines, Math.round(options.rows / durationSeconds));
  const rates = weights.map((w) => Math.max(1, Math.floor((total * w) / weightSum)));
  rates[machines - 1] = (rates[machines - 1] ?? 0) + total - rates.reduce((a, b) => a + b, 0);
  const random = mulberry32(seed);
  const startEpochMs = Date.UTC(2026, 0, 1);
  const vms: SimVm[] = rates.map((rate, id) => {
    const out = createWriteStream(join(dir, csvFileName(id)));
    return {
      id,
      rate,
      ticks: rate * durationSeconds,
      tick: 0,
      clock: 0,
      vector: new Array<number>(machines).fill(0),
      sends: 0,
      maxJump: 0,
      maxQueue: 0,
      queue: [],
      head: 0,
      out,
      lines: [csvColumns.join(',')],
    };
  });
  for (;;) {
    // The VM whose next tick comes first (ties to the lower id), as the real processes would interleave.
    let vm: SimVm | undefined;
    for (const candidate of vms) {
      if (candidate.tick < candidate.ticks && (vm === undefined || candidate.tick / candidate.rate < vm.tick / vm.rate))
        vm = candidate;
    }
    if (vm === undefined) break;
    const elapsedMs = (vm.tick * 1000) / vm.rate + 0.05;
    const head = `${vm.id},${vm.tick},`;
    const time = `${new Date(startEpochMs + elapsedMs).toISOString()},${elapsedMs.toFixed(3)}`;
    const before = vm.clock;
    const message = vm.queue[vm.head];
    if (message !== undefined) {
      vm.queue[vm.head++] = undefined as unknown as Message;
      vm.clock = Math.max(vm.clock, message.clock) + 1;
      vm.vector = vectorReceiveEvent(vm.vector, message.vector, vm.id);
      const left = vm.queue.length - vm.head;
      vm.maxQueue = Math.max(vm.maxQueue, left);
      vm.lines.push(
        `${head}receive,${time},${vm.clock},${vm.clock - before},${left},${message.from},${message.id},${message.clock},${quoted(vm.vector)}`,
      );
    } else {
      const action = chooseAction(1 + Math.floor(random() * eventRange), vm.id, machines);
      vm.clock += 1;
      vm.vector = vectorLocalEvent(vm.vector, vm.id);
      if (action.kind === 'internal') vm.lines.push(`${head}internal,${time},${vm.clock},1,0,,,,${quoted(vm.vector)}`);
      else {
        vm.sends += 1;
        const id = `${vm.id}-${vm.sends}`;
        for (const to of action.to) vms[to]?.queue.push({ id, from: vm.id, clock: vm.clock, vector: vm.vector });
        const peers = [...action.to].sort((a, b) => a - b).join(';');
        vm.lines.push(`${head}send,${time},${vm.clock},1,0,${peers},${id},${vm.clock},${quoted(vm.vector)}`);
      }
    }
    vm.maxJump = Math.max(vm.maxJump, vm.clock - before);
    vm.tick += 1;
    if (vm.lines.length >= 2000) await flush(vm);
  }
  await Promise.all(
    vms.map(async (vm) => {
      await flush(vm);
      await new Promise<void>((resolve) => vm.out.end(() => resolve()));
    }),
  );
  const manifest: Manifest = {
    runId: 'synthetic',
    status: 'ok',
    seed,
    // Through the schema, so that every defaulted field the launcher would record is there.
    config: RunConfig.parse({ machines, eventRange, durationSeconds, clockRates: rates, seed }),
    clockRates: rates,
    speed: 1,
    startedAt: new Date(startEpochMs).toISOString(),
    endedAt: new Date(startEpochMs + durationSeconds * 1000).toISOString(),
    startEpochMs,
    version: 'synthetic',
    vms: vms.map((vm) => ({
      id: vm.id,
      clockRate: vm.rate,
      port: 0,
      ticks: vm.ticks,
      sent: vm.sends,
      received: vm.head, // each receive row took one message off the queue
      finalClock: vm.clock,
      maxJump: vm.maxJump,
      maxQueue: vm.maxQueue,
      pendingAtStop: vm.queue.slice(vm.head).map((m) => m.id),
      dropped: [],
      lostPeers: [],
      unendedLinks: [],
      refused: 0,
      stoppedEarly: false,
      exit: 'done',
      pid: null,
    })),
  };
  await writeFile(join(dir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
  return { rows: vms.reduce((sum, vm) => sum + vm.ticks, 0) };
}

/** The vector_clock field as csv-stringify writes it: quoted (it holds commas), inner quotes doubled. */
const quoted = (vector: readonly number[]): string => `"${formatVector(vector).replaceAll('"', '""')}"`;

async function flush(vm: SimVm): Promise<void> {
  const text = `${vm.lines.join('\n')}\n`;
  vm.lines = [];
  if (!vm.out.write(text)) await new Promise<void>((resolve) => vm.out.once('drain', () => resolve()));
}

/** A tiny seeded generator: the bench needs repeatable data, not statistical quality. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
