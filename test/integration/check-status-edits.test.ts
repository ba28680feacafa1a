/**
 * `launcher check` and `analyze` on real run folders whose manifest's status or per-VM figures were edited by hand,
 * as an adversarial user found them passing: a failed and an interrupted run made ok, an ok run made failed, and a
 * queue_len cell raised past the manifest's maxQueue. Each run as written checks valid; each edited copy fails check
 * (exit 1) and analyze says so in one line (exit 5).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  ctrlC,
  fiveTicksRun,
  launcher,
  launcherInOwnGroup,
  readManifest,
  tempDir,
  threeVmsStarted,
  waitForLine,
  waitForRows,
} from './cli-harness.js';

type Json = Record<string, unknown>;

/** analyze runs the rules of each VM's own rows and manifest entry in its read: not those across VMs. */
const acrossVms = 'the rules across VMs were not run here';

const okRule =
  "failed or interrupted (an ok run's VMs each end done at its end, or down from an injected kill of the config)";

describe("check and analyze on a real run's folder whose status or figures were edited", () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  /** A copy of `run` with its manifest passed through `edit` (and vm-0.csv through `rows`). */
  async function edited(run: string, name: string, edit: (m: Json) => Json, rows = (text: string) => text) {
    const copy = join(dir.path, name);
    await cp(run, copy, { recursive: true });
    const file = join(copy, 'manifest.json');
    await writeFile(file, JSON.stringify(edit(JSON.parse(await readFile(file, 'utf8')) as Json), null, 2));
    await writeFile(join(copy, 'vm-0.csv'), rows(await readFile(join(copy, 'vm-0.csv'), 'utf8')));
    return copy;
  }

  /** check's finding lines and exit, and analyze's hand-edit line and exit. */
  async function judged(copy: string) {
    const check = await launcher(['check', copy], dir.path);
    const analyze = await launcher(['analyze', copy], dir.path);
    return {
      check: check.exitCode,
      findings: check.stdout.split('\n').filter((line) => /^[a-z-]+: (vm-\d+\.csv|manifest\.json)/.test(line)),
      analyze: analyze.exitCode,
      said: analyze.stderr.split('\n').filter((line) => line.startsWith('figures from a folder that fails check')),
    };
  }

  /** `line` the one finding of check (exit 1), and analyze's first, said before its figures (exit 5). */
  const failsWith = (copy: string, line: string) => ({
    check: 1,
    findings: [line],
    analyze: 5,
    said: [
      `figures from a folder that fails check: 1 violation, first: ${line} (launcher check ${copy} for all; ${acrossVms})`,
    ],
  });

  const withoutReason = ({ reason: _, ...m }: Json): Json => m;

  test('a failed run (VM 1 SIGKILLed) edited to ok without its reason', async () => {
    const config = join(dir.path, 'failing.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRate: { min: 5, max: 5 }, durationSeconds: 10 }));
    const out = join(dir.path, 'failed');
    const run = launcher(['run', config, '--out', out], dir.path);
    const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
    await waitForRows(join(out, 'vm-1.csv'), 3, run);
    process.kill(pids[1] ?? 0, 'SIGKILL');
    const made = await run;
    expect({ exit: made.exitCode, check: made.stdout.match(/^check: (valid|\d+ violation)/m)?.[1] }).toEqual({
      exit: 1,
      check: 'valid',
    });
    expect((await readManifest(out)).vms[1]?.exit).toBe('killed by SIGKILL');
    const line = `manifest-status: manifest.json: found status ok, but VM 1's exit is "killed by SIGKILL" (2 other VMs did not end done at the run's end either); expected ${okRule}`;
    const copy = await edited(out, 'failed-ok', (m) => ({ ...withoutReason(m), status: 'ok' }));
    expect(await judged(copy)).toEqual(failsWith(copy, line));
  });

  test('an interrupted run edited to ok without its reason and stoppedAtMs', async () => {
    const config = join(dir.path, 'long.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRate: { min: 5, max: 5 }, durationSeconds: 30 }));
    const out = join(dir.path, 'interrupted');
    const run = launcherInOwnGroup(['run', config, '--out', out], dir.path);
    await waitForRows(join(out, 'vm-0.csv'), 5, run);
    ctrlC(run);
    expect((await run).exitCode).toBe(130);
    expect((await launcher(['check', out], dir.path)).exitCode).toBe(0);
    const copy = await edited(out, 'interrupted-ok', (m) => {
      const { stoppedAtMs: _, ...rest } = withoutReason(m);
      return { ...rest, status: 'ok' };
    });
    const judgedCopy = await judged(copy);
    expect(judgedCopy).toEqual({
      check: 1,
      findings: [
        `manifest-status: manifest.json: found status ok, but VM 0 stopped early (stoppedEarly true) (2 other VMs did not end done at the run's end either); expected ${okRule}`,
      ],
      analyze: 5,
      said: [expect.stringMatching(/^figures from a folder that fails check: 1 violation, first: manifest-status: /)],
    });
  });

  describe('on a run that ended ok', () => {
    let run: string;
    beforeAll(async () => {
      run = await fiveTicksRun(dir.path);
    });

    test('edited to failed with an invented reason', async () => {
      const copy = await edited(run, 'ok-failed', (m) => ({ ...m, status: 'failed', reason: 'VM 2 ran out of disk' }));
      expect(await judged(copy)).toMatchObject({
        check: 1,
        findings: [
          'manifest-status: manifest.json: found status failed (reason "VM 2 ran out of disk"); expected ok or interrupted: no VM was killed, died or stopped on its own (each ended done, at the run\'s end or at a stop the launcher set, or down from an injected kill with no restart planned)',
        ],
        analyze: 5,
      });
    });

    test("a queue_len cell edited to 50: the manifest's maxQueue is not the rows' highest", async () => {
      const manifest = await readManifest(run);
      const maxQueue = manifest.vms[0]?.maxQueue;
      // The last row's queue_len (the 8th column): 0 or more, below 50 in a 2 s run of three VMs at 5/s.
      const raised = (text: string) => {
        const lines = text.trimEnd().split('\n');
        const cells = (lines.at(-1) ?? '').split(',');
        cells[7] = '50';
        return `${[...lines.slice(0, -1), cells.join(',')].join('\n')}\n`;
      };
      const copy = await edited(run, 'queue-50', (m) => m, raised);
      const line = `manifest-figures: vm-0.csv: found maxQueue ${maxQueue} in manifest.json; expected 50, the highest queue_len of the rows of vm-0.csv`;
      expect(await judged(copy)).toEqual(failsWith(copy, line));
    });
  });
});
