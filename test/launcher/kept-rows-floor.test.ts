import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { keptRowsFloor } from '../../launcher/kept-rows-floor.js';

const header = 'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock,vector_clock\n';
const lifeOne = '1,0,internal,2026-01-01T00:00:00.000Z,0.700,1,1,0,,,,"{""1"":1}"\n';
const lifeTwo = '1,37,send,2026-01-01T00:00:07.400Z,7400.700,2,1,0,0,1-38,2,"{""1"":38}"\n';
const kept = (fromByte: number, life = 1) => ({ life, host: 'h2', file: '/x/vm-1.life-1.csv', fromByte, why: 'junk' });

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-kept-floor-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('keptRowsFloor', () => {
  test('no earlier life left rows on the host: nothing to pass', async () => {
    expect(await keptRowsFloor({ earlierRowsOnHost: [], length: 0, path: join(dir, 'vm-1.csv') })).toBeUndefined();
  });

  test("the run folder ends where the kept rows begin (no life since): the new life's own first tick", async () => {
    const path = join(dir, 'vm-1.csv');
    await writeFile(path, header + lifeOne);
    const length = (header + lifeOne).length;
    expect(await keptRowsFloor({ earlierRowsOnHost: [kept(length)], length, path })).toBe('first-tick');
  });

  test('a life began after them: the tick of its first row, at the latest record`s byte', async () => {
    const path = join(dir, 'vm-1.csv');
    await writeFile(path, header + lifeOne + lifeTwo);
    const at = (header + lifeOne).length;
    const records = [kept(header.length - 1), kept(at, 2)];
    expect(await keptRowsFloor({ earlierRowsOnHost: records, length: at + lifeTwo.length, path })).toBe(37);
  });
});
