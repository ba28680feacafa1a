/**
 * The run folders of a comparison, each once: `compare two two` compared a folder with itself without a word. A
 * folder is the same under another name (`./two`, a link such as logs/latest) when its real path is; one that cannot
 * be resolved (missing) keeps its path, and the reading of it says what is wrong.
 */
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { printable } from '../shared/printable-text.js';

export type DistinctRuns = {
  /** The folders in the order given, each at its first place. */
  dirs: string[];
  /** `note: two is given twice; compared once`, one per folder given more than once. */
  notes: string[];
};

export async function distinctRuns(given: readonly string[]): Promise<DistinctRuns> {
  const seen = new Map<string, { dir: string; times: number }>();
  for (const dir of given) {
    const key = await realpath(dir).catch(() => resolve(dir));
    const entry = seen.get(key);
    if (entry === undefined) seen.set(key, { dir, times: 1 });
    else entry.times += 1;
  }
  const entries = [...seen.values()];
  return {
    dirs: entries.map((entry) => entry.dir),
    notes: entries
      .filter((entry) => entry.times > 1)
      .map(
        (entry) =>
          `note: ${printable(entry.dir)} is given ${entry.times === 2 ? 'twice' : `${entry.times} times`}; compared once`,
      ),
  };
}
