import { describe, expect, test } from '@jest/globals';
import { VectorArena } from '../../analysis/vector-arena.js';
import { readVector, vectorText } from '../../run-folder/vector-text.js';

const read = (text: string, machines = 3): number[] | null => {
  const into = new Uint32Array(machines);
  return readVector(text, into) ? [...into] : null;
};

describe('readVector', () => {
  test('the compact form the VMs write, zeros left out', () => {
    expect(read('{"0":3,"2":5}')).toEqual([3, 0, 5]);
    expect(read('{"1":1}')).toEqual([0, 1, 0]);
    expect(read('{"2":4294967295}')).toEqual([0, 0, 4294967295]);
    expect(read('{}')).toEqual([0, 0, 0]);
  });

  test('other spellings of the same JSON object', () => {
    expect(read('{ "2": 5, "0": 3 }')).toEqual([3, 0, 5]);
  });

  test.each([
    ['not JSON', '{"0":3,'],
    ['an array', '[3,0,5]'],
    ['a VM id at or above machines', '{"3":1}'],
    ['a negative id', '{"-1":1}'],
    ['a zero entry (zeros are left out)', '{"0":0}'],
    ['a fraction', '{"0":1.5}'],
    ['a string value', '{"0":"1"}'],
    ['an entry too large for 32 bits', '{"0":4294967296}'],
    ['an id given twice', '{"0":1,"0":2}'],
    ['an id with a leading zero', '{"01":1}'],
    ['text after the object', '{"0":1}x'],
    ['an empty field', ''],
  ])('rejects %s', (_, text) => {
    expect(read(text)).toBeNull();
  });
});

describe('vectorText', () => {
  test('compact, zeros left out, keyed by id or by a host name', () => {
    expect(vectorText([3, 0, 5])).toBe('{"0":3,"2":5}');
    expect(vectorText(new Uint32Array([0, 2]), (id) => `vm${id}`)).toBe('{"vm1":2}');
    expect(vectorText([0, 0])).toBe('{}');
  });

  test('reads back what it writes', () => {
    const vector = [7, 0, 12, 1];
    expect(read(vectorText(vector), 4)).toEqual(vector);
  });
});

describe('VectorArena', () => {
  test('keeps each vector apart, across blocks', () => {
    const arena = new VectorArena(3);
    const indexes = Array.from({ length: 20_000 }, (_, i) => arena.add(new Uint32Array([i, i + 1, i + 2])));
    expect(indexes[19_999]).toBe(19_999);
    expect(arena.count).toBe(20_000);
    expect([...arena.get(0)]).toEqual([0, 1, 2]);
    expect([...arena.get(8192)]).toEqual([8192, 8193, 8194]);
    expect([...arena.get(19_999)]).toEqual([19_999, 20_000, 20_001]);
    // Three blocks of 8192 vectors x 3 entries x 4 bytes.
    expect(arena.bytes).toBe(3 * 8192 * 3 * 4);
    expect(() => arena.get(20_000)).toThrow(RangeError);
  });
});
