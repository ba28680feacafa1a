import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { drawSeed, launcherStream, seededRandom, vmStream } from '../../shared/seeded-random.js';

const sequence = (seed: number, stream: number, length = 50, min = 1, max = 1_000_000) => {
  const random = seededRandom(seed, stream);
  return Array.from({ length }, () => random.int(min, max));
};

describe('seededRandom', () => {
  test('the same seed and stream give the same sequence', () => {
    for (const [seed, stream] of [
      [0, 0],
      [42, 1],
      [2_147_483_647, 5],
    ] as const) {
      expect(sequence(seed, stream)).toEqual(sequence(seed, stream));
    }
  });

  test('different streams of one seed differ', () => {
    const streams = [0, 1, 2, 3, 10].map((stream) => sequence(7, stream).join(','));
    expect(new Set(streams).size).toBe(streams.length);
  });

  test('different seeds differ', () => {
    const seeds = [0, 1, 2, 1234, 2_147_483_647].map((seed) => sequence(seed, 0).join(','));
    expect(new Set(seeds).size).toBe(seeds.length);
  });

  test('the draws are not constant', () => {
    expect(new Set(sequence(3, 0, 100)).size).toBeGreaterThan(50);
  });

  test('ints stay within [min, max], both included, and reach both ends', () => {
    const random = seededRandom(99, 0);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = random.int(1, 6);
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(1);
      expect(value).toBeLessThanOrEqual(6);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(random.int(4, 4)).toBe(4);
  });

  test('property: any seed, stream and range give integers inside the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_147_483_647 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat({ max: 100_000 }),
        (seed, stream, min, span) => {
          const random = seededRandom(seed, stream);
          for (let i = 0; i < 5; i++) {
            const value = random.int(min, min + span);
            expect(Number.isInteger(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(min);
            expect(value).toBeLessThanOrEqual(min + span);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test('the launcher uses stream 0 and VM k stream k + 1', () => {
    expect(launcherStream).toBe(0);
    expect([0, 1, 2].map(vmStream)).toEqual([1, 2, 3]);
  });
});

describe('drawSeed', () => {
  test('is an integer in [0, 2^31)', () => {
    for (let i = 0; i < 100; i++) {
      const seed = drawSeed();
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThan(2 ** 31);
    }
  });
});
