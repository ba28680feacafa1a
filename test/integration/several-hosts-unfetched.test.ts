/**
 * A VM killed and restarted on another host whose rows after its last relay cannot be fetched: they are kept on that
 * host, not cut off by the restart, and the run says where; fetched on the second try (before the restart), they
 * are in the run folder. The fetch fails for real: `base64` in the launcher's shell session on h2 answers junk (the
 * ssh command puts a stand-in first on that session's PATH; the VMs' own sessions are untouched). Network namespaces
 * over ssh (test-hosts.ts); needs root and /usr/sbin/sshd (fails saying so otherwise).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { readRunManifest } from '../../run-folder/run-manifest.js';
import { launcherBin, projectRoot, readCsv, track } from './cli-harness.js';
import { onTestHosts, runOnTestHosts } from './hosts-suite.js';
import type { TestHosts } from './test-hosts.js';

/**
 * VM 1 (on h2) at 100 ticks/s, killed at 2.4 s: a quarter of a second after its progress report of 2.17 s (each
 * VM's every 500 ms, VM 1's a third of the way in), so about 23 rows past its last relay are on h2 only.
 */
const run = {
  machines: 3,
  clockRates: [20, 100, 30],
  durationSeconds: 5,
  seed: 3,
  faults: { kills: [{ vm: 1, atSecond: 2.4, restartAfterSeconds: 1, clock: 'kept' }] },
};

const check = (out: string) => track(execaNode(launcherBin, ['check', out], { reject: false }));

