/**
 * The engine in memory: every row the sink receives, parsed back with the run-folder's own reader. Ticks exactly at
 * their deadlines, reproducible to the byte, faults in virtual time (a partition drops exactly the copies across it,
 * a delay holds exactly its copies back, a pause holds its VM's ticks, a kill loses what the VM held).
 */
import { describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { FaultConfig } from '../../config/fault-config.js';
import { FaultConfig as FaultSchema } from '../../config/fault-config.js';
import { csvColumns } from '../../run-folder/csv-columns.js';
import type { LogNormalParams } from '../../sim/log-normal.js';
import type { SimPlan } from '../../sim/sim-plan.js';
import { simulate } from '../../sim/simulate.js';

const latency: LogNormalParams = { shiftUs: 100, mu: Math.log(200), sigma: 0.5 };

function plan(overrides: Partial<SimPlan> = {}): SimPlan {
  return {
    machines: 3,
    realRates: [10, 20, 30],
    eventRange: 5,
    seed: 11,
    durationMs: 10_000,
    speed: 1,
    faults: undefined,
    latency,
    wake: undefined,
    epochMs: Date.UTC(2000, 0, 1),
    latencyFigures: true,
    ...overrides,
  };
}

type Row = {
  vm: number;
  tick: number;
  event: string;
  systemTime: string;
  elapsedMs: number;
  clock: number;
  jump: number;
  peers: number[];
  msgId: string;
};

async function run(p: SimPlan) {
  const lines: string[][] = p.realRates.map(() => []);
  const result = await simulate(p, (vm, line) => lines[vm]?.push(line));
  const rows = lines.map((vmLines) =>
    (parse(vmLines.join(''), { columns: [...csvColumns] }) as Record<string, string>[]).map(
      (r): Row => ({
        vm: Number(r.vm),
        tick: Number(r.tick),
        event: r.event ?? '',
        systemTime: r.system_time ?? '',
        elapsedMs: Number(r.elapsed_ms),
        clock: Number(r.logical_clock),
        jump: Number(r.jump),
        peers: (r.peer ?? '') === '' ? [] : (r.peer ?? '').split(';').map(Number),
        msgId: r.msg_id ?? '',
      }),
    ),
  );
  return { result, lines, rows };
}

const faults = (raw: unknown): FaultConfig => FaultSchema.parse(raw);

describe('the simulation engine', () => {
  test('runs every tick exactly at its deadline, rate x duration ticks per VM', async () => {
    const { rows } = await run(plan());
    expect(rows.map((r) => r.length)).toEqual([100, 200, 300]);
    for (const [vm, vmRows] of rows.entries()) {
      const rate = plan().realRates[vm] ?? 1;
      const off = vmRows.filter((row) => Math.abs(row.elapsedMs - (row.tick * 1000) / rate) > 0.0005);
      expect(off.map((row) => `vm${vm} tick ${row.tick} at ${row.elapsedMs}`)).toEqual([]);
    }
  });

  test('the same plan gives the same rows, byte for byte; another seed does not', async () => {
    const a = await run(plan());
    const b = await run(plan());
    expect(b.lines).toEqual(a.lines);
    expect((await run(plan({ seed: 12 }))).lines).not.toEqual(a.lines);
  });

  test('system_time counts from the virtual epoch', async () => {
    const { rows } = await run(plan());
    const wrong = rows
      .flat()
      .filter((row) => Date.parse(row.systemTime) !== Date.UTC(2000, 0, 1) + Math.floor(row.elapsedMs));
    expect(wrong.map((row) => `vm${row.vm} tick ${row.tick}: ${row.systemTime}`)).toEqual([]);
  });

  test('every copy sent is received once or pending at the end', async () => {
    const { result, rows } = await run(plan({ realRates: [5, 40, 40] }));
    const sent = rows
      .flat()
      .flatMap((row) => (row.event === 'send' ? row.peers.map((to) => `${row.msgId}>${to}`) : []));
    const received = rows.flat().flatMap((row) => (row.event === 'receive' ? [`${row.msgId}>${row.vm}`] : []));
    const pending = result.vms.flatMap((vm) => vm.machine.pending().map((id) => `${id}>${vm.setup.id}`));
    expect(pending.length).toBeGreaterThan(0);
    expect([...received, ...pending].sort()).toEqual([...sent].sort());
  });

  test('an interrupt stops every VM at one virtual instant, with every copy received once or pending', async () => {
    const stop = new AbortController();
    stop.abort(); // heard at the loop's first yield, some way into the run
    const full = plan({ realRates: [500, 900, 1000], durationMs: 60_000 });
    const { result, rows } = await run({ ...full, interrupt: stop.signal });
    expect(result.interrupted).toBe(true);
    const lastTicks = rows.map((vmRows) => vmRows.at(-1)?.elapsedMs ?? 0);
    const expectedTicks = full.realRates.map((rate) => (rate * full.durationMs) / 1000);
    for (const [vm, vmRows] of rows.entries())
      expect({ vm, short: vmRows.length < (expectedTicks[vm] ?? 0) }).toEqual({ vm, short: true });
    // One stop instant: some instant lies after every tick run and before every tick not run, across all VMs.
    const nextDeadlines = rows.map((vmRows, vm) => (vmRows.length * 1000) / (full.realRates[vm] ?? 1));
    expect(Math.max(...lastTicks)).toBeLessThan(Math.min(...nextDeadlines));
    // That instant is the result's: every tick before it ran, none at or after it.
    expect(Math.max(...lastTicks)).toBeLessThan(result.cutAtMs ?? 0);
    expect(result.cutAtMs).toBeLessThanOrEqual(Math.min(...nextDeadlines));
    const sent = rows
      .flat()
      .flatMap((row) => (row.event === 'send' ? row.peers.map((to) => `${row.msgId}>${to}`) : []));
    const received = rows.flat().flatMap((row) => (row.event === 'receive' ? [`${row.msgId}>${row.vm}`] : []));
    const pending = result.vms.flatMap((vm) => vm.machine.pending().map((id) => `${id}>${vm.setup.id}`));
    expect([...received, ...pending].sort()).toEqual([...sent].sort());
  });

  test('an interrupt heard after the last tick cuts nothing: the run is whole, not interrupted', async () => {
    // Every copy lands 30 s after its send, past the 10 s stop: tens of thousands of arrivals follow the last tick,
    // so the loop looks at the signal (aborted with the last row) again while only copies are left.
    const full = plan({ realRates: [1000, 1500, 2000], latency: { shiftUs: 30_000_000, mu: 0, sigma: 0 } });
    const total = full.realRates.reduce((sum, rate) => sum + (rate * full.durationMs) / 1000, 0);
    const stop = new AbortController();
    let rows = 0;
    const result = await simulate({ ...full, interrupt: stop.signal }, () => {
      rows += 1;
      if (rows === total) stop.abort();
    });
    expect({ interrupted: result.interrupted, ticks: result.ticks }).toEqual({ interrupted: false, ticks: total });
    expect(result.deliveries).toBeGreaterThan(2 ** 15);
  });

  test('a partition drops exactly the copies sent across it while it lasts, with that cause', async () => {
    const cut = faults({ partitions: [{ groups: [[0], [1, 2]], fromSecond: 3, toSecond: 6 }] });
    const { result, rows } = await run(plan({ faults: cut }));
    const across = (from: number, to: number) => (from === 0) !== (to === 0);
    const expected = rows
      .flat()
      .filter((row) => row.event === 'send' && row.elapsedMs >= 3000 && row.elapsedMs < 6000)
      .flatMap((row) => row.peers.filter((to) => across(row.vm, to)).map((to) => `${row.msgId}>${to}`));
    const dropped = result.vms.flatMap((vm) => vm.dropped.map((d) => `${d.copy} ${d.reason}`));
    expect(expected.length).toBeGreaterThan(0);
    expect(dropped.sort()).toEqual(expected.map((copy) => `${copy} partition`).sort());
    expect(result.faultEvents.map((e) => `${e.kind} ${e.elapsedMs}`)).toEqual([
      'partition-start 3000',
      'partition-end 6000',
    ]);
  });

  test('an injected delay holds back exactly the copies of its link', async () => {
    const slow = faults({ links: [{ from: 0, to: 1, delay: { kind: 'constant', ms: 400 } }] });
    const { rows } = await run(plan({ faults: slow }));
    const sentAt = new Map(
      rows
        .flat()
        .filter((r) => r.event === 'send')
        .map((r) => [r.msgId, r.elapsedMs]),
    );
    const gap = (row: Row) => row.elapsedMs - (sentAt.get(row.msgId) ?? Number.NaN);
    const receives = rows.flat().filter((row) => row.event === 'receive');
    const delayed = receives.filter((row) => row.vm === 1 && row.peers[0] === 0);
    expect(delayed.length).toBeGreaterThan(0);
    expect(delayed.filter((row) => gap(row) < 400).map((r) => `vm1 tick ${r.tick} ${r.msgId}`)).toEqual([]);
    // Without the delay some copies on other links go through within 400 ms.
    expect(receives.filter((row) => !(row.vm === 1 && row.peers[0] === 0) && gap(row) < 400).length).toBeGreaterThan(0);
  });

  test('a paused VM ticks nothing while paused, then runs the missed ticks at the instant it continues', async () => {
    const pause = faults({ pauses: [{ vm: 1, atSecond: 2, forSeconds: 1.5 }] });
    const { rows } = await run(plan({ faults: pause }));
    const vm1 = rows[1] ?? [];
    expect(vm1.length).toBe(200);
    expect(vm1.filter((row) => row.elapsedMs > 2000 && row.elapsedMs < 3500).map((row) => row.tick)).toEqual([]);
    // Ticks 40 (due at 2 s, as the pause began) to 70 (due at 3.5 s, as it ended) all run at 3.5 s (20/s).
    expect(vm1.filter((row) => row.elapsedMs === 3500).map((row) => row.tick)).toEqual(
      Array.from({ length: 31 }, (_, i) => 40 + i),
    );
  });

  test('a killed VM loses what it held and, restarted, rejoins the schedule with its clock reset', async () => {
    const kill = faults({ kills: [{ vm: 2, atSecond: 4, restartAfterSeconds: 1, clock: 'reset' }] });
    const { result, rows } = await run(plan({ faults: kill }));
    const vm2 = rows[2] ?? [];
    expect(vm2.filter((row) => row.elapsedMs >= 4000 && row.elapsedMs < 5000)).toEqual([]);
    const back = vm2.find((row) => row.elapsedMs >= 5000);
    expect(back?.tick).toBe(150);
    expect(back?.clock).toBeLessThanOrEqual(back?.jump ?? 0);
    expect(result.vms.map((vm) => [...vm.stats.lostPeers])).toEqual([[2], [2], []]);
  });

  test('a VM whose queue passes its bound stops the run, named, as a VM process does', async () => {
    const { result, rows } = await run(plan({ realRates: [1, 50, 50], eventRange: 3, queueBound: 5 }));
    expect(result.failure).toMatch(/^VM 0 holds over 5 queued messages/);
    expect(rows.map((r) => r.length).every((n) => n < 500)).toBe(true);
    expect(result.vms[0]?.failedWith).toBe('failed (queue over its memory bound)');
    // The others stopped at one instant, and every copy sent to them is received once or pending: only what
    // reached the failed VM is lost with it.
    const sentToLive = rows
      .flat()
      .flatMap((row) =>
        row.event === 'send' ? row.peers.filter((to) => to !== 0).map((to) => `${row.msgId}>${to}`) : [],
      );
    const received = rows
      .flat()
      .flatMap((row) => (row.event === 'receive' && row.vm !== 0 ? [`${row.msgId}>${row.vm}`] : []));
    const pending = result.vms
      .filter((vm) => vm.alive)
      .flatMap((vm) => vm.machine.pending().map((id) => `${id}>${vm.setup.id}`));
    expect([...received, ...pending].sort()).toEqual([...sentToLive].sort());
    expect((await run(plan({ realRates: [1, 50, 50], eventRange: 3 }))).result.failure).toBeUndefined();
  });
});
