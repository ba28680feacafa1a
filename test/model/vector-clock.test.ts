import { describe, expect, test } from '@jest/globals';
import { formatVector, vectorLocalEvent, vectorReceiveEvent } from '../../model/vector-clock.js';

describe('vector clock rules', () => {
  test('a local event advances only the own entry, in a new array', () => {
    const before = [2, 5, 1];
    expect(vectorLocalEvent(before, 1)).toEqual([2, 6, 1]);
    expect(before).toEqual([2, 5, 1]);
  });

  test('a receive takes the element-wise max, then advances the own entry', () => {
    expect(vectorReceiveEvent([2, 5, 1], [4, 9, 0], 1)).toEqual([4, 10, 1]);
    expect(vectorReceiveEvent([2, 5, 1], [0, 0, 7], 0)).toEqual([3, 5, 7]);
  });

  test('formatted as compact JSON keyed by VM id, zeros left out', () => {
    expect(formatVector([0, 3, 0, 12])).toBe('{"1":3,"3":12}');
    expect(JSON.parse(formatVector([1, 0, 2]))).toEqual({ 0: 1, 2: 2 });
  });
});
