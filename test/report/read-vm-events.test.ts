import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readVmEvents } from '../../report/read-vm-events.js';
import { eventCode, type VmEvents } from '../../report/vm-events.js';
import { fixtureRun } from '../analysis/fixture-runs.js';

const header = 'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock';
const at = '2026-01-01T00:00:00.000Z';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-report-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function read(name: string, text: string, vm = 1, machines = 3): Promise<VmEvents> {
  const file = join(dir, name);
  await writeFile(file, text);
  const result = await readVmEvents(file, vm, machines);
  if ('reason' in result) throw new Error(`unreadable: ${result.detail}`);
  return result;
}

describe('readVmEvents', () => {
  test('reads every column of an 11-column CSV into typed columns, copies per recipient', async () => {
    const events = await read(
      'plain.csv',
      [
        header,
        `1,0,internal,${at},0.500,1,1,0,,,`,
        `1,1,send,${at},200.250,2,1,0,0;2,1-1,2`,
        `1,2,receive,${at},400.000,9,7,3,2,2-4,8`,
        '',
      ].join('\n'),
    );
    expect(events.rows).toBe(3);
    expect([...events.elapsedMs]).toEqual([0.5, 200.25, 400]);
    expect([...events.tick]).toEqual([0, 1, 2]);
    expect([...events.clock]).toEqual([1, 2, 9]);
    expect([...events.jump]).toEqual([1, 1, 7]);
    expect([...events.queue]).toEqual([0, 0, 3]);
    expect([...events.kind]).toEqual([eventCode.internal, eventCode.send, eventCode.receive]);
    expect([...events.from]).toEqual([-1, -1, 2]);
    expect([...events.seq]).toEqual([0, 1, 4]);
    expect([...events.copies]).toEqual([1, 0, 1, 2]);
    expect(events.vectorClock).toBeNull();
    expect(events.badRows).toBe(0);
  });

  test('reads the vector_clock column, quoted by the CSV writer, zeros omitted', async () => {
    const events = await read(
      'vector.csv',
      [
        `${header},vector_clock`,
        `1,0,internal,${at},0.500,1,1,0,,,,"{""1"":1}"`,
        `1,1,receive,${at},100.000,5,4,0,2,2-1,4,"{""1"":2,""2"":3}"`,
        // Quoted by the writer even with one entry (it holds quotes); csv-parse refuses it bare, as analyze does.
        `1,2,internal,${at},200.000,6,1,0,,,,"{""1"":3}"`,
        '',
      ].join('\n'),
    );
    expect(events.vectorClock?.map((component) => [...component])).toEqual([
      [0, 0, 0],
      [1, 2, 3],
      [0, 3, 0],
    ]);
  });

  test('leaves out a cut last line and counts malformed rows without storing them', async () => {
    const events = await read(
      'broken.csv',
      [
        header,
        `1,0,internal,${at},0.500,1,1,0,,,`,
        `1,1,interal,${at},200.000,2,1,0,,,`,
        `1,2,send,${at},300.000,3,1,0,1,1-1,3`,
        `1,3,receive,${at},400.000,4,1,0,0,2-1,3`,
        `1,4,internal,${at},500.000,5,1,0,,,`,
        `1,5,internal,${at},600`,
      ].join('\n'),
    );
    // A send to itself, and a receive whose id names another sender than its peer, are malformed too.
    expect(events.rows).toBe(2);
    expect(events.badRows).toBe(3);
    expect(events.cutTailBytes).toBe(`1,5,internal,${at},600`.length);
    expect([...events.tick]).toEqual([0, 4]);
  });

  test('leaves out the rows whose numbers parseRow refuses: past 2^53 - 1, negative, elapsed_ms past 10^12', async () => {
    const events = await read(
      'ranges.csv',
      [
        header,
        `1,0,internal,${at},0.500,1,1,0,,,`,
        `1,1,internal,${at},200.000,99999999999999999999999,1,0,,,`,
        `1,2,internal,${at},1e308,3,1,0,,,`,
        `1,3,internal,${at},-1,4,1,0,,,`,
        `1,4,internal,${at},400.000,-5,1,0,,,`,
        `1,5,internal,${at},1000000000000,6,1,0,,,`,
        '',
      ].join('\n'),
    );
    expect(events.badRows).toBe(4);
    expect([...events.tick]).toEqual([0, 5]);
    expect([...events.elapsedMs]).toEqual([0.5, 1e12]);
  });

  test('a missing file is a VM with no rows; a header without a needed column is unreadable', async () => {
    const missing = await readVmEvents(join(dir, 'nothing.csv'), 0, 2);
    expect(missing).toMatchObject({ missing: true, rows: 0 });
    const bad = await readVmEvents(join(fixtureRun('bad-header'), 'vm-1.csv'), 1, 2);
    expect(bad).toMatchObject({ ok: false, reason: 'unreadable', problem: 'csv-header' });
    expect('detail' in bad && bad.detail).toMatch(/header is '.*,queue,.*'; expected/);
  });
});
