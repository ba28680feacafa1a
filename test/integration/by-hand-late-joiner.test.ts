/**
 * A VM by hand restarted into its running session with the session's own CLOCKLAB_SECRET, the way it was found: VM
 * 2's terminal is closed mid-run and VM 2 started again. Its links pass the handshake, so it used to wait for start
 * proposals that never come, for its 300 s connect timeout. It must stop at once with one line and exit 3, leave the
 * killed VM 2's rows as they were, and the two VMs still running must go on to a whole run.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { type CsvRow, ctrlC, launcherBin, readCsv, tempDir, track, waitForRows } from './cli-harness.js';
import { freeBasePort } from './free-ports.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';

/** The rows of the VMs that ran to the end, as if VM `gone` never existed: its copies are accounted elsewhere. */
function withoutVm(rowsByVm: CsvRow[][], gone: number): CsvRow[][] {
  const fromGone = (row: CsvRow) => row.msg_id?.startsWith(`${gone}-`) === true;
  return rowsByVm.map((rows) =>
    rows.flatMap((row) => {
      if (row.event === 'receive' && fromGone(row)) return [];
      if (row.event !== 'send') return [row];
      const to = (row.peer ?? '').split(';').filter((peer) => peer !== String(gone));
      return to.length === 0 ? [] : [{ ...row, peer: to.join(';') }];
    }),
  );
}

describe('a VM by hand restarted into its running session', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  let basePort: number;
  const started: { pid?: number | undefined }[] = [];
  const secret = randomBytes(32).toString('hex');
  beforeEach(async () => {
    dir = await tempDir();
    basePort = await freeBasePort();
    config = join(dir.path, 'by-hand.json');
    const network = { host: '127.0.0.1', basePort };
    // Long enough never to end by itself during the test: it is stopped with a Ctrl-C once the restart was told.
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [20, 20, 20], durationSeconds: 600, network }));
  });
  afterEach(() => dir.remove());

  /** One VM as in its own terminal: leading its own process group, with the session's CLOCKLAB_SECRET. */
  const vm = (id: number, out: string) => {
    const child = track(
      execaNode(launcherBin, ['vm', '--id', String(id), config, '--out', out], {
        reject: false,
        detached: true,
        env: { ...process.env, CLOCKLAB_SECRET: secret },
      }),
      { group: true },
    );
    started.push(child);
    return child;
  };

  test('stops at once with exit 3 and one line; the killed VM keeps its rows, the others run whole', async () => {
    const out = join(dir.path, 'logs');
    try {
      const first = [vm(0, out), vm(1, out), vm(2, out)];
      const csv2 = join(out, 'vm-2.csv');
      await waitForRows(csv2, 5, Promise.race(first));
      const killed = started[2]?.pid;
      if (killed !== undefined) process.kill(-killed, 'SIGKILL');
      await first[2];
      const killedRows = await readFile(csv2, 'utf8');

      const restarted = await vm(2, out);
      expect(restarted.exitCode).toBe(3);
      const lines = restarted.stderr.split('\n');
      expect(lines).toHaveLength(2); // its "waiting for peers" line, then why it stopped
      const told = new RegExp(
        `^vm2: session-started: VM ([01]) says the by-hand session on ports ${basePort}-${basePort + 2} started at ` +
          '(\\S+Z) without this VM and is due to stop at (\\S+Z); it cannot be joined: let it end \\(or stop every ' +
          'VM\\), then start all 3 again$',
      ).exec(lines[1] ?? '');
      expect(told).not.toBeNull();
      const [, teller, startIso, stopIso] = told ?? [];
      expect([first[0]?.exitCode, first[1]?.exitCode]).toEqual([null, null]);

      ctrlC(first[0] ?? {});
      const [vm0, vm1] = await Promise.all([first[0], first[1]]);
      // VM 1 was stopped by VM 0's Ctrl-C: the session was interrupted there too (by-hand-interrupted.test.ts).
      expect([vm0?.exitCode, vm1?.exitCode]).toEqual([130, 130]);
      expect((teller === '0' ? vm0 : vm1)?.stderr).toContain(
        `VM ${teller}: refused a connection or frame (from VM 2: dialed in after the session started; told so and closed)`,
      );

      // The survivors' runs are whole: every row they ticked is written, the Lamport rules hold, and every copy
      // between them is received once or pending at its stop.
      const rows = await Promise.all([0, 1].map(async (id) => (await readCsv(join(out, `vm-${id}.csv`))).rows));
      const stats = await Promise.all(
        [0, 1].map(async (id) => {
          const json = JSON.parse(await readFile(join(out, `vm-${id}.json`), 'utf8'));
          return json.stats as { ticks: number; pendingAtStop: string[] };
        }),
      );
      for (const [id, vmRows] of rows.entries()) {
        expect({ id, rows: vmRows.length }).toEqual({ id, rows: stats[id]?.ticks });
        expectLamportRows(vmRows);
      }
      expect(rows[0]?.length).toBeGreaterThan(5);
      const pending = stats.map((s) => s.pendingAtStop.filter((id) => !id.startsWith('2-')));
      expectEveryMessageAccounted(withoutVm(rows, 2), pending);

      // The start the restarted VM was told is the one the survivors ticked from (to the millisecond of their
      // system_time, which a busy machine can only delay), and the stop is that start plus the config's 600 s.
      const tickedFrom = Math.min(
        ...(rows[0] ?? []).map((row) => Date.parse(row.system_time ?? '') - Number(row.elapsed_ms)),
      );
      expect(Math.abs(tickedFrom - Date.parse(startIso ?? ''))).toBeLessThanOrEqual(2);
      expect(Date.parse(stopIso ?? '') - Date.parse(startIso ?? '')).toBe(600_000);

      // The restarted VM wrote nothing: the killed VM 2's rows are as they were, and no file was added.
      expect(await readFile(csv2, 'utf8')).toBe(killedRows);
      expect((await readdir(out)).sort()).toEqual(['vm-0.csv', 'vm-0.json', 'vm-1.csv', 'vm-1.json', 'vm-2.csv']);
    } finally {
      for (const child of started.splice(0)) {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // ended already
        }
      }
    }
  }, 60_000);
});
