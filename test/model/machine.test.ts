import { describe, expect, test } from '@jest/globals';
import { Machine } from '../../model/machine.js';
import type { RandomSource } from '../../shared/seeded-random.js';

/** Hands out scripted draws in order and records each call's range. */
class ScriptedRandom implements RandomSource {
  readonly calls: [number, number][] = [];
  readonly #draws: number[];

  constructor(draws: number[]) {
    this.#draws = [...draws];
  }

  int(min: number, max: number): number {
    this.calls.push([min, max]);
    const draw = this.#draws.shift();
    if (draw === undefined) throw new Error('no scripted draw left');
    return draw;
  }
}

const incoming = (id: string, from: number, clock: number) => ({ id, from, clock });

describe('Machine with an empty queue', () => {
  test('draws from 1..eventRange and acts on it', () => {
    const random = new ScriptedRandom([1, 2, 3, 4, 10]);
    const machine = new Machine(1, 3, 10, random);
    expect(machine.tick()).toEqual({
      event: 'send',
      clock: 1,
      jump: 1,
      queueLen: 0,
      to: [2],
      msgId: '1-1',
      vector: [0, 1, 0],
    });
    expect(machine.tick()).toEqual({
      event: 'send',
      clock: 2,
      jump: 1,
      queueLen: 0,
      to: [0],
      msgId: '1-2',
      vector: [0, 2, 0],
    });
    expect(machine.tick()).toEqual({
      event: 'send',
      clock: 3,
      jump: 1,
      queueLen: 0,
      to: [2, 0],
      msgId: '1-3',
      vector: [0, 3, 0],
    });
    expect(machine.tick()).toEqual({ event: 'internal', clock: 4, jump: 1, queueLen: 0, vector: [0, 4, 0] });
    expect(machine.tick()).toEqual({ event: 'internal', clock: 5, jump: 1, queueLen: 0, vector: [0, 5, 0] });
    expect(random.calls).toEqual([
      [1, 10],
      [1, 10],
      [1, 10],
      [1, 10],
      [1, 10],
    ]);
    expect(machine.clock).toBe(5);
    expect(machine.sends).toBe(3);
  });

  test('uses its own eventRange', () => {
    const random = new ScriptedRandom([5]);
    const machine = new Machine(0, 3, 5, random);
    expect(machine.tick()).toEqual({ event: 'internal', clock: 1, jump: 1, queueLen: 0, vector: [1, 0, 0] });
    expect(random.calls).toEqual([[1, 5]]);
  });

  test('send ids count from 1 per sender, internal events do not count, a send to all takes one id', () => {
    const a = new Machine(0, 4, 10, new ScriptedRandom([7, 3, 1, 9, 2]));
    const b = new Machine(2, 4, 10, new ScriptedRandom([2]));
    const aIds = Array.from({ length: 5 }, () => a.tick()).flatMap((o) => (o.event === 'send' ? [o.msgId] : []));
    expect(aIds).toEqual(['0-1', '0-2', '0-3']);
    const bFirst = b.tick();
    expect(bFirst).toMatchObject({ event: 'send', msgId: '2-1', to: [0] });
    const all = new Machine(3, 4, 10, new ScriptedRandom([3])).tick();
    expect(all).toEqual({
      event: 'send',
      clock: 1,
      jump: 1,
      queueLen: 0,
      to: [0, 1, 2],
      msgId: '3-1',
      vector: [0, 0, 0, 1],
    });
  });
});

