import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { chooseAction } from '../../model/event-choice.js';

const draws = Array.from({ length: 10 }, (_, i) => i + 1);

describe('chooseAction with 3 VMs (the original exercise)', () => {
  for (const id of [0, 1, 2]) {
    test.each(draws)(`vm ${id}, draw %i`, (draw) => {
      const action = chooseAction(draw, id, 3);
      if (draw === 1) expect(action).toEqual({ kind: 'send', to: [(id + 1) % 3] });
      else if (draw === 2) expect(action).toEqual({ kind: 'send', to: [(id + 2) % 3] });
      else if (draw === 3) expect(action).toEqual({ kind: 'send', to: [(id + 1) % 3, (id + 2) % 3] });
      else expect(action).toEqual({ kind: 'internal' });
    });
  }

  test('the concrete table for vm 2', () => {
    expect(chooseAction(1, 2, 3)).toEqual({ kind: 'send', to: [0] });
    expect(chooseAction(2, 2, 3)).toEqual({ kind: 'send', to: [1] });
    expect(chooseAction(3, 2, 3)).toEqual({ kind: 'send', to: [0, 1] });
  });
});

describe('chooseAction with 5 VMs', () => {
  for (const id of [0, 1, 2, 3, 4]) {
    test(`vm ${id}: 1 and 2 name two different peers, 3 names all four, the rest are internal`, () => {
      const one = chooseAction(1, id, 5);
      const two = chooseAction(2, id, 5);
      expect(one).toEqual({ kind: 'send', to: [(id + 1) % 5] });
      expect(two).toEqual({ kind: 'send', to: [(id + 2) % 5] });
      if (one.kind !== 'send' || two.kind !== 'send') throw new Error('expected sends');
      expect(one.to[0]).not.toBe(two.to[0]);
      expect(one.to).not.toContain(id);
      expect(two.to).not.toContain(id);
      const all = chooseAction(3, id, 5);
      if (all.kind !== 'send') throw new Error('expected a send');
      expect(all.to).toHaveLength(4);
      expect([...all.to].sort()).toEqual([0, 1, 2, 3, 4].filter((peer) => peer !== id));
      for (const draw of draws.slice(3)) expect(chooseAction(draw, id, 5)).toEqual({ kind: 'internal' });
    });
  }
});

describe('chooseAction with 2 VMs', () => {
  test.each([0, 1])('vm %i: draws 1, 2 and 3 all send to the only peer', (id) => {
    const peer = 1 - id;
    expect(chooseAction(1, id, 2)).toEqual({ kind: 'send', to: [peer] });
    expect(chooseAction(2, id, 2)).toEqual({ kind: 'send', to: [peer] });
    expect(chooseAction(3, id, 2)).toEqual({ kind: 'send', to: [peer] });
    expect(chooseAction(4, id, 2)).toEqual({ kind: 'internal' });
  });
});

describe('chooseAction properties', () => {
  const scenario = fc
    .integer({ min: 2, max: 64 })
    .chain((machines) =>
      fc.tuple(fc.constant(machines), fc.integer({ min: 0, max: machines - 1 }), fc.integer({ min: 1, max: 20 })),
    );

  test('never sends to self, recipients are distinct valid ids, and 3 reaches every peer', () => {
    fc.assert(
      fc.property(scenario, ([machines, id, draw]) => {
        const action = chooseAction(draw, id, machines);
        if (draw > 3) {
          expect(action).toEqual({ kind: 'internal' });
          return;
        }
        if (action.kind !== 'send') throw new Error(`draw ${draw} should send`);
        expect(action.to).not.toContain(id);
        expect(new Set(action.to).size).toBe(action.to.length);
        for (const to of action.to) {
          expect(Number.isInteger(to)).toBe(true);
          expect(to).toBeGreaterThanOrEqual(0);
          expect(to).toBeLessThan(machines);
        }
        expect(action.to).toHaveLength(draw === 3 ? machines - 1 : 1);
      }),
      { numRuns: 2000 },
    );
  });

  test('draws 1 and 2 pick different peers whenever there are at least two peers', () => {
    fc.assert(
      fc.property(
        scenario.filter(([machines]) => machines >= 3),
        ([machines, id]) => {
          const one = chooseAction(1, id, machines);
          const two = chooseAction(2, id, machines);
          if (one.kind !== 'send' || two.kind !== 'send') throw new Error('expected sends');
          expect(one.to[0]).not.toBe(two.to[0]);
        },
      ),
    );
  });
});
