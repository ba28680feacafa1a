/**
 * The experiment folder is claimed by one `launcher experiment`: a second one on the same --out stops before it reads
 * or moves anything (it used to move the first one's running trials aside), and a claim left by a killed command is
 * taken over rather than blocking the folder for ever.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcher, readManifest, tempDir } from './cli-harness.js';

// Trials of real processes for 2 s each: two launchers started together always overlap.
const processes = {
  name: 'pair',
  base: { machines: 2, durationSeconds: 2 },
  trials: 1,
  seed: 5,
  variants: [{ name: 'base' }],
};
const sim = { ...processes, name: 'sims', base: { ...processes.base, engine: 'sim' } };

describe('the experiment folder is claimed by one launcher', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
    await writeFile(join(dir.path, 'pair.json'), JSON.stringify(processes));
    await writeFile(join(dir.path, 'sims.json'), JSON.stringify(sim));
  });
  afterAll(() => dir.remove());

  test('of two experiments started at one instant on one --out, exactly one runs; 3 times', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const out = join(dir.path, `both-${attempt}`);
      const pair = await Promise.all([
        launcher(['experiment', 'pair.json', '--out', out], dir.path),
        launcher(['experiment', 'pair.json', '--out', out], dir.path),
      ]);
      // Exactly one ran the trial. The other either met its claim (exit 2), or, on a machine so loaded that it
      // started only after the first had finished, found the trial complete and ran nothing.
      const ran = pair.filter((r) => /trial 1\/1 \(seed 5\): started/.test(r.stderr));
      expect({ attempt, ran: ran.map((r) => r.exitCode) }).toEqual({ attempt, ran: [0] });
      const other = pair.find((r) => !ran.includes(r));
      const otherSaid = other?.exitCode === 2 ? other.stderr.trim() : `exit ${other?.exitCode}: ${other?.stderr}`;
      expect({ attempt, other: otherSaid }).toEqual({
        attempt,
        other: expect.stringMatching(
          /^experiment folder: .* is being used by another launcher( \(pid \d+\))?;|^exit 0: .*1 complete already, 0 to run/s,
        ),
      });
      // The winner's trial was never moved aside: it is complete, valid, and nothing is left claimed.
      expect((await readdir(out)).sort()).toEqual(['base', 'plan.json', 'summary.html', 'summary.json', 'summary.md']);
      const trial = join(out, 'base', 'trial-1');
      expect((await readManifest(trial)).status).toBe('ok');
      const check = await launcher(['check', trial], dir.path);
      expect({ attempt, check: check.exitCode, out: check.stdout }).toMatchObject({ attempt, check: 0 });
    }
  }, 180_000);

  test('a claim left by a command that died is taken over with one line', async () => {
    const out = join(dir.path, 'stale');
    const dead = execaNode('-e', ['']);
    await dead;
    const first = await launcher(['experiment', 'sims.json', '--out', out], dir.path);
    expect(first.exitCode).toBe(0);
    // As a killed experiment leaves it: its claim, and its trial's.
    await writeFile(join(out, '.launcher-claim'), `${dead.pid}\n`);
    await writeFile(join(out, 'base', 'trial-1', '.launcher-claim'), `${dead.pid}\n`);
    const again = await launcher(['experiment', 'sims.json', '--out', out], dir.path);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain(
      `${out}: took over the claim of launcher pid ${dead.pid}, which is no longer running`,
    );
    expect(await readdir(out)).not.toContain('.launcher-claim');
  });
});
