/**
 * Streams one VM's CSV into typed columns (vm-events.ts), through the run folder's one CSV reader (field offsets,
 * so a row allocates one string at most: the report reads a million rows). The reader takes the CSV with or
 * without the `vector_clock` column; numbers are read from char codes.
 */
import { csvColumns, lamportColumnCount } from '../run-folder/csv-columns.js';
import { maxElapsedMs } from '../run-folder/event-row.js';
import { digitRuns, intIn } from '../run-folder/field-numbers.js';
import { streamVmCsvFields } from '../run-folder/read-vm-csv.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { float64s, Growable, int32s, uint8s } from './growable.js';
import { type EventCode, emptyVmEvents, eventCode, type VmEvents } from './vm-events.js';

const col = (name: (typeof csvColumns)[number]): number => csvColumns.indexOf(name);
const c = {
  tick: col('tick'),
  event: col('event'),
  elapsed: col('elapsed_ms'),
  clock: col('logical_clock'),
  jump: col('jump'),
  queue: col('queue_len'),
  peer: col('peer'),
  msgId: col('msg_id'),
  vector: col('vector_clock'),
};

export async function readVmEvents(file: string, vm: number, machines: number): Promise<VmEvents | Unreadable> {
  const out = { t: float64s(), tick: int32s(), clock: int32s(), jump: int32s(), queue: int32s(), kind: uint8s() };
  const msg = { from: int32s(), seq: int32s(), copies: int32s() };
  // Made at the first row with a vector, each component small at first: a run of many VMs would otherwise
  // hold machines x machines x 4 KiB before its first row.
  let vc = null as Growable<Int32Array>[] | null;
  const [runs, to, scratch]: [number[], number[], Int32Array] = [[], [], new Int32Array(machines)];
  let badRows = 0;

  /** One data row, stored only once every field has read; false when it does not read. */
  const row = (text: string, starts: Int32Array, ends: Int32Array, count: number, fields: number): boolean => {
    if (count !== fields) return false;
    const s = (i: number) => starts[i] as number;
    const e = (i: number) => ends[i] as number;
    const num = (i: number) => intIn(text, s(i), e(i));
    const [tick, clock, jump, queue] = [num(c.tick), num(c.clock), num(c.jump), num(c.queue)];
    const elapsed = s(c.elapsed) === e(c.elapsed) ? Number.NaN : +text.slice(s(c.elapsed), e(c.elapsed));
    const kind = eventOf(text, s(c.event), e(c.event));
    // The ranges parseRow (csv-row.ts) holds rows to, so the report leaves out the rows the checker calls malformed.
    if (!(tick >= 0 && clock >= 0 && queue >= 0 && elapsed >= 0 && elapsed <= maxElapsedMs)) return false;
    if (Number.isNaN(jump) || kind === null) return false;
    let [from, seq] = [-1, 0];
    to.length = 0;
    if (kind !== eventCode.internal) {
      const dash = text.indexOf('-', s(c.msgId));
      if (dash < 0 || dash >= e(c.msgId)) return false;
      const sender = intIn(text, s(c.msgId), dash);
      seq = intIn(text, dash + 1, e(c.msgId));
      if (!(seq >= 1)) return false;
      if (kind === eventCode.receive) {
        from = num(c.peer);
        if (sender !== from || !(from >= 0 && from < machines) || from === vm) return false;
      } else if (sender !== vm || !recipients(text, s(c.peer), e(c.peer))) return false;
    }
    const hasVector = fields > lamportColumnCount;
    if (hasVector && !vectorClock(text, s(c.vector), e(c.vector))) return false;
    for (const peer of to) {
      msg.copies.push(out.t.length);
      msg.copies.push(peer);
    }
    out.t.push(elapsed);
    out.tick.push(tick);
    out.clock.push(clock);
    out.jump.push(jump);
    out.queue.push(queue);
    out.kind.push(kind);
    msg.from.push(from);
    msg.seq.push(seq);
    if (hasVector) {
      vc ??= Array.from({ length: machines }, () => new Growable(Int32Array, 16));
      for (let k = 0; k < machines; k++) vc[k]?.push(scratch[k] as number);
    }
    return true;
  };
  /** `1;2` into `to`: distinct peers other than this VM. */
  const recipients = (text: string, start: number, end: number): boolean => {
    for (let at = start; at <= end; ) {
      const semi = text.indexOf(';', at);
      const stop = semi < 0 || semi > end ? end : semi;
      const peer = intIn(text, at, stop);
      if (!(peer >= 0 && peer < machines) || peer === vm || to.includes(peer)) return false;
      to.push(peer);
      at = stop + 1;
    }
    return true;
  };
  /** `{"0":3,"1":5}` (zeros omitted; quotes may be doubled by the CSV quoting) into `scratch`. */
  const vectorClock = (text: string, start: number, end: number): boolean => {
    if (text.charCodeAt(start) !== 123 /* { */ || text.charCodeAt(end - 1) !== 125 /* } */) return false;
    digitRuns(text, start, end, runs);
    if (runs.length % 2 !== 0) return false;
    scratch.fill(0);
    for (let k = 0; k < runs.length; k += 2) {
      const component = runs[k] as number;
      if (component >= machines) return false;
      scratch[component] = runs[k + 1] as number;
    }
    return true;
  };

  const read = await streamVmCsvFields(file, (text, starts, ends, count, _line, fields) => {
    if (!row(text, starts, ends, count, fields)) badRows += 1;
  });
  if (!read.ok) return read;
  if (read.missing) return emptyVmEvents(vm, file, true);
  const rows = out.t.length;
  const vectors =
    read.fields > lamportColumnCount
      ? (vc?.map((component) => component.values()) ?? Array.from({ length: machines }, () => new Int32Array(0)))
      : null;
  return {
    ...{ vm, file, missing: false, cutTailBytes: read.cutTailBytes, badRows, rows },
    ...{ elapsedMs: out.t.values(), tick: out.tick.values(), clock: out.clock.values(), jump: out.jump.values() },
    ...{ queue: out.queue.values(), kind: out.kind.values(), from: msg.from.values(), seq: msg.seq.values() },
    copies: msg.copies.values(),
    vectorClock: vectors,
  };
}

function eventOf(text: string, start: number, end: number): EventCode | null {
  const is = (word: string) => end - start === word.length && text.startsWith(word, start);
  if (is('internal')) return eventCode.internal;
  if (is('send')) return eventCode.send;
  return is('receive') ? eventCode.receive : null;
}
