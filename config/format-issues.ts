/**
 * Turns zod issues into one line per problem (the field path, what was found, and what is allowed), and a JSON parse
 * failure or a key given twice into one line. What was found is in an issue only when the schema was run with
 * `{ reportInput: true }`; without it the line says what is allowed. All quote the file (its keys and values, the
 * text around a JSON fault), so each line is made printable: escaped, one line, bounded.
 */

import type { z } from 'zod';
import { counted } from '../shared/counted.js';
import { printable } from '../shared/printable-text.js';
import type { DuplicateKey } from './duplicate-keys.js';

/**
 * `where` says where a problem is, from its path: the field's path by default. `hint` may add a clause to a
 * problem's line (where a misplaced key belongs). `keysOf`: what an unknown key's line says is allowed, from its path:
 * a config's keys by default; a file clocklab writes (a manifest, a start or end record) names itself, but for the
 * config it holds.
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  where: (path: readonly PropertyKey[]) => string = fieldPath,
  hint: (issue: z.core.$ZodIssue) => string | undefined = () => undefined,
  keysOf: (path: readonly PropertyKey[]) => string = () => configKeys,
): string[] {
  return tightest(issues).map((issue) => {
    const extra = hint(issue);
    const said = describeIssue(issue, keysOf(issue.path));
    return printable(`${where(issue.path)}: ${said}${extra === undefined ? '' : `; ${extra}`}`, 500);
  });
}

const configKeys = 'only the keys in config/schema.json';

/** For a file clocklab writes that holds a run's config (its `config` key): the config's keys there, its own elsewhere. */
export const keysWrittenIn =
  (file: string) =>
  (path: readonly PropertyKey[]): string =>
    path[0] === 'config' ? configKeys : `only the keys clocklab writes in ${file}`;

/**
 * `not valid JSON (...)` with JSON.parse's message, which quotes the text at the fault: raw, a BOM looked like
 * nothing and a newline split the message in two.
 */
export function notJson(error: unknown, text?: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const said = printable(message, 200);
  if (text === undefined || !endsCut(message, text)) return `not valid JSON (${said})`;
  // A file cut short (a copy or a write that stopped) is said as such: the parser's position alone read as a typo.
  return `not valid JSON: it ends inside a value, after ${text.length} characters: cut short? (${said})`;
}

/** The parser stopped for want of text: at its end, or in a string that never closes. */
function endsCut(message: string, text: string): boolean {
  if (/Unexpected end of JSON input|Unterminated string/.test(message)) return true;
  const at = /at position (\d+)/.exec(message)?.[1];
  return at !== undefined && Number(at) >= text.trimEnd().length;
}

/**
 * `network.basePort: duplicate key "basePort" at 9:5 (line:column), first at 4:5; ...`: the key and its path cut
 * short, as a key can be megabytes long and a path thousands of levels deep, and the place must stay on the line.
 */
export function duplicateKey({ key, path, at, first }: DuplicateKey): string {
  const parts = path.map((part) => (typeof part === 'string' ? printable(part, 60) : part));
  const where = printable(fieldPath(parts), 200);
  return (
    `${where}: duplicate key "${printable(key, 60)}" at ${at.line}:${at.column} (line:column), ` +
    `first at ${first.line}:${first.column}; allowed: each key once per object`
  );
}

/**
 * Of two bounds broken by one field, only the tighter: `z.int()` checks the safe-integer range besides the schema's
 * own limit, so a seed of 1e20 broke `<= 9007199254740991` and `<= 2147483647` and both were said.
 */
function tightest(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const tighter = (a: z.core.$ZodIssue, b: z.core.$ZodIssue): boolean =>
    a.path.length === b.path.length &&
    a.path.every((part, i) => part === b.path[i]) &&
    ((a.code === 'too_big' && b.code === 'too_big' && Number(a.maximum) < Number(b.maximum)) ||
      (a.code === 'too_small' && b.code === 'too_small' && Number(a.minimum) > Number(b.minimum)));
  return issues.filter((issue) => !issues.some((other) => tighter(other, issue)));
}

export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** `found X; ` before what is allowed, or nothing when the issue does not carry its input. */
function found(issue: z.core.$ZodIssue): string {
  if (!('input' in issue)) return '';
  const input = issue.input;
  if (input === undefined) return 'found nothing; ';
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify writes as null: the line said "found null".
  if (typeof input === 'number' && !Number.isFinite(input)) return 'found a number too large to hold; ';
  const text = JSON.stringify(input);
  return `found ${text.length > 60 ? `${text.slice(0, 57)}...` : text}; `;
}

/** `a number`, `an object`, `an integer`: the kind zod expected, for a message. */
function kind(expected: string): string {
  if (expected === 'int') return 'an integer';
  return `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}

function describeIssue(issue: z.core.$ZodIssue, keys: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return `${found(issue)}allowed: ${kind(issue.expected)}`;
    case 'too_small':
      return `${found(issue)}allowed: ${bound(issue.origin, issue.inclusive ? '>=' : '>', issue.minimum)}`;
    case 'too_big':
      return `${found(issue)}allowed: ${bound(issue.origin, issue.inclusive ? '<=' : '<', issue.maximum)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${keys}`;
    case 'invalid_value':
      return `${found(issue)}allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      // A pattern's own message says what it allows in words ("allowed: ..."); the bare format name does not.
      return `${found(issue)}${issue.message.startsWith('allowed: ') ? issue.message : `allowed: ${issue.format}`}`;
    case 'not_multiple_of':
      return `${found(issue)}allowed: a multiple of ${String(issue.divisor)}`;
    case 'custom':
      // A refinement on an object has the whole object as input: too much for one line, and its message says enough.
      if (issue.message.startsWith('found') || typeof issue.input === 'object') return issue.message;
      return `${found(issue)}${issue.message}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return issue.message;
    default: {
      const never: never = issue;
      return String(never);
    }
  }
}

function bound(origin: string, op: string, limit: number | bigint | Date): string {
  const value = String(limit);
  switch (origin) {
    case 'array':
      return `${op} ${counted(Number(limit), 'entry', 'entries')}`;
    case 'string':
      return `${op} ${counted(Number(limit), 'character')}`;
    default:
      return `a value ${op} ${value}`;
  }
}
