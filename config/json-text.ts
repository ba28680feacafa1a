/**
 * A user-editable JSON file's text (a config, an experiment file, a manifest edited by hand) parsed strictly:
 * JSON.parse, then refused if an object gives a key twice, which JSON.parse would take silently, keeping the last.
 * Problems are lines without the file's name (the caller puts it first). A UTF-8 byte-order mark before the JSON (as
 * Notepad or Excel save a file) is read past: it is no part of the text, and JSON.parse would refuse it.
 */
import { counted } from '../shared/counted.js';
import { duplicateKeys } from './duplicate-keys.js';
import { duplicateKey, notJson } from './format-issues.js';

export type JsonText =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'not-json' | 'duplicate-key'; problems: string[] };

/** Past this many duplicate keys one line says how many more: a generated file can repeat one thousands of times. */
const shownDuplicates = 10;

export function parseJsonText(raw: string): JsonText {
  const text = raw.startsWith('\ufeff') ? raw.slice(1) : raw;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'not-json', problems: [notJson(error, text)] };
  }
  const duplicates = duplicateKeys(text, shownDuplicates);
  if (duplicates.total === 0) return { ok: true, value };
  const problems = duplicates.shown.map(duplicateKey);
  const more = duplicates.total - shownDuplicates;
  if (more > 0) problems.push(`and ${counted(more, 'more duplicate key')}`);
  return { ok: false, reason: 'duplicate-key', problems };
}
