/**
 * A JSON record clocklab writes into a run folder and reads back without a manifest (run-start.json, vm-K.end.json):
 * a regular file up to `maxBytes`, valid JSON, its schema's shape. Absent is not a fault (null); anything else that
 * is not one such record is one line naming the file, with `problem` as its kind.
 */
import { basename } from 'node:path';
import type { z } from 'zod';
import { formatIssues, keysWrittenIn } from '../config/format-issues.js';
import { parseJsonText } from '../config/json-text.js';
import { readRegularText } from './regular-file.js';
import { type Unreadable, type UnreadableProblem, unreadable } from './unreadable.js';

export async function readRecordFile<Schema extends z.ZodType>(
  file: string,
  schema: Schema,
  maxBytes: number,
  problem: UnreadableProblem,
): Promise<{ ok: true; record: z.infer<Schema> } | Unreadable | null> {
  const read = await readRegularText(file, maxBytes);
  if (!read.ok) {
    if (read.code === 'ENOENT') return null;
    return unreadable(read.code === 'ENOTREG' ? 'not-a-file' : problem, file, read.detail);
  }
  const json = parseJsonText(read.text);
  if (!json.ok) return unreadable(problem, file, json.problems.join('; '));
  // reportInput: each issue carries the value found, which the message quotes.
  const parsed = schema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) {
    const keys = keysWrittenIn(basename(file));
    return unreadable(problem, file, formatIssues(parsed.error.issues, undefined, undefined, keys).join('; '));
  }
  return { ok: true, record: parsed.data };
}