describe("several hosts: a killed VM's rows its host would not give", () => {
  let testHosts: TestHosts;
  let dir: { path: string; remove(): Promise<void> };
  let config: string;

  onTestHosts(3, run, (made) => {
    ({ testHosts, dir, config } = made);
  });

  /**
   * The ssh command for these hosts, with h2's shell session (the launcher's fetches) finding a `base64` that answers
   * junk: always, or its first `fails` times only, then the real one.
   */
  async function junkBase64On(name: string, fails?: number): Promise<string> {
    const h2 = testHosts.hosts[1];
    if (h2 === undefined) throw new Error('no host h2');
    const bin = join(dir.path, `${name}-bin`);
    await mkdir(bin);
    const real = execFileSync('sh', ['-c', 'command -v base64'], { encoding: 'utf8' }).trim();
    const count = join(bin, 'calls');
    const junk =
      fails === undefined
        ? 'echo "not base64!"'
        : `n=$(cat '${count}' 2>/dev/null || echo 0); echo $((n + 1)) > '${count}'\n` +
          `if [ "$n" -lt ${fails} ]; then echo "not base64!"; else exec '${real}' "$@"; fi`;
    await writeFile(join(bin, 'base64'), `#!/bin/sh\n${junk}\n`, { mode: 0o755 });
    const wrapper = join(bin, 'ssh.sh');
    await writeFile(
      wrapper,
      [
        'args=("$@"); n=$#',
        `if [ "\${args[n-2]}" = '${h2.ssh}' ] && [ "\${args[n-1]}" = 'exec sh' ]; then`,
        `  args[n-1]="PATH='${bin}':\\$PATH exec sh"`,
        'fi',
        `exec ${testHosts.sshCommand} "\${args[@]}"`,
        '',
      ].join('\n'),
    );
    return `bash ${wrapper}`;
  }

  /** The run into `out` with that ssh command; its scratch folder (these hosts share our disk) is `scratch`. */
  async function runWith(out: string, ssh: string) {
    const result = await track(runOnTestHosts({ testHosts, dir, config }, out, { env: { CLOCKLAB_SSH_COMMAND: ssh } }));
    const read = await readRunManifest(out);
    if (!read.ok) throw new Error(`${read.detail}\n${result.stderr}`);
    const scratch = join(projectRoot, 'logs', `.remote-${read.facts.runId}`);
    return { result, facts: read.facts, scratch };
  }

  /**
   * The run, again (at most 5 times, each in a folder of its own) while its kill came only after a relay had taken
   * every row VM 1 wrote: the kill is due a quarter of a second after a relay, but on a busy machine it acted late
   * enough here (1 run in 3 while a CI ran, 3 in a row once and again with a helper's runs beside a CI) that the file
   * on h2 held nothing past the relay. The
   * fetch then learns from the file's size that nothing is missing and asks for nothing (before, the junk answer failed
   * it, and the restart said `holds nothing past byte`): right, and not the case these tests are for.
   */
  async function runWithRowsLeft(name: string, fails?: number) {
    for (let attempt = 1; ; attempt++) {
      const out = join(dir.path, `${name}-${attempt}`);
      const ran = { out, ...(await runWith(out, await junkBase64On(`${name}-${attempt}`, fails))) };
      if (attempt === 5 || String(ran.result.stderr).includes('vm1: could not fetch its rows')) return ran;
      rmSync(ran.scratch, { recursive: true, force: true });
    }
  }

  test('never fetched: the restart keeps them on h2 in a copy of their own, named by the run, check and the manifest', async () => {
    const { out, result, facts, scratch } = await runWithRowsLeft('kept');
    try {
      const aside = join(scratch, 'vm-1.life-1.csv');
      const runCsv = readFileSync(join(out, 'vm-1.csv'));
      const vm1 = facts.vms[1];
      expect(vm1?.rowsOnHost).toBeUndefined();
      expect(vm1?.earlierRowsOnHost).toEqual([
        { life: 1, host: 'h2', file: aside, fromByte: expect.any(Number), why: 'the answer was not base64' },
      ]);
      const fromByte = vm1?.earlierRowsOnHost?.[0]?.fromByte ?? 0;
      // The copy is the first life's file whole: what the run folder holds of it, then the rows only it holds.
      const copy = readFileSync(aside);
      expect(copy.subarray(0, fromByte)).toEqual(runCsv.subarray(0, fromByte));
      const onlyThere = copy
        .subarray(fromByte)
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== '');
      expect(onlyThere.length).toBeGreaterThan(5);
      expect(onlyThere.every((line) => line.startsWith('1,'))).toBe(true);
      // The run folder goes on from that byte with the second life, ticks later than the first life's last.
      const rows = (await readCsv(join(out, 'vm-1.csv'))).rows;
      const lastKept = Number(onlyThere.at(-1)?.split(',')[1]);
      const firstLifeRows = fromByte === 0 ? 0 : runCsv.subarray(0, fromByte).toString('utf8').split('\n').length - 2;
      expect(Number(rows[firstLifeRows]?.tick)).toBeGreaterThan(lastKept);
      const line = `VM 1: the rows its life 1 wrote from byte ${fromByte} of its CSV on are not in the run folder (its life 2 went on from that byte there): they stay on host h2 in ${aside} (the answer was not base64)`;
      expect(result.stderr).toContain(`could not fetch its rows after byte ${fromByte} from host h2`);
      expect(result.stderr).toContain(`they stay on host h2 (${testHosts.hosts[1]?.ssh}) in ${aside}`);
      const checked = await check(out);
      expect(checked.stdout).toContain(`note: ${line}`);
      // The second life numbered its sends and its own vector entry past any the kept rows hold: none is reused, and
      // check finds the run valid, the copies of the kept rows' sends (unknown here) counted in one note, exactly.
      const keptRows = onlyThere.map((text) => text.split(','));
      const keptIds = new Set(keptRows.filter((cells) => cells[2] === 'send').map((cells) => cells[9]));
      const number = (id: string | undefined) => Number(id?.split('-')[1]);
      const secondLife = rows.slice(firstLifeRows);
      const firstNew = secondLife.find((row) => row.event === 'send')?.msg_id;
      for (const id of keptIds) expect(number(firstNew)).toBeGreaterThan(number(id));
      const own = (cells: string) => (JSON.parse(cells) as Record<string, number>)['1'] ?? 0;
      const keptOwn = Math.max(
        ...keptRows.map((cells) => own(cells.slice(11).join(',').replace(/^"|"$/g, '').replace(/""/g, '"'))),
      );
      expect(own(secondLife[0]?.vector_clock ?? '{}')).toBeGreaterThan(keptOwn);
      const peersRows = [
        ...(await readCsv(join(out, 'vm-0.csv'))).rows,
        ...(await readCsv(join(out, 'vm-2.csv'))).rows,
      ];
      const listed = [0, 2].flatMap((id) => [
        ...(facts.vms[id]?.pendingAtStop ?? []),
        ...(facts.vms[id]?.dropped ?? []).map((key) => key.split('>')[0]),
      ]);
      const copies =
        peersRows.filter((row) => row.event === 'receive' && keptIds.has(row.msg_id)).length +
        listed.filter((id) => keptIds.has(id)).length;
      expect({ exit: checked.exitCode, verdict: checked.stdout.split('\n')[0] }).toEqual({
        exit: 0,
        verdict: expect.stringMatching(/^valid: /),
      });
      if (copies > 0) {
        expect(checked.stdout).toContain(
          `note: VM 1's life 1 sent ${copies} ${copies === 1 ? 'copy' : 'copies'} received, pending or dropped in rows that stay on host h2 in ${aside}: their sends are not in vm-1.csv, so they are not matched (its life 2 numbered its own past them)`,
        );
      }
      // Only the copy is left there: the other VMs' files, and VM 1's own (all of it in the run folder), went.
      expect(existsSync(scratch) && execFileSync('ls', [scratch], { encoding: 'utf8' })).toBe('vm-1.life-1.csv\n');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 180_000);

  test('fetched on the second try, before the restart: the rows are in the run folder, nothing stays on h2', async () => {
    const { out, result, facts, scratch } = await runWithRowsLeft('second-try', 1);
    try {
      expect(result.stderr).toMatch(
        /its rows after byte \d+, not fetched at its kill, were fetched from host h2 .* before its restart/,
      );
      expect([facts.vms[1]?.rowsOnHost, facts.vms[1]?.earlierRowsOnHost]).toEqual([undefined, undefined]);
      expect(existsSync(scratch)).toBe(false);
      const checked = await check(out);
      expect(checked.stdout).toMatch(/^valid: /);
      expect(result.exitCode).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 180_000);
});
