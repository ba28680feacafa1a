import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { duplicateKeys } from '../../config/duplicate-keys.js';

const allDuplicates = (text: string) => duplicateKeys(text).shown;

/** The scanner's answer without the positions, for the tests about which keys. */
const keysOf = (text: string) => allDuplicates(text).map(({ key, path }) => ({ key, path }));

describe('duplicateKeys', () => {
  test('a top-level key given twice: the key, its path, where it is again and where it was first', () => {
    const text = [
      '{',
      '  "clockRate": { "min": 1, "max": 6 },',
      '  "machines": 3,',
      '  "clockRate": { "min": 5 }',
      '}',
    ];
    expect(allDuplicates(text.join('\n'))).toEqual([
      { key: 'clockRate', path: ['clockRate'], at: { line: 4, column: 3 }, first: { line: 2, column: 3 } },
    ]);
  });

  test('nested objects and arrays of objects: the path goes through keys and indexes', () => {
    const text = JSON.stringify({ network: { basePort: 1 }, faults: { kills: [{ vm: 0 }, { vm: 1 }] } })
      .replace('"basePort":1', '"basePort":1,"basePort":2')
      .replace('{"vm":1}', '{"vm":1,"vm":2}');
    expect(keysOf(text)).toEqual([
      { key: 'basePort', path: ['network', 'basePort'] },
      { key: 'vm', path: ['faults', 'kills', 1, 'vm'] },
    ]);
  });

  test('the same key in sibling objects, or in an object and the one inside it, is no duplicate', () => {
    expect(allDuplicates('[{"vm":1},{"vm":2}]')).toEqual([]);
    expect(allDuplicates('{"a":{"a":{"a":1}},"b":{"a":2}}')).toEqual([]);
    expect(allDuplicates('{"kills":[{"vm":0,"at":1},{"vm":0,"at":1}]}')).toEqual([]);
  });

  test('keys are compared decoded: "a" and "\\u0061" are one key, "a" and "A" are two', () => {
    expect(allDuplicates('{"a":1,"\\u0061":2}')).toEqual([
      { key: 'a', path: ['a'], at: { line: 1, column: 8 }, first: { line: 1, column: 2 } },
    ]);
    expect(allDuplicates('{"a":1,"A":2}')).toEqual([]);
    expect(keysOf('{"a\\"b":1,"a\\u0022b":2}')).toEqual([{ key: 'a"b', path: ['a"b'] }]);
    expect(keysOf('{"a\\\\":1,"a\\u005c":2}')).toEqual([{ key: 'a\\', path: ['a\\'] }]);
    expect(keysOf('{"😀":1,"\\ud83d\\ude00":2}')).toEqual([{ key: '😀', path: ['😀'] }]);
  });

  test('braces, brackets, commas, colons and escaped quotes inside strings are text, not structure', () => {
    const values = JSON.stringify({ s: '{"s":1,"s":2}', t: '}],[{', u: '\\', v: 'x\\"', w: ':,' });
    expect(allDuplicates(values)).toEqual([]);
    // A key ending in a backslash, then a value that looks like a key.
    expect(keysOf('{"k\\\\":"k\\\\","k\\\\":1}')).toEqual([{ key: 'k\\', path: ['k\\'] }]);
    expect(keysOf('{"a":"\\",\\"a\\":","a":2}')).toEqual([{ key: 'a', path: ['a'] }]);
  });

  test('a string value equal to a key is not a key', () => {
    expect(allDuplicates('{"a":"a","b":["a","a"]}')).toEqual([]);
  });

  test('lines break at \\n, \\r\\n and a lone \\r; columns count from 1, a tab as one', () => {
    expect(allDuplicates('{\r\n"a":1,\r\n\t"a":2}')[0]?.at).toEqual({ line: 3, column: 2 });
    expect(allDuplicates('{\r"a":1,\r\r  "a":2}')[0]).toMatchObject({
      at: { line: 4, column: 3 },
      first: { line: 2, column: 1 },
    });
  });

  test('every duplicate, in the order of the text; a key three times is two duplicates of the first', () => {
    expect(allDuplicates('{"x":{"b":1,"b":2},"a":1,"a":2,"a":3}')).toEqual([
      { key: 'b', path: ['x', 'b'], at: { line: 1, column: 13 }, first: { line: 1, column: 7 } },
      { key: 'a', path: ['a'], at: { line: 1, column: 26 }, first: { line: 1, column: 20 } },
      { key: 'a', path: ['a'], at: { line: 1, column: 32 }, first: { line: 1, column: 20 } },
    ]);
  });

  test('past the limit, duplicates are counted, not kept: only the shown ones carry their path', () => {
    const deep = `${'['.repeat(500)}{${Array(400).fill('"k":1').join(',')}}${']'.repeat(500)}`;
    const { shown, total } = duplicateKeys(deep, 10);
    expect(total).toBe(399);
    expect(shown).toHaveLength(10);
    expect(shown[0]?.path).toHaveLength(501);
    expect(duplicateKeys(deep).shown).toHaveLength(399);
  });

  test('scalars, empty objects and arrays, and the empty key', () => {
    for (const text of ['3', '"{\\"a\\":1,\\"a\\":1}"', 'null', '{}', '[]', '[{},[],{}]', '{"":{}}']) {
      expect(allDuplicates(text)).toEqual([]);
    }
    expect(keysOf('{"":1,"":2}')).toEqual([{ key: '', path: [''] }]);
  });

  test('nesting as deep as JSON.parse takes does not overflow the stack', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}{"a":1,"a":2}${']'.repeat(depth)}`;
    JSON.parse(text);
    const [found] = allDuplicates(text);
    expect(found?.path).toHaveLength(depth + 1);
    expect(found?.at).toEqual({ line: 1, column: depth + 8 });
  });
});

/** A JSON value whose objects are lists of entries, so a key can be given twice, as a hand-edited file can. */
type Model = null | number | Spelled | Model[] | { entries: [Spelled, Model][] };
/** A string and how the text spells it: each character raw or escaped. */
type Spelled = { units: { char: string; escaped: boolean }[] };

/** Characters a scanner could mistake for structure, in values; keys of fewer, so that they repeat. */
const spelledOf = (chars: string[], maxLength: number) =>
  fc
    .array(fc.record({ char: fc.constantFrom(...chars), escaped: fc.boolean() }), { maxLength })
    .map((units): Spelled => ({ units }));
const text = spelledOf(['a', 'b', '"', '\\', '{', '}', '[', ']', ':', ',', '\n', ' ', 'é', '😀'], 4);
const key = spelledOf(['a', '"', '\\', '😀'], 2);

/** A document is an object, as a config is; inside, anything. */
const { document } = fc.letrec<{ document: Model; model: Model }>((tie) => ({
  document: fc.array(fc.tuple(key, tie('model')), { maxLength: 6 }).map((entries) => ({ entries })),
  model: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.integer(),
    text,
    fc.array(tie('model'), { maxLength: 4 }),
    tie('document'),
  ),
}));

const textOf = (s: Spelled): string => s.units.map((unit) => unit.char).join('');

/**
 * `"..."` with each character as it is when JSON allows it and not asked to escape, else as a `\u` escape; one that
 * must be escaped (`"`, `\`, a newline) is escaped short when not asked (`\"`), to make runs of backslashes.
 */
function spell(s: Spelled): string {
  const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n' };
  const uEscape = (c: string) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  return `"${s.units.map(({ char, escaped }) => (escaped ? uEscape(char) : (short[char] ?? char))).join('')}"`;
}

function serialize(value: Model, newline: string, indent = ''): string {
  if (value === null || typeof value === 'number') return JSON.stringify(value);
  if ('units' in value) return spell(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[${value.map((v) => `${newline}${inner}${serialize(v, newline, inner)}`)}]`;
  const entries = value.entries.map(([k, v]) => `${newline}${inner}${spell(k)}: ${serialize(v, newline, inner)}`);
  return `{${entries.join(',')}${newline}${indent}}`;
}

/** The duplicates the model holds, in the order of the text: a key before anything in its value. */
function expected(value: Model, path: (string | number)[] = []): { key: string; path: (string | number)[] }[] {
  if (value === null || typeof value === 'number' || 'units' in value) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => expected(v, [...path, i]));
  const seen = new Set<string>();
  return value.entries.flatMap(([k, v]) => {
    const key = textOf(k);
    const here = seen.has(key) ? [{ key, path: [...path, key] }] : [];
    seen.add(key);
    return [...here, ...expected(v, [...path, key])];
  });
}

/** The key spelled at `at` in `text`, decoded. */
function keyAt(text: string, at: { line: number; column: number }): string {
  const line = text.split(/\r\n|\r|\n/)[at.line - 1] ?? '';
  const rest = line.slice(at.column - 1);
  const token = rest.match(/^"(?:[^"\\]|\\.)*"/)?.[0];
  return JSON.parse(token ?? 'null') as string;
}

test('property: every key given twice in an object is found, at the line and column of its quote, and no other', () => {
  fc.assert(
    fc.property(document, fc.constantFrom('', '\n', '\r\n', '\r'), (value, newline) => {
      const text = serialize(value, newline);
      JSON.parse(text);
      const found = allDuplicates(text);
      expect(found.map(({ key, path }) => ({ key, path }))).toEqual(expected(value));
      for (const { key, at, first } of found) {
        expect(keyAt(text, at)).toBe(key);
        expect(keyAt(text, first)).toBe(key);
        expect(first.line < at.line || (first.line === at.line && first.column < at.column)).toBe(true);
      }
    }),
    { numRuns: 500 },
  );
});