describe('Machine with messages', () => {
  test('deliver fills the network queue; a tick moves it to the message queue and processes one', () => {
    const random = new ScriptedRandom([]);
    const machine = new Machine(0, 3, 10, random);
    machine.deliver(incoming('1-1', 1, 5));
    machine.deliver(incoming('2-1', 2, 2));
    machine.deliver(incoming('1-2', 1, 9));
    expect(machine.networkQueue.length).toBe(3);
    expect(machine.messageQueue.length).toBe(0);

    expect(machine.tick()).toEqual({
      event: 'receive',
      clock: 6,
      jump: 6,
      queueLen: 2,
      message: incoming('1-1', 1, 5),
      vector: [1, 0, 0],
    });
    expect(machine.networkQueue.length).toBe(0);
    expect(machine.messageQueue.length).toBe(2);

    expect(machine.tick()).toEqual({
      event: 'receive',
      clock: 7,
      jump: 1,
      queueLen: 1,
      message: incoming('2-1', 2, 2),
      vector: [2, 0, 0],
    });
    expect(machine.tick()).toEqual({
      event: 'receive',
      clock: 10,
      jump: 3,
      queueLen: 0,
      message: incoming('1-2', 1, 9),
      vector: [3, 0, 0],
    });
    expect(random.calls).toEqual([]);
    expect(machine.clock).toBe(10);
  });

  test('the vector clock: own entry +1 on every event, element-wise max with the carried vector on a receive', () => {
    const machine = new Machine(1, 3, 10, new ScriptedRandom([9]));
    machine.tick();
    machine.deliver({ id: '0-1', from: 0, clock: 7, vector: [5, 0, 2] });
    expect(machine.tick()).toMatchObject({ event: 'receive', vector: [5, 2, 2] });
    machine.deliver({ id: '2-1', from: 2, clock: 9, vector: [1, 0, 6] });
    const before = machine.vector;
    expect(machine.tick()).toMatchObject({ event: 'receive', vector: [5, 3, 6] });
    expect(before).toEqual([5, 2, 2]); // a vector already handed out (in a message) never changes
  });

  test('a message delivered between ticks joins the back of the message queue', () => {
    const machine = new Machine(2, 3, 10, new ScriptedRandom([4]));
    machine.deliver(incoming('0-1', 0, 1));
    machine.deliver(incoming('0-2', 0, 2));
    expect(machine.tick()).toMatchObject({ event: 'receive', queueLen: 1, message: { id: '0-1' } });
    machine.deliver(incoming('1-1', 1, 30));
    expect(machine.tick()).toMatchObject({ event: 'receive', clock: 3, queueLen: 1, message: { id: '0-2' } });
    expect(machine.tick()).toMatchObject({ event: 'receive', clock: 31, jump: 28, queueLen: 0 });
    // Queue empty again: back to drawing.
    expect(machine.tick()).toMatchObject({ event: 'internal', clock: 32, jump: 1, queueLen: 0, vector: [0, 0, 4] });
  });

  test('pending() lists the message queue, then the network queue, oldest first', () => {
    const machine = new Machine(0, 3, 10, new ScriptedRandom([]));
    expect(machine.pending()).toEqual([]);
    for (const id of ['1-1', '2-1', '1-2']) machine.deliver(incoming(id, Number(id[0]), 1));
    expect(machine.pending()).toEqual(['1-1', '2-1', '1-2']);
    machine.tick();
    machine.deliver(incoming('2-2', 2, 1));
    machine.deliver(incoming('1-3', 1, 1));
    expect(machine.pending()).toEqual(['2-1', '1-2', '2-2', '1-3']);
    expect(machine.messageQueue.toArray().map((m) => m.id)).toEqual(['2-1', '1-2']);
    expect(machine.networkQueue.toArray().map((m) => m.id)).toEqual(['2-2', '1-3']);
  });
});

describe('Machine queue bound', () => {
  test('queued counts both queues, before and after a tick moves messages across', () => {
    const machine = new Machine(0, 3, 10, new ScriptedRandom([]));
    for (let n = 1; n <= 4; n++) machine.deliver(incoming(`1-${n}`, 1, n));
    expect(machine.queued).toBe(4);
    machine.tick();
    expect(machine.queued).toBe(3);
    expect(machine.messageQueue.length).toBe(3);
  });

  test('maxQueued keeps a queue of messages near 256 MiB, fewer with larger vectors', async () => {
    const { maxQueued } = await import('../../model/machine.js');
    expect(maxQueued(3)).toBeGreaterThan(1_000_000);
    expect(maxQueued(64)).toBeLessThan(maxQueued(3));
    expect(maxQueued(64) * (160 + 8 * 64)).toBeLessThanOrEqual(256 * 1024 * 1024);
  });
});

describe('Machine.goPast (a restart after rows kept on its host)', () => {
  test('its next send number and own vector entry go past the floor; only rises; the numbers passed over are counted', () => {
    const machine = new Machine(1, 2, 10, new ScriptedRandom([1, 1]));
    machine.sends = 3;
    machine.vector = [2, 4];
    machine.goPast(7);
    expect([machine.sends, machine.vector, machine.skippedNumbers]).toEqual([7, [2, 7], 4]);
    expect(machine.tick()).toMatchObject({ event: 'send', msgId: '1-8', vector: [2, 8] });
    // A floor below where it stands changes nothing.
    machine.goPast(5);
    expect([machine.sends, machine.vector, machine.skippedNumbers]).toEqual([8, [2, 8], 4]);
    // A peer's vector that knows of the kept rows' events (entry 1 up to 7) no longer lifts its own entry past +1.
    machine.deliver({ id: '0-1', from: 0, clock: 1, vector: [1, 7] });
    expect(machine.tick()).toMatchObject({ event: 'receive', vector: [2, 9] });
  });
});
