/**
 * A host's network cut before the run's start (network namespaces over ssh, test-hosts.ts): the cut comes from a
 * stand-in for ssh that takes the host's link down at one exact point of its VM's channel, so no timing decides it:
 * as the VM's hello passes (the launcher knows its pid, and never gets to send it the start), or as the start passes
 * on its way to the VM (the launcher sent it; it never arrived). Neither VM wrote a row, and the launcher cannot reach
 * the host to look: it must not say rows stay there. Needs root and /usr/sbin/sshd (fails saying so otherwise).
 */
import { existsSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { silentChannelMs } from '../../shared/remote-messages.js';
import { launcher, projectRoot, readManifest, waitForLine, waitUntilGone } from './cli-harness.js';
import { type HostsSuite, onTestHosts, runOnTestHosts } from './hosts-suite.js';
import type { TestHosts } from './test-hosts.js';

/**
 * ssh, run as CUT_REAL_SSH, except that on the session to CUT_DEST the host's link (CUT_VETH) goes down the moment
 * CUT_MARK passes: in the VM's output (`hello`) before the launcher reads it, or in the launcher's input (`start`)
 * before ssh gets it. Stays in the launcher's process group for ssh clients, so it ends with the client it stands for.
 * With CUT_SHELL_FIRST, the launcher's own session to CUT_DEST (`exec sh`) notices a cut in about 2 s, where a VM's
 * takes 6-8 s: the launcher knows that session lost before it loses the VM. Each session to CUT_DEST is noted in
 * CUT_LOG (`cut`, then `shell` or `vm` as each starts).
 */
const cuttingSsh = `
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
const { CUT_REAL_SSH, CUT_DEST, CUT_VETH, CUT_MARK, CUT_ON, CUT_SHELL_FIRST, CUT_LOG } = process.env;
const args = process.argv.slice(2);
const toDest = args.includes(CUT_DEST);
const shell = toDest && args.at(-1) === 'exec sh';
const note = (what) => appendFileSync(CUT_LOG, what + String.fromCharCode(10));
if (toDest) note(shell ? 'shell' : args.some((a) => a.includes('--stdio')) ? 'vm' : 'other');
// ssh keeps an option's first value: these come before the launcher's.
const alive = shell && CUT_SHELL_FIRST === '1' ? ['-o', 'ServerAliveInterval=1', '-o', 'ServerAliveCountMax=1'] : [];
const child = spawn('sh', ['-c', CUT_REAL_SSH + ' "$@"', 'ssh', ...alive, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
const watched = toDest && args.some((a) => a.includes('--stdio'));
let tail = '';
let cut = false;
const watch = (chunk) => {
  if (!watched || cut) return;
  const text = tail + chunk.toString('latin1');
  tail = text.slice(-CUT_MARK.length);
  if (!text.includes(CUT_MARK)) return;
  cut = true;
  execFileSync('ip', ['link', 'set', CUT_VETH, 'down']);
  note('cut');
};
child.stdout.on('data', (chunk) => {
  if (CUT_ON === 'out') watch(chunk);
  process.stdout.write(chunk);
});
process.stdin.on('data', (chunk) => {
  if (CUT_ON === 'in') watch(chunk);
  child.stdin.write(chunk);
});
process.stdin.on('end', () => child.stdin.end());
child.stdin.on('error', () => {});
process.stdout.on('error', () => {});
child.on('exit', (code) => process.exit(code ?? 255));
`;

describe('several hosts: one cut off before the start', () => {
  let testHosts: TestHosts;
  let dir: { path: string; remove(): Promise<void> };
  let suite: HostsSuite;
  let wrapper: string;

  onTestHosts(2, { machines: 2, clockRates: [20, 30], durationSeconds: 30, seed: 5 }, (made) => {
    suite = made;
    ({ testHosts, dir } = made);
  });
  beforeAll(async () => {
    wrapper = join(dir.path, 'cutting-ssh.mjs');
    await writeFile(wrapper, cuttingSsh);
  });

  /**
   * Runs with h2's link cut as `mark` passes on VM 1's channel (`shellFirst`: the launcher's own session to h2 notices
   * first); returns the launcher's result, the run folder, and the sessions to h2 after the cut.
   */
  async function runCutAt(name: string, on: 'in' | 'out', mark: string, shellFirst = false) {
    const out = join(dir.path, name);
    const log = join(dir.path, `${name}.sessions`);
    const h2 = testHosts.hosts[1];
    if (h2 === undefined) throw new Error('no host h2');
    const cutting = { CUT_REAL_SSH: testHosts.sshCommand, CUT_DEST: h2.ssh, CUT_VETH: h2.veth, CUT_MARK: mark };
    const launched = runOnTestHosts(suite, out, {
      env: {
        CLOCKLAB_SSH_COMMAND: `node ${wrapper}`,
        ...{ ...cutting, CUT_ON: on, CUT_SHELL_FIRST: shellFirst ? '1' : '0', CUT_LOG: log },
      },
    });
    let runId = '';
    try {
      runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
      const result = await launched;
      // The VM there hears nothing from the launcher: it stops by itself (vm/stdio-channel.ts).
      expect(await waitUntilGone(testHosts.nodesIn(h2), silentChannelMs + 20_000)).toEqual([]);
      const sessions = (await readFile(log, 'utf8')).split('\n');
      const afterCut = sessions.slice(sessions.indexOf('cut') + 1).filter((line) => line !== '');
      return { result, out, h2, scratch: join(projectRoot, 'logs', `.remote-${runId}`), afterCut };
    } finally {
      testHosts.restoreNetwork(h2);
      launched.kill('SIGKILL');
      await launched;
      // A lost host keeps its run's scratch folder: these hosts share our disk.
      if (runId !== '') rmSync(join(projectRoot, 'logs', `.remote-${runId}`), { recursive: true, force: true });
    }
  }

  test('cut as its hello passes: the start is never sent to it, so no row of it stays on its host, none is said to, and the end opens no connection to it', async () => {
    const { result, out, afterCut } = await runCutAt('cut-at-hello', 'out', '"type":"hello"', true);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/VM 1 .*host h2/);
    expect(result.stderr).not.toMatch(/stay on host/);
    expect(result.stderr).toMatch(
      /vm1: no row of it stays on host h2 \([^)]*\): it was never sent the start, so it wrote none \(not asked: the launcher's session there was lost too\)/,
    );
    // The launcher had lost its own session to h2 before it lost VM 1: it did not wait on a new one at the end.
    expect(afterCut).toEqual([]);
    const manifest = await readManifest(out);
    expect(manifest.vms[1]?.rowsOnHost).toBeUndefined();
  }, 120_000);

  test('cut as its start passes: no row of it arrived, so its rows stay on its host only if the start reached it', async () => {
    const { result, out, h2, scratch } = await runCutAt('cut-at-start', 'in', '"type":"start"');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/run failed: VM 1 was lost: host h2 /);
    const file = join(scratch, 'vm-1.csv');
    expect(result.stderr).toContain(
      `vm1: no row of it came after its start was sent; if the start reached it, its rows after byte 0 stay on host h2 (${h2.ssh}) in ${file} (`,
    );
    // What is true on the host: the start never reached it, so it never made its CSV.
    expect(existsSync(file)).toBe(false);
    const manifest = await readManifest(out);
    expect(manifest.vms[1]?.rowsOnHost).toEqual({
      host: 'h2',
      file,
      fromByte: 0,
      why: expect.any(String),
      ifStarted: true,
    });
    // `analyze` says it where it speaks of that VM's rows.
    const analyzed = await launcher(['analyze', out], dir.path);
    // Lines wrap at 80 columns off a terminal.
    expect(analyzed.stdout.replace(/\n +/g, ' ')).toContain(
      `VM 1: no row of it came after its start was sent; if the start reached it, its rows from byte 0 of its CSV stay on host h2 in ${file} (`,
    );
  }, 120_000);
});
