import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { compareVectorClocks } from '../../../report/browser/causal.js';
import { decodeSpaceTime, type PackedJson, type SpaceTime } from '../../../report/browser/decode.js';
import { messageData } from '../../../report/browser/messages.js';
import { selectionText } from '../../../report/browser/selection.js';
import { countEvents, eventData, messageText } from '../../../report/browser/window.js';
import { jsonText } from '../../../report/json-text.js';
import { readRunEvents } from '../../../report/run-events.js';
import { messageCopies } from '../../../report/space-time/message-copies.js';
import { packSpaceTime } from '../../../report/space-time/space-time-data.js';
import { copyRun } from '../../analysis/fixture-runs.js';
import { addVectorClocks } from '../vector-clocks.js';

/** The basic fixture (2 VMs, 2 s) with vector clocks, as the page sees it after unpacking. */
let st: SpaceTime;
let remove: () => Promise<void>;
beforeAll(async () => {
  const copy = await copyRun('basic');
  remove = copy.remove;
  await addVectorClocks(copy.dir, 2);
  const read = await readRunEvents(copy.dir);
  if (!read.ok) throw new Error(read.detail);
  const packed = packSpaceTime(read.run, messageCopies(read.run.vms, read.run.facts), ['VM 0', 'VM 1']);
  st = decodeSpaceTime(JSON.parse(jsonText(packed)) as PackedJson);
});
afterAll(() => remove());

test('compareVectorClocks: before, after, the same, or concurrent', () => {
  expect(compareVectorClocks([1, 0], [2, 1])).toBe('before');
  expect(compareVectorClocks([2, 1, 0], [2, 0, 0])).toBe('after');
  expect(compareVectorClocks([3, 1], [3, 1])).toBe('same');
  expect(compareVectorClocks([4, 1], [3, 2])).toBe('concurrent');
});

describe('one window', () => {
  test('holds the events inside it, each with its tooltip text', () => {
    expect(countEvents(st, 0, 2000)).toBe(14);
    expect(countEvents(st, 300, 900)).toBe(4);
    const events = eventData(st, 300, 900, null);
    expect(events.map((e) => [e.key, e.cat])).toEqual([
      ['0:2', 'send'],
      ['0:3', 'send'],
      ['0:4', 'send'],
      ['1:1', 'receive'],
    ]);
    expect(events[3]).toMatchObject({
      what: 'VM 1 tick 1: receive',
      when: '0.501 s',
      clock: 4,
      msg: 'receive 0-1 from VM 0 (carried clock 3)',
      vcText: '[3, 2]',
    });
    expect(messageText(st, 0, 7)).toBe('send 0-4 to VM 1 (pending at stop)');
  });

  test('draws an arrow per received copy, turned along its line in pixels, and a cut line per pending one', () => {
    const { lines, marks } = messageData(st, 0, 2000, { width: 1000, height: 200 }, null);
    expect(lines.map((l) => l.cat)).toEqual(['delivered', 'delivered', 'delivered', 'pending', 'pending', 'delivered']);
    // 0-1: 100.2 ms right (50.1 px at 2 ms/px) and one VM down (100 px): 153.4 degrees clockwise from up.
    const first = marks[0];
    expect(first?.shape).toBe('triangle-up');
    expect(first?.angle).toBeCloseTo(180 - (Math.atan2(50.1, 100) * 180) / Math.PI, 3);
    // 1-1 goes up (VM 1 to VM 0).
    expect(marks.at(-1)?.angle).toBeLessThan(90);
    const pending = marks.filter((m) => m.cat === 'pending');
    expect(pending).toHaveLength(2);
    expect(pending[0]).toMatchObject({ shape: 'cross', y: 0.45, msg: '0-4 to VM 1: pending' });
  });

  test('a window that ends before a slow receive still draws the message whose send it holds', () => {
    // 0-3 leaves VM 0 at 800.5 ms and is taken at 1500.7 ms.
    const { lines } = messageData(st, 1000, 1600, { width: 600, height: 200 }, null);
    expect(lines.some((l) => l.msg.startsWith('0-3:'))).toBe(true);
  });
});

describe('selecting an event (vector clocks)', () => {
  test('its causal past and future are highlighted; concurrent events are left plain and faded', () => {
    const selected = { vm: 1, row: 1, vc: [3, 2] };
    const events = eventData(st, 0, 2000, selected);
    const cat = (key: string) => events.find((e) => e.key === key)?.cat;
    expect(['0:0', '0:1', '0:2', '1:0'].map(cat)).toEqual(['past', 'past', 'past', 'past']);
    expect(['1:2', '1:3'].map(cat)).toEqual(['future', 'future']);
    expect(cat('1:1')).toBe('selected');
    expect(events.find((e) => e.key === '0:3')).toMatchObject({ cat: 'send', op: 0.3 });
    const { lines } = messageData(st, 0, 2000, { width: 1000, height: 200 }, selected);
    expect(lines.filter((l) => l.cat === 'past').map((l) => l.msg.slice(0, 3))).toEqual(['0-1', '1-1']);
    expect(selectionText(st, selected, events)).toMatch(
      /^Selected VM 1 tick 1 .*clock 4, vector clock \[3, 2\]\. receive 0-1 .* 4 events in its causal past, 2 in its causal future, 7 concurrent/,
    );
  });

  test('without vector clocks a click shows the event and says why nothing is highlighted', () => {
    const selected = { vm: 1, row: 1, vc: null };
    const events = eventData(st, 0, 2000, selected);
    expect(events.map((e) => e.cat)).not.toContain('past');
    expect(events.every((e) => e.op === 1)).toBe(true);
    expect(selectionText(st, selected, events)).toMatch(
      /^Selected VM 1 tick 1 .*clock 4\. receive 0-1 from VM 0 \(carried clock 3\)\. \(No vector_clock column/,
    );
  });
});
