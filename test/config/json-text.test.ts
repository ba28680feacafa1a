import { describe, expect, test } from '@jest/globals';
import { parseJsonText } from '../../config/json-text.js';

describe('parseJsonText', () => {
  test('valid JSON with each key once is its value', () => {
    expect(parseJsonText('{"a":{"b":1},"c":[{"b":2},{"b":3}]}')).toEqual({
      ok: true,
      value: { a: { b: 1 }, c: [{ b: 2 }, { b: 3 }] },
    });
  });

  test('a byte-order mark before the JSON (Notepad, Excel) is read past; places are counted after it', () => {
    expect(parseJsonText('\ufeff{"machines": 3}')).toEqual({ ok: true, value: { machines: 3 } });
    expect(parseJsonText('\ufeff{"a": 1,\n"a": 2}')).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('at 2:1 (line:column), first at 1:2')],
    });
  });

  test('text JSON.parse refuses is not-json, in one line; one that ends inside a value is said to be cut short', () => {
    expect(parseJsonText('{ "machines": 3,, "x": 1 }')).toEqual({
      ok: false,
      reason: 'not-json',
      problems: [expect.stringMatching(/^not valid JSON \(/)],
    });
    expect(parseJsonText('{ "machines": 3,')).toEqual({
      ok: false,
      reason: 'not-json',
      problems: [expect.stringMatching(/^not valid JSON: it ends inside a value, after 16 characters: cut short\? \(/)],
    });
  });

  test('a key given twice is refused, although JSON.parse takes it, naming the key, its path and both places', () => {
    const text =
      '{\n  "clockRate": { "min": 1, "max": 6 },\n  "machines": 3,\n  "clockRate": { "min": 5, "max": 5 }\n}';
    expect(() => JSON.parse(text)).not.toThrow();
    expect(parseJsonText(text)).toEqual({
      ok: false,
      reason: 'duplicate-key',
      problems: [
        'clockRate: duplicate key "clockRate" at 4:3 (line:column), first at 2:3; allowed: each key once per object',
      ],
    });
  });

  test('past ten duplicates, one line says how many more', () => {
    const text = `{${Array.from({ length: 13 }, () => '"k":1').join(',')}}`;
    const parsed = parseJsonText(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(11);
    expect(parsed.problems.at(-1)).toBe('and 2 more duplicate keys');
  });
});
