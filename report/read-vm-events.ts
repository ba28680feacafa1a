/**
 * Streams one VM's CSV into typed columns (vm-events.ts). Columns are found by name in the header, so the reader
 * takes the CSV with or without the `vector_clock` column.
 */
import { type Unreadable, unreadable } from '../run-folder/unreadable.js';
import { digitRuns, intIn, splitFields } from './csv-fields.js';
import { float64s, int32s, uint8s } from './growable.js';
import { eachLine } from './line-stream.js';
import { type EventCode, emptyVmEvents, eventCode, type VmEvents } from './vm-events.js';

const required = ['tick', 'event', 'elapsed_ms', 'logical_clock', 'jump', 'queue_len', 'peer', 'msg_id'] as const;
type Columns = Record<(typeof required)[number], number> & { vectorClock: number; count: number };

export async function readVmEvents(file: string, vm: number, machines: number): Promise<VmEvents | Unreadable> {
  const out = { t: float64s(), tick: int32s(), clock: int32s(), jump: int32s(), queue: int32s(), kind: uint8s() };
  const msg = { from: int32s(), seq: int32s(), copies: int32s() };
  const vc = Array.from({ length: machines }, int32s);
  const [starts, ends] = [new Int32Array(16), new Int32Array(16)];
  const [runs, to, scratch]: [number[], number[], Int32Array] = [[], [], new Int32Array(machines)];
  let columns: Columns | string | null = null;
  let badRows = 0;

  /** One data row of text[start, end), stored only once every field has read; false when it does not read. */
  const row = (text: string, start: number, end: number, c: Columns): boolean => {
    if (splitFields(text, start, end, starts, ends) !== c.count) return false;
    const s = (i: number) => starts[i] as number;
    const e = (i: number) => ends[i] as number;
    const num = (i: number) => intIn(text, s(i), e(i));
    const [tick, clock, jump, queue] = [num(c.tick), num(c.logical_clock), num(c.jump), num(c.queue_len)];
    const elapsed = s(c.elapsed_ms) === e(c.elapsed_ms) ? Number.NaN : +text.slice(s(c.elapsed_ms), e(c.elapsed_ms));
    const kind = eventOf(text, s(c.event), e(c.event));
    if (Number.isNaN(tick + clock + jump + queue + elapsed) || kind === null) return false;
    let [from, seq] = [-1, 0];
    to.length = 0;
    if (kind !== eventCode.internal) {
      const dash = text.indexOf('-', s(c.msg_id));
      if (dash < 0 || dash >= e(c.msg_id)) return false;
      const sender = intIn(text, s(c.msg_id), dash);
      seq = intIn(text, dash + 1, e(c.msg_id));
      if (!(seq >= 1)) return false;
      if (kind === eventCode.receive) {
        from = num(c.peer);
        if (sender !== from || !(from >= 0 && from < machines) || from === vm) return false;
      } else if (sender !== vm || !recipients(text, s(c.peer), e(c.peer))) return false;
    }
    if (c.vectorClock >= 0 && !vectorClock(text, s(c.vectorClock), e(c.vectorClock))) return false;
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
    if (c.vectorClock >= 0) for (let k = 0; k < machines; k++) vc[k]?.push(scratch[k] as number);
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

  const read = await eachLine(file, (text, start, end) => {
    const stop = text.charCodeAt(end - 1) === 13 /* \r */ ? end - 1 : end;
    if (columns === null) columns = headerColumns(text.slice(start, stop));
    else if (typeof columns !== 'string' && !row(text, start, stop, columns)) badRows += 1;
    return typeof columns !== 'string';
  });
  if (typeof columns === 'string') return unreadable('csv-header', file, columns);
  if (!read.ok) {
    if (read.reason === 'unreadable') return read;
    return emptyVmEvents(vm, file, read.reason === 'missing');
  }
  const hasVc = columns !== null && (columns as Columns).vectorClock >= 0;
  return {
    ...{ vm, file, missing: false, cutTailBytes: read.cutTailBytes, badRows, rows: out.t.length },
    ...{ elapsedMs: out.t.values(), tick: out.tick.values(), clock: out.clock.values(), jump: out.jump.values() },
    ...{ queue: out.queue.values(), kind: out.kind.values(), from: msg.from.values(), seq: msg.seq.values() },
    copies: msg.copies.values(),
    vectorClock: hasVc ? vc.map((component) => component.values()) : null,
  };
}

/** Column positions by name, or why the header is not a VM's CSV header. */
function headerColumns(header: string): Columns | string {
  const names = header.split(',');
  const missing = required.find((name) => !names.includes(name));
  if (missing !== undefined) return `header is '${header}'; no '${missing}' column`;
  const at = Object.fromEntries(required.map((name) => [name, names.indexOf(name)])) as Record<
    (typeof required)[number],
    number
  >;
  return { ...at, vectorClock: names.indexOf('vector_clock'), count: names.length };
}

function eventOf(text: string, start: number, end: number): EventCode | null {
  const is = (word: string) => end - start === word.length && text.startsWith(word, start);
  if (is('internal')) return eventCode.internal;
  if (is('send')) return eventCode.send;
  return is('receive') ? eventCode.receive : null;
}
