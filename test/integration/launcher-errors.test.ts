/** Bad input to the CLI: refused before any process starts, exit 2, one line naming what was wrong. */

import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fixtureRun } from '../analysis/fixture-runs.js';
import { launcher, projectRoot, tempDir } from './cli-harness.js';

describe('launcher refuses bad input', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('an invalid config exits 2 naming each bad field, and writes nothing', async () => {
    const config = join(dir.path, 'bad.json');
    await writeFile(config, JSON.stringify({ machines: 1, eventRange: 'ten', colour: 'red' }));
    const result = await launcher(['run', config, '--out', join(dir.path, 'run')], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/machines: found 1; allowed: a value >= 2/);
    expect(result.stderr).toMatch(/eventRange: found "ten"; allowed: a number/);
    expect(result.stderr).toMatch(/unknown key "colour"/);
    expect(await readdir(dir.path)).toEqual(['bad.json']);
  });

  test('a key given twice in a config or an experiment file: exit 2, one line with its place, nothing run', async () => {
    const own = await tempDir();
    try {
      // Edited by hand: the second clockRate would have won, silently.
      const config = [
        '{',
        '  "machines": 2,',
        '  "clockRate": { "min": 1, "max": 6 },',
        '  "clockRate": { "min": 5, "max": 5 },',
      ];
      await writeFile(join(own.path, 'twice.json'), [...config, '  "durationSeconds": 1', '}', ''].join('\n'));
      const run = await launcher(['run', 'twice.json'], own.path);
      expect({ exit: run.exitCode, stdout: run.stdout, stderr: run.stderr }).toEqual({
        exit: 2,
        stdout: '',
        stderr:
          'twice.json: clockRate: duplicate key "clockRate" at 4:3 (line:column), first at 3:3; allowed: each key once per object',
      });
      await writeFile(join(own.path, 'exp.json'), '{"variants":[{"name":"a"}],\r\n "trials":2, "trials":3}');
      const experiment = await launcher(['experiment', 'exp.json'], own.path);
      expect({ exit: experiment.exitCode, stdout: experiment.stdout, stderr: experiment.stderr }).toEqual({
        exit: 2,
        stdout: '',
        stderr:
          'exp.json: trials: duplicate key "trials" at 2:14 (line:column), first at 2:2; allowed: each key once per object',
      });
      // No run folder, no logs/: nothing started.
      expect((await readdir(own.path)).sort()).toEqual(['exp.json', 'twice.json']);
    } finally {
      await own.remove();
    }
  });

  test('a second kill of a VM while it is down is refused in one line, nothing run, in either engine', async () => {
    const own = await tempDir();
    try {
      // The processes engine lost the first kill's restart; the sim kept it.
      const kills = [
        { vm: 1, atSecond: 5, restartAfterSeconds: 1 },
        { vm: 1, atSecond: 5.5 },
      ];
      await writeFile(
        join(own.path, 'kills.json'),
        JSON.stringify({ machines: 3, durationSeconds: 10, speed: 10, faults: { kills } }),
      );
      for (const engine of ['processes', 'sim']) {
        const run = await launcher(['run', 'kills.json', '--engine', engine], own.path);
        expect({ exit: run.exitCode, stdout: run.stdout, stderr: run.stderr }).toEqual({
          exit: 2,
          stdout: '',
          stderr:
            'kills.json: faults.kills[1]: found a kill of VM 1 at 5.5 s while it is down from faults.kills[0] (killed at 5 s, restarted at 6 s); allowed: a kill of a running VM',
        });
      }
      expect(await readdir(own.path)).toEqual(['kills.json']);
    } finally {
      await own.remove();
    }
  });

  test('a missing config file exits 2', async () => {
    const result = await launcher(['run', join(dir.path, 'nope.json')], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/nope\.json: cannot read the config \(ENOENT\)/);
  });

  test('a bad flag value exits 2 naming the flag', async () => {
    const config = join(projectRoot, 'config/default.json');
    const result = await launcher(['run', config, '--clock-rate', '6-1'], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--clock-rate/);
    const seed = await launcher(['run', config, '--seed', '99999999999999999999'], dir.path);
    expect(seed.exitCode).toBe(2);
    expect(seed.stderr).toBe('--seed: found "99999999999999999999"; allowed: an integer from 0 to 2147483647');
    const hex = await launcher(['run', config, '--duration', '0x10'], dir.path);
    expect(hex.exitCode).toBe(2);
    expect(hex.stderr).toBe('--duration: found "0x10"; allowed: a decimal number > 0');
    // Past the config's limit: blamed on the flag, not on the config file.
    const fast = await launcher(['run', config, '--speed', '5000'], dir.path);
    expect({ exit: fast.exitCode, stderr: fast.stderr }).toEqual({
      exit: 2,
      stderr: '--speed: found 5000; allowed: a value <= 1000',
    });
  });

  test('analyze and check put errors on stderr: stdout holds the result alone (the JSON of analyze --json)', async () => {
    const run = join(dir.path, 'basic');
    await cp(fixtureRun('basic'), run, { recursive: true });
    // A folder under its name: summary.json cannot be written, even by root.
    await mkdir(join(run, 'summary.json', 'in-the-way'), { recursive: true });
    const analyze = await launcher(['analyze', run, '--json'], dir.path);
    // The figures are out whole: the summary not saved is a note, and analyze succeeded.
    expect(analyze.exitCode).toBe(0);
    expect(JSON.parse(analyze.stdout)).toMatchObject({ runId: 'basic' });
    expect(analyze.stderr).toMatch(
      /^note: .*\/summary\.json not saved: cannot write \(E[A-Z]+\); the figures are whole/,
    );
    for (const command of ['analyze', 'check']) {
      const missing = await launcher([command, join(dir.path, 'no-such-run')], dir.path);
      expect({ command, exit: missing.exitCode, stdout: missing.stdout }).toEqual({ command, exit: 2, stdout: '' });
      expect(missing.stderr).toMatch(/^unreadable: .*no-such-run: no such folder$/);
    }
  });

  test('usage errors are one line each, exit 2: a flag twice, a missing folder before a missing flag, RUN', async () => {
    const config = join(projectRoot, 'config/default.json');
    const said = async (args: string[]) => {
      const result = await launcher(args, dir.path);
      return { exit: result.exitCode, stderr: result.stderr, stdout: result.stdout };
    };
    expect(await said(['run', config, '--duration', '5', '--duration', '6'])).toEqual({
      exit: 2,
      stderr: '--duration: given twice ("5", then "6"); allowed: once',
      stdout: '',
    });
    // A switch twice, as a value flag twice: refused before the folder is looked at (there is none).
    expect(await said(['analyze', 'no-such-run', '--json', '--json'])).toEqual({
      exit: 2,
      stderr: '--json: given twice; allowed: once',
      stdout: '',
    });
    expect(await said(['export'])).toEqual({
      exit: 2,
      stderr: 'launcher export: missing <run-dir>; see launcher export --help',
      stdout: '',
    });
    expect(await said(['RUN', config])).toEqual({
      exit: 2,
      stderr: "launcher: unknown command 'RUN' (did you mean run?); see launcher --help",
      stdout: '',
    });
    expect(await said(['run', config, '--sed', '3'])).toEqual({
      exit: 2,
      stderr: '--sed: unknown option (did you mean --seed?); see launcher run --help',
      stdout: '',
    });
  });

  test('an unknown command exits 2; --help exits 0 and explains every option', async () => {
    expect((await launcher(['fly'], dir.path)).exitCode).toBe(2);
    const help = await launcher(['run', '--help'], dir.path);
    expect(help.exitCode).toBe(0);
    for (const flag of ['--out', '--machines', '--duration', '--seed', '--clock-rate', '--event-range']) {
      expect(help.stdout).toContain(flag);
    }
  });

  test("every command's --help says what each exit code it can give means; the program's, every code", async () => {
    // The codes each can give: 4 whenever its output cannot be written, 5 for the readers of a folder check rejects.
    const expected: Record<string, number[]> = {
      '': [0, 1, 2, 3, 4, 5, 130],
      run: [0, 1, 2, 4, 130],
      vm: [0, 1, 2, 3, 4, 130],
      experiment: [0, 1, 2, 4, 5, 130],
      analyze: [0, 2, 4, 5, 130],
      check: [0, 1, 2, 4, 130],
      export: [0, 1, 2, 4, 5, 130],
      report: [0, 1, 2, 4, 5, 130],
      compare: [0, 1, 2, 4, 5, 130],
    };
    const commands = Object.keys(expected);
    const helps = await Promise.all(
      commands.map((command) => launcher([...(command === '' ? [] : [command]), '--help'], dir.path)),
    );
    const said = helps.map((help, i) => {
      const line = /^Exit codes: [^\n]*\.$/m.exec(help.stdout)?.[0] ?? '';
      const codes = [...line.matchAll(/(?:^Exit codes: |, )(\d+) /g)].map((match) => Number(match[1]));
      return { command: commands[i], exit: help.exitCode, codes };
    });
    expect(said).toEqual(commands.map((command) => ({ command, exit: 0, codes: expected[command] })));
  });

  test('a VM by hand on a config with basePort 0 is refused with a clear line', async () => {
    const result = await launcher(['vm', '--id', '0', join(projectRoot, 'config/default.json')], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/basePort is 0; a VM run by hand needs fixed ports/);
  });

  test('an --out the file system will not make (/proc/x): exit 2 at once, one line, for run and experiment', async () => {
    // Node 20's recursive mkdir retried this for ever: the launcher spun at 100% CPU and never ended.
    const config = join(projectRoot, 'config/default.json');
    const out = `/proc/clocklab-test-${process.pid}/run`;
    const run = await launcher(['run', config, '--out', out, '--duration', '1'], dir.path);
    expect({ exit: run.exitCode, stderr: run.stderr }).toEqual({ exit: 2, stderr: `run folder: ${out}: ENOENT` });
    const experiment = await launcher(
      ['experiment', join(projectRoot, 'config/experiment.json'), '--out', out],
      dir.path,
    );
    expect(experiment.exitCode).toBe(2);
    expect(experiment.stderr).toBe(`experiment folder: ${out}: ENOENT`);
  });

  test('a run folder that already holds files is refused, not overwritten', async () => {
    const out = join(dir.path, 'used');
    await launcher(['run', join(projectRoot, 'config/default.json'), '--out', out, '--duration', '0.2'], dir.path);
    const again = await launcher(
      ['run', join(projectRoot, 'config/default.json'), '--out', out, '--duration', '0.2'],
      dir.path,
    );
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/already holds files/);
  });
});

describe('the network side stays on loopback unless asked', () => {
  test('a non-loopback host without allowNonLoopback is refused before anything starts', async () => {
    const dir = await tempDir();
    try {
      const config = join(dir.path, 'open.json');
      await writeFile(config, JSON.stringify({ network: { host: '0.0.0.0' } }));
      const result = await launcher(['run', config, '--out', join(dir.path, 'run')], dir.path);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/network\.host: found "0\.0\.0\.0"; allowed: a loopback address/);
    } finally {
      await dir.remove();
    }
  });
});
