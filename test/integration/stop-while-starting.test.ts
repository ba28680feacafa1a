/**
 * A stop signal to the launcher's process group while its modules still load (the first ~0.5 s of any command): one
 * line, exit 130, and no run folder, every time. The entry prints a marker (CLOCKLAB_STARTUP_MARKER) the instant its
 * guard is in place; the signal follows it at once, so it lands while the command line's code loads.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcherBin, projectRoot, tempDir, track, waitForLine } from './cli-harness.js';

const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const rounds = 12;

describe('a stop signal while the launcher starts', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir?.remove());

  test(`${rounds} runs signalled as soon as the entry runs: one line, exit 130, no folder`, async () => {
    let late = 0;
    for (let round = 0; round < rounds; round++) {
      const signal = signals[round % signals.length] ?? 'SIGINT';
      // A missing parent, as logs/ is on a fresh clone: it must not be left behind either.
      const out = join(dir.path, `logs-${round}`, 'run');
      const launched = track(
        execaNode(launcherBin, ['run', join(projectRoot, 'config/default.json'), '--out', out], {
          cwd: dir.path,
          reject: false,
          detached: true,
          env: { CLOCKLAB_STARTUP_MARKER: '1' },
        }),
        { group: true },
      );
      await waitForLine(launched.stderr, /^startup guarded$/m);
      process.kill(-(launched.pid ?? 0), signal);
      const ended = await launched;
      const lines = String(ended.stderr)
        .split('\n')
        .filter((line) => line !== 'startup guarded');
      // This process sent the signal late (its own loop held up by the other test files' workers: seen once in five
      // CI runs): the launcher had loaded and begun the run, and ended it as an interrupted run does. Counted apart.
      if (lines[0]?.startsWith('clocklab run ') === true) {
        expect({ last: lines.at(-1), exitCode: ended.exitCode }).toEqual({
          last: expect.stringMatching(/^run interrupted before the start: stopped by a signal to the launcher;/),
          exitCode: 130,
        });
        late += 1;
        continue;
      }
      expect({ round, signal, lines, stdout: ended.stdout, exitCode: ended.exitCode }).toEqual({
        round,
        signal,
        lines: [`launcher interrupted (${signal}) while starting: nothing was started or written`],
        stdout: '',
        exitCode: 130,
      });
      await expect(access(join(dir.path, `logs-${round}`))).rejects.toThrow();
    }
    // Most signals land while the modules load, as sent.
    expect(late).toBeLessThanOrEqual(rounds / 4);
  }, 60_000);
});
