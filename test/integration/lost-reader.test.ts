/**
 * `launcher analyze RUN | true`, `launcher compare A B --html PAGE | true`: the reader goes away before the command
 * has said anything. What it says is lost, not its work: summary.json and the page are written, exit 0 (a stop
 * signal's handler once took the hangup raised for the lost output as a real one and ended the command, 129).
 */
import { cp, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { launcherBin, tempDir, track } from './cli-harness.js';

const fixture = fileURLToPath(new URL('../fixtures/runs/basic', import.meta.url));

/** The built CLI with its standard output's reader gone before the first write. */
async function withReaderGone(args: string[], cwd: string) {
  const child = track(execa(process.execPath, [launcherBin, ...args], { cwd, reject: false, stdout: 'pipe' }));
  child.stdout?.destroy();
  return child;
}

describe('the reader of standard output goes away', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    await cp(fixture, join(dir.path, 'a'), { recursive: true });
    await cp(fixture, join(dir.path, 'b'), { recursive: true });
  });
  afterAll(() => dir.remove());

  test('analyze still writes summary.json, exit 0', async () => {
    const result = await withReaderGone(['analyze', join(dir.path, 'a')], dir.path);
    expect(result.exitCode).toBe(0);
    const summary = JSON.parse(await readFile(join(dir.path, 'a', 'summary.json'), 'utf8'));
    expect(summary.runId).toBe('basic');
  });

  test('compare --html still writes its page, exit 0', async () => {
    const page = join(dir.path, 'compare.html');
    const result = await withReaderGone(
      ['compare', join(dir.path, 'a'), join(dir.path, 'b'), '--html', page],
      dir.path,
    );
    expect(result.exitCode).toBe(0);
    expect((await stat(page)).size).toBeGreaterThan(1000);
  });
});
