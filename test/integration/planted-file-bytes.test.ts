/**
 * Bytes planted in a run's files (a CSV's header or field, the manifest) or in a config, as an adversarial tester
 * found them: each message that quotes them went to the terminal raw (ESC sequences set the window title and cleared
 * the screen; a zero-width mark looked like nothing; a JSON error spanned two lines; a byte-order mark, which
 * editors save, is read past). Every command must quote them escaped, one
 * line per message.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fixtureRun } from '../analysis/fixture-runs.js';
import { launcher, projectRoot, tempDir } from './cli-harness.js';

/** What a terminal acts on rather than shows: C0/C1 controls but the newline, DEL, bidi and invisible marks, BOM. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;

let root: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  root = await tempDir();
});
afterAll(() => root.remove());

/** A copy of the vectors fixture whose `file` is rewritten by `edit`. */
async function planted(name: string, file: string, edit: (text: string) => string): Promise<string> {
  const dir = join(root.path, name);
  await cp(fixtureRun('vectors'), dir, { recursive: true });
  const text = await readFile(join(dir, file), 'utf8');
  const changed = edit(text);
  expect(changed).not.toBe(text);
  await writeFile(join(dir, file), changed);
  return dir;
}

/** Runs each command on `dir`: its exit code and every line it printed. */
async function outputs(dir: string, commands: string[][]) {
  return Promise.all(
    commands.map(async (args) => {
      const result = await launcher([...args.slice(0, 1), dir, ...args.slice(1)], root.path);
      return { args, exitCode: result.exitCode, lines: String(result.all).split('\n') };
    }),
  );
}

const readers = [['analyze'], ['check'], ['export', '--format', 'shiviz']];

describe('bytes planted in a run folder are quoted escaped', () => {
  test.each([
    [
      'ESC sequences and a bidi override before the header',
      '\u001b[31mRED\u001b[0m\u202e',
      "'\\x1b[31mRED\\x1b[0m\\u202evm,",
    ],
    ['a zero-width space', '\u200b', "'\\u200bvm,"],
  ])('%s: the header message shows them as escapes', async (_, prefix, shown) => {
    const dir = await planted(`header-${prefix.length}`, 'vm-1.csv', (text) => `${prefix}${text}`);
    for (const { args, exitCode, lines } of await outputs(dir, readers)) {
      expect({ args, exitCode }).toEqual({ args, exitCode: 2 });
      expect(lines.filter((line) => unsafe.test(line))).toEqual([]);
      const message = lines.filter((line) => line.startsWith('unreadable: '));
      expect(message).toEqual([expect.stringContaining(`vm-1.csv: header is ${shown}`)]);
    }
  });

  test("an OSC title and a screen clear in a row's event: check and export quote them escaped", async () => {
    const dir = await planted('event', 'vm-1.csv', (text) =>
      text.replace(',receive,', ',\u001b]0;pwned\u0007\u001b[2J,'),
    );
    const [check, exported] = await outputs(dir, readers.slice(1));
    const found = "found event '\\x1b]0;pwned\\x07\\x1b[2J'; expected receive, send or internal";
    expect(check?.exitCode).toBe(1);
    expect(check?.lines).toContain(`row-format: vm-1.csv tick 1 (line 3): ${found}`);
    expect(exported?.exitCode).toBe(1);
    expect(exported?.lines).toContain(`not exportable: ${join(dir, 'vm-1.csv')} line 3: ${found}`);
    for (const output of [check, exported]) expect(output?.lines.filter((line) => unsafe.test(line))).toEqual([]);
  });

  test('a BOM before the manifest (saved by an editor): read past, as before a config; nothing unsafe printed', async () => {
    const dir = await planted('manifest-bom', 'manifest.json', (text) => `\ufeff${text}`);
    for (const { args, exitCode, lines } of await outputs(dir, readers)) {
      expect({ args, exitCode }).toEqual({ args, exitCode: 0 });
      expect(lines.filter((line) => unsafe.test(line))).toEqual([]);
    }
  });
});

test('a BOM before a config (saved by Notepad): read as if it were not there; nothing unsafe printed', async () => {
  const config = join(root.path, 'bom.json');
  await writeFile(config, `\ufeff${await readFile(join(projectRoot, 'config/default.json'), 'utf8')}`);
  const result = await launcher(['run', config, '--engine', 'sim', '--out', join(root.path, 'ran')], root.path);
  expect(result.exitCode).toBe(0);
  expect(
    String(result.all)
      .split('\n')
      .filter((line) => unsafe.test(line)),
  ).toEqual([]);
});
