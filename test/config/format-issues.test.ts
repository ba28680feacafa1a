import { describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { duplicateKey, formatIssues, notJson } from '../../config/format-issues.js';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) throw new Error('expected a failure');
  return formatIssues(result.error.issues);
};

describe('formatIssues', () => {
  test('paths join keys with dots and indexes with brackets', () => {
    const schema = z.strictObject({ a: z.strictObject({ list: z.array(z.strictObject({ n: z.int() })) }) });
    expect(issuesOf(schema, { a: { list: [{ n: 1 }, { n: 'x' }] } })).toEqual([
      'a.list[1].n: found "x"; allowed: a number',
    ]);
  });

  test('keys and values from the file are escaped', () => {
    expect(issuesOf(z.strictObject({}), { '\u001b[2J\u202e': 1 })).toEqual([
      '(top level): unknown key "\\x1b[2J\\u202e"; allowed: only the keys in config/schema.json',
    ]);
    expect(issuesOf(z.strictObject({ a: z.int() }), { a: '\u009b\ufeff' })).toEqual([
      'a: found "\\x9b\\ufeff"; allowed: a number',
    ]);
  });

  test("notJson: JSON.parse's message on one line, the BOM and newline it quotes escaped", () => {
    let error: unknown;
    try {
      JSON.parse('\ufeff{\n  "machines": 3,\n  "durationSeconds": 10,\n  "eventRange": 10\n}');
    } catch (caught) {
      error = caught;
    }
    expect(notJson(error)).toBe(
      'not valid JSON (Unexpected token \'\\ufeff\', "\\ufeff{\\n  "mach"... is not valid JSON)',
    );
  });

  test('notJson: a text that ends inside a value is said to be cut short, wherever the parser stopped in it', () => {
    const said = (text: string) => {
      try {
        JSON.parse(text);
      } catch (error) {
        return notJson(error, text);
      }
      return 'parsed';
    };
    const whole = '{"machines": 3, "vms": [{"id": 0, "exit": "done"}]}';
    for (const cut of [whole.slice(0, 10), whole.slice(0, 31), whole.slice(0, 43), `${whole.slice(0, 26)}\n  `]) {
      expect(said(cut)).toMatch(
        new RegExp(`^not valid JSON: it ends inside a value, after ${cut.length} characters: cut short\\? \\(`),
      );
    }
    // A fault inside the text is not a cut.
    expect(said('{"machines": 3,, "x": 1}')).toMatch(/^not valid JSON \(/);
  });

  test('top-level problems say so', () => {
    expect(issuesOf(z.strictObject({}), { x: 1, y: 2 })).toEqual([
      '(top level): unknown keys "x", "y"; allowed: only the keys in config/schema.json',
    ]);
  });

  test('the kind expected takes "an" before a vowel', () => {
    expect(issuesOf(z.strictObject({}), [])).toEqual(['(top level): found []; allowed: an object']);
    expect(issuesOf(z.array(z.number()), {})).toEqual(['(top level): found {}; allowed: an array']);
    expect(issuesOf(z.int(), 'x')).toEqual(['(top level): found "x"; allowed: a number']);
  });

  test('an issue without its input (parsed without reportInput) says what is allowed, with nothing dangling', () => {
    const result = z.strictObject({ n: z.number() }).safeParse({ n: 'x' });
    if (result.success) throw new Error('expected a failure');
    expect(formatIssues(result.error.issues)).toEqual(['n: allowed: a number']);
  });

  test('a missing value is "found nothing"', () => {
    expect(issuesOf(z.strictObject({ n: z.number() }), {})).toEqual(['n: found nothing; allowed: a number']);
  });

  test('bounds on numbers, strings and arrays', () => {
    expect(issuesOf(z.number().max(3), 4)).toEqual(['(top level): found 4; allowed: a value <= 3']);
    expect(issuesOf(z.number().lt(3), 4)).toEqual(['(top level): found 4; allowed: a value < 3']);
    expect(issuesOf(z.string().min(2), 'a')).toEqual(['(top level): found "a"; allowed: >= 2 characters']);
    expect(issuesOf(z.array(z.number()).max(1), [1, 2])).toEqual(['(top level): found [1,2]; allowed: <= 1 entry']);
  });

  test('of two bounds a value breaks, only the tighter is said', () => {
    expect(issuesOf(z.int().max(2_147_483_647), 1e20)).toEqual([
      '(top level): found 100000000000000000000; allowed: a value <= 2147483647',
    ]);
    expect(issuesOf(z.strictObject({ n: z.int().min(0) }), { n: -1e20 })).toEqual([
      'n: found -100000000000000000000; allowed: a value >= 0',
    ]);
  });

  test('a number too large for a double (1e400, read as Infinity) is said so, not as null', () => {
    const schema = z.strictObject({ machines: z.int().min(2), durationSeconds: z.number().positive() });
    expect(issuesOf(schema, JSON.parse('{ "machines": 1e400, "durationSeconds": -1e999 }'))).toEqual([
      'machines: found a number too large to hold; allowed: a number',
      'durationSeconds: found a number too large to hold; allowed: a number',
    ]);
  });

  test('long found values are cut to 60 characters', () => {
    const [line] = issuesOf(z.number(), 'x'.repeat(100));
    expect(line).toBe(`(top level): found "${'x'.repeat(56)}...; allowed: a number`);
  });

  test('enums list the allowed values', () => {
    expect(issuesOf(z.enum(['a', 'b']), 'c')).toEqual(['(top level): found "c"; allowed: "a", "b"']);
  });

  test('custom messages that start with "found" are kept as they are', () => {
    const schema = z.number().refine(() => false, { message: 'found it; allowed: nothing' });
    expect(issuesOf(schema, 1)).toEqual(['(top level): found it; allowed: nothing']);
  });

  test('other custom messages get what was found in front', () => {
    const schema = z.number().refine(() => false, { message: 'too odd' });
    expect(issuesOf(schema, 1)).toEqual(['(top level): found 1; too odd']);
  });
});

describe('duplicateKey', () => {
  test('the path, the key quoted, where it is again and where it was first', () => {
    const found = {
      key: 'vm',
      path: ['faults', 'kills', 1, 'vm'],
      at: { line: 9, column: 7 },
      first: { line: 8, column: 7 },
    };
    expect(duplicateKey(found)).toBe(
      'faults.kills[1].vm: duplicate key "vm" at 9:7 (line:column), first at 8:7; allowed: each key once per object',
    );
  });

  test('a key from the file is escaped and cut short, so the place stays on the one line', () => {
    const key = `\u001b[2J${'k'.repeat(1_000_000)}`;
    const line = duplicateKey({ key, path: [key], at: { line: 3, column: 1 }, first: { line: 2, column: 1 } });
    expect(line).toMatch(
      /^\\x1b\[2Jk+\.\.\.\(\d+ more chars\): duplicate key "\\x1b\[2Jk+\.\.\.\(\d+ more chars\)" at 3:1 /,
    );
    expect(line.length).toBeLessThan(300);
    const deep = [...new Array<number>(100_000).fill(0), 'a'];
    const far = duplicateKey({ key: 'a', path: deep, at: { line: 1, column: 9 }, first: { line: 1, column: 3 } });
    expect(far).toMatch(
      /^(\[0\])+[[0]*\.\.\.\(\d+ more chars\): duplicate key "a" at 1:9 \(line:column\), first at 1:3; /,
    );
    expect(far.length).toBeLessThan(400);
  });
});
