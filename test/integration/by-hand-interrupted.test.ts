/**
 * Three VMs by hand, each in a terminal of its own (its own process group), and a Ctrl-C in VM 0's: every VM stops at
 * one instant, and each of the others says in one line that VM 0 interrupted the session and that its rows are whole
 * up to the stop, and exits 130 as VM 0 does (they exited 0 with their ordinary line, as if the session had run its
 * course). `launcher check` finds the folder valid.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { ctrlC, launcher, launcherBin, readCsv, tempDir, track, waitForRows } from './cli-harness.js';
import { freeBasePort } from './free-ports.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';

describe('a session of VMs by hand interrupted in one terminal', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  const started: { pid?: number | undefined }[] = [];
  beforeEach(async () => {
    dir = await tempDir();
    const network = { host: '127.0.0.1', basePort: await freeBasePort() };
    // Long enough never to end by itself during the test: only the Ctrl-C ends it.
    config = join(dir.path, 'by-hand.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [20, 30, 40], durationSeconds: 600, network }));
  });
  afterEach(async () => {
    for (const child of started.splice(0)) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ended already
      }
    }
    await dir.remove();
  });

  test('the others name VM 0 in one line, their rows complete up to the stop, and exit 130', async () => {
    const out = join(dir.path, 'logs');
    const vms = [0, 1, 2].map((id) => {
      const child = track(
        execaNode(launcherBin, ['vm', '--id', String(id), config, '--out', out], { reject: false, detached: true }),
        { group: true },
      );
      started.push(child);
      return child;
    });
    await waitForRows(join(out, 'vm-2.csv'), 20, Promise.race(vms));
    ctrlC(vms[0] ?? {});
    const results = await Promise.all(vms);
    expect(results.map((r) => r.exitCode)).toEqual([130, 130, 130]);

    const stats = await Promise.all(
      [0, 1, 2].map(async (id) => JSON.parse(await readFile(join(out, `vm-${id}.json`), 'utf8')).stats),
    );
    const rows = await Promise.all([0, 1, 2].map(async (id) => (await readCsv(join(out, `vm-${id}.csv`))).rows));
    const lastLines = results.map((r) => r.stderr.trim().split('\n').at(-1) ?? '');
    // VM 0 was interrupted itself: its own line, as before.
    expect(lastLines[0]).toMatch(/^vm0: \d+ ticks, sent \d+, received \d+, final clock \d+, \d+ still queued; wrote /);
    const stops = new Set<string>();
    for (const id of [1, 2]) {
      const said = new RegExp(
        `^vm${id}: session interrupted by VM 0 \\(Ctrl-C or SIGTERM there\\): every VM stopped at (\\S+Z); ` +
          `(\\d+) ticks, sent \\d+, received \\d+, final clock \\d+, \\d+ still queued; its rows are complete up to ` +
          `the stop: wrote ${out}/vm-${id}\\.csv and ${out}/vm-${id}\\.json$`,
      ).exec(lastLines[id] ?? '');
      expect({ id, line: lastLines[id], said: said !== null }).toEqual({ id, line: lastLines[id], said: true });
      // Its rows are complete: as many as it says it ticked, and as the VM's figures say.
      expect({ id, rows: rows[id]?.length }).toEqual({ id, rows: Number(said?.[2]) });
      expect({ id, rows: rows[id]?.length }).toEqual({ id, rows: stats[id]?.ticks });
      expect(stats[id]?.stoppedEarly).toBe(true);
      stops.add(said?.[1] ?? '');
    }
    expect(stops.size).toBe(1); // both name the one instant VM 0 proposed
    for (const vmRows of rows) expectLamportRows(vmRows);
    expectEveryMessageAccounted(
      rows,
      stats.map((s) => s.pendingAtStop),
    );
    // launcher check judges the folder with the VMs' vm-K.json files, the Ctrl-C's stop they recorded included: valid.
    const check = await launcher(['check', out], dir.path);
    expect({ exit: check.exitCode, lines: check.stdout.split('\n').slice(0, 2) }).toEqual({
      exit: 0,
      lines: [
        expect.stringMatching(/^valid: /),
        'by hand: no manifest.json, so each VM is held to its vm-K.json; every rule judged',
      ],
    });
  }, 60_000);
});
