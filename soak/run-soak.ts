/**
 * `npm run soak`: many short runs back to back through the built CLI, each judged by the checker and by the
 * machine itself afterwards. Reports runs ok, processes left behind, messages lost and ports left bound; exits 1
 * when any of the last three is not 0. Not part of `npm test`: it takes minutes.
 *
 * `npm run soak -- --interrupt [N]`: N runs each interrupted at a random instant through the launcher's process
 * group, as a terminal's Ctrl-C (interrupt-soak.ts).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { checkRun } from '../analysis/check-run.js';
import type { Manifest } from '../run-folder/manifest.js';
import { isAlive } from '../shared/process-alive.js';
import { badCount, interruptSoak } from './interrupt-soak.js';

const launcherBin = fileURLToPath(new URL('../bin/launcher.js', import.meta.url));
const args = process.argv.slice(2);
const interrupting = args.includes('--interrupt');
const runs = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 100);

const portBound = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });

const totals = { ok: 0, failed: 0, processesLeft: 0, messagesLost: 0, portsBound: 0, violations: 0 };
const root = await mkdtemp(join(tmpdir(), 'clocklab-soak-'));
const config = join(root, 'soak.json');
await writeFile(config, JSON.stringify({ machines: 3, clockRate: { min: 50, max: 150 }, durationSeconds: 0.5 }));
const started = Date.now();
if (interrupting) {
  try {
    const t = await interruptSoak(launcherBin, root, config, runs, portBound);
    console.log(`soak --interrupt: ${runs} runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`interrupted (exit 130, status interrupted): ${t.interrupted}`);
    console.log(`finished before the signal:                ${t.finishedFirst}`);
    console.log(`signalled before the launcher started VMs: ${t.beforeStart}`);
    console.log(`unexpected exits:       ${t.unexpectedExit} (must be 0)`);
    console.log(`copies unaccounted:     ${t.unaccounted} (must be 0)`);
    console.log(`VMs not stopped cleanly: ${t.uncleanVms} (must be 0)`);
    console.log(`processes left:         ${t.processesLeft} (must be 0)`);
    console.log(`ports left bound:       ${t.portsBound} (must be 0)`);
    process.exitCode = badCount(t) === 0 ? 0 : 1;
  } finally {
    // The folders of runs that went wrong stay for a look (each was named on stderr).
    if (process.exitCode === 0) await rm(root, { recursive: true, force: true });
  }
} else {
  try {
    for (let i = 0; i < runs; i++) {
      const out = join(root, `run-${i}`);
      const result = await execaNode(launcherBin, ['run', config, '--out', out, '--seed', String(i)], {
        reject: false,
      });
      const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
      if (result.exitCode === 0 && manifest.status === 'ok') totals.ok += 1;
      else totals.failed += 1;
      totals.processesLeft += manifest.vms.filter((vm) => vm.pid !== null && isAlive(vm.pid)).length;
      for (const vm of manifest.vms) if (vm.port > 0 && (await portBound(vm.port))) totals.portsBound += 1;
      const check = await checkRun(out);
      if (!check.ok && check.reason === 'violations') {
        totals.violations += check.violationCount;
        totals.messagesLost += (check.countsByRule['exactly-once'] ?? 0) + (check.countsByRule['unknown-message'] ?? 0);
      } else if (!check.ok && check.reason === 'unreadable') totals.failed += 1;
      // A run that logged no row ('no-rows') was counted failed by its status above.
      await rm(out, { recursive: true, force: true });
      if ((i + 1) % 10 === 0) process.stderr.write(`soak: ${i + 1}/${runs} runs, ${totals.ok} ok\n`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  console.log(`soak: ${runs} runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`runs ok:               ${totals.ok}/${runs}`);
  console.log(`processes left behind: ${totals.processesLeft} (must be 0)`);
  console.log(`messages lost:         ${totals.messagesLost} (must be 0)`);
  console.log(`ports left bound:      ${totals.portsBound} (must be 0)`);
  console.log(`checker violations:    ${totals.violations}`);
  process.exitCode = totals.processesLeft + totals.messagesLost + totals.portsBound + totals.failed === 0 ? 0 : 1;
}
