/**
 * A run that ends before any VM ticked (a port another process holds, a Ctrl-C while the VMs get ready): nothing was
 * logged, so `launcher run` prints no figures and no verdict, only one line saying what happened; the folder holds
 * its manifest, which says the VMs were stopped before the start; `check`, `analyze`, `report`, `export` and
 * `compare` on it say nothing was logged, and `logs/latest` is not moved to it.
 */
import { mkdir, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  ctrlC,
  launcher,
  launcherInOwnGroup,
  launcherOnTerminal,
  readManifest,
  tempDir,
  typeCtrlC,
  waitForLine,
  waitUntilGone,
} from './cli-harness.js';
import { freeBasePort } from './free-ports.js';
import { expectNoExportOrCompare } from './no-rows-outputs.js';

const stopped = 'stopped before the start';

/** Listens on `port` until closed: a real process's socket, as a server already running on it would hold. */
async function holdPort(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

/** What `check` and `analyze` say afterwards of a folder no VM logged a row in. */
async function expectNothingLogged(out: string, cwd: string): Promise<void> {
  const check = await launcher(['check', out], cwd);
  // The one line report, export and compare give too (run-folder/no-row-logged.ts), and no VM's `0 ticks of N`.
  expect({ exit: check.exitCode, first: check.stdout.split('\n')[0] }).toEqual({
    exit: 0,
    first: expect.stringMatching(
      new RegExp(`^nothing to check: no VM logged a row in ${literal(out)} \\(run \\w+: .+\\)$`),
    ),
  });
  expect(check.stdout).not.toMatch(/valid/);
  expect(check.stdout).not.toMatch(/ticks? of/);
  const analyze = await launcher(['analyze', out, '--no-summary'], cwd);
  expect(analyze.exitCode).toBe(0);
  // The run line is wrapped at 80 columns, where depends on the port's and the seed's digits: `0` and `rows` may part.
  expect(analyze.stdout).toMatch(/\b0\s+rows\n/);
  expect(analyze.stdout).toMatch(/\nno figures: no VM logged a row$/);
  expect(analyze.stdout).not.toMatch(/on time|causality|^vm +rate/m);
  const report = await launcher(['report', out], cwd);
  expect({ exit: report.exitCode, out: report.stdout, err: report.stderr.split('\n') }).toEqual({
    exit: 1,
    out: '',
    err: [
      expect.stringMatching(
        new RegExp(`^nothing to report: no VM logged a row in ${literal(out)} \\(run \\w+: .+\\); no page written$`),
      ),
    ],
  });
  expect(await readdir(resolve(cwd, out))).not.toContain('report.html');
  await expectNoExportOrCompare(out, cwd);
}

describe('a run that ends before any VM ticked', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('a port another process holds: one line saying the run failed before the start, exit 2, only the manifest', async () => {
    const basePort = await freeBasePort(3);
    const config = join(dir.path, 'fixed-ports.json');
    const network = { host: '127.0.0.1', basePort };
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [5, 6, 7], durationSeconds: 3, network }));
    const out = join(dir.path, 'port-taken');
    const squatter = await holdPort(basePort + 1);
    let result: Awaited<ReturnType<typeof launcher>>;
    try {
      result = await launcher(['run', config, '--out', out], dir.path);
    } finally {
      squatter.close();
    }
    expect(result.exitCode).toBe(2);
    // No figures and no verdict: nothing on stdout, and on stderr the run's line and this one.
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^clocklab run \S+: 3 VMs, events 1\.\.10, 3 s$/);
    // VM 1 either ends on its own after its failure or is stopped with the others: both are said as they were, and
    // every VM is named once (VM 1's own end was left out of the line).
    const reason = `VM 1 could not start (port-in-use: 127.0.0.1:${basePort + 1}: EADDRINUSE)`;
    const who = '(every VM before it ticked|VMs 0 and 2 before they ticked, VM 1 ended \\(exit code 1\\))';
    const then = `nothing was logged; the manifest in ${out} says how the run ended`;
    expect(lines[1]).toMatch(
      new RegExp(`^run failed before the start: ${literal(reason)}; the launcher stopped ${who}: ${literal(then)}$`),
    );
    expect((await readdir(out)).sort()).toEqual(['manifest.json']);
    const manifest = await readManifest(out);
    expect(manifest).toMatchObject({ status: 'failed', reason });
    expect(manifest.startEpochMs).toBeUndefined();
    expect(manifest.vms.map((vm) => vm.ticks)).toEqual([0, 0, 0]);
    expect([manifest.vms[0]?.exit, manifest.vms[2]?.exit]).toEqual([stopped, stopped]);
    expect([stopped, 'exit code 1']).toContain(manifest.vms[1]?.exit);
    const pids = manifest.vms.map((vm) => vm.pid ?? 0);
    expect(pids.every((pid) => pid > 0)).toBe(true);
    expect(await waitUntilGone(pids, 10_000)).toEqual([]);
    await expectNothingLogged(out, dir.path);
  });

  test('without --out: logs/latest stays where it was, and report on the run moves it nowhere either', async () => {
    const basePort = await freeBasePort(2);
    const cwd = join(dir.path, 'no-out');
    const logs = join(cwd, 'logs');
    await mkdir(join(logs, 'earlier'), { recursive: true });
    await symlink('earlier', join(logs, 'latest'));
    const config = join(cwd, 'fixed-ports.json');
    const network = { host: '127.0.0.1', basePort };
    await writeFile(config, JSON.stringify({ machines: 2, clockRates: [5, 6], durationSeconds: 3, network }));
    const squatter = await holdPort(basePort + 1);
    let result: Awaited<ReturnType<typeof launcher>>;
    try {
      result = await launcher(['run', config], cwd);
    } finally {
      squatter.close();
    }
    expect(result.exitCode).toBe(2);
    const run = (await readdir(logs)).filter((name) => name !== 'latest' && name !== 'earlier');
    expect(run).toHaveLength(1);
    expect(result.stderr).toMatch(
      new RegExp(`; the manifest in logs/${run[0]} says how the run ended \\(logs/latest not moved to it\\)$`),
    );
    expect(await readlink(join(logs, 'latest'))).toBe('earlier');
    await expectNothingLogged(join('logs', run[0] ?? ''), cwd);
    expect(await readlink(join(logs, 'latest'))).toBe('earlier');
  });

  test('Ctrl-C typed on a real terminal while 16 VMs get ready: its two lines and nothing between them', async () => {
    const config = join(dir.path, 'sixteen.json');
    await writeFile(config, JSON.stringify({ machines: 16, clockRate: { min: 1, max: 6 }, durationSeconds: 10 }));
    const out = join(dir.path, 'typed');
    const terminal = launcherOnTerminal(['run', config, '--out', out], dir.path);
    await typeCtrlC(terminal, waitForLine(terminal.stdout, /^clocklab run /m));
    const result = await terminal;
    expect(result.exitCode).toBe(130);
    // The terminal's echo of the keypress, `^C`, lands at the start of the launcher's answer.
    const lines = result.stdout.replaceAll('\r', '').replace('^C', '').split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^clocklab run \S+: 16 VMs, events 1\.\.10, 10 s$/),
      'the run has not started: stopping every VM now (none has ticked)',
      expect.stringMatching(
        /^run interrupted before the start: stopped by a signal to the launcher; .*: nothing was logged; the manifest in .+ says how the run ended$/,
      ),
    ]);
    const manifest = await readManifest(out);
    expect(manifest.vms.map((vm) => vm.ticks)).toEqual(Array(16).fill(0));
    expect(
      await waitUntilGone(
        manifest.vms.map((vm) => vm.pid ?? 0),
        10_000,
      ),
    ).toEqual([]);
  });

  test('Ctrl-C while the VMs get ready: the same line, interrupted, exit 130', async () => {
    const config = join(dir.path, 'plain.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [5, 6, 7], durationSeconds: 30 }));
    const out = join(dir.path, 'interrupted');
    const run = launcherInOwnGroup(['run', config, '--out', out], dir.path);
    // Said once the launcher owns the signals, as it starts the VMs: they need far longer to get ready than this.
    await waitForLine(run.stderr, /^clocklab run /m);
    ctrlC(run);
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toBe('');
    const [said, ended, ...more] = result.stderr.split('\n').slice(1);
    expect([said, more]).toEqual(['the run has not started: stopping every VM now (none has ticked)', []]);
    const named = new RegExp(
      `^run interrupted before the start: stopped by a signal to the launcher; (.*): nothing was logged; the manifest in ${literal(out)} says how the run ended$`,
    ).exec(ended ?? '');
    expect((await readdir(out)).sort()).toEqual(['manifest.json']);
    const manifest = await readManifest(out);
    expect(manifest).toMatchObject({ status: 'interrupted', reason: 'stopped by a signal to the launcher' });
    expect(manifest.startEpochMs).toBeUndefined();
    expect(manifest.vms.map((vm) => vm.ticks)).toEqual([0, 0, 0]);
    // Each VM once, with its end: the launcher stopped every one (whichever way its stop reached it first).
    expect(manifest.vms.map((vm) => vm.exit)).toEqual([stopped, stopped, stopped]);
    expect(named?.[1]).toBe('the launcher stopped every VM before it ticked');
    expect(
      await waitUntilGone(
        manifest.vms.map((vm) => vm.pid ?? 0),
        10_000,
      ),
    ).toEqual([]);
    await expectNothingLogged(out, dir.path);
  });
});

/** `text` as a regular expression that matches it literally. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
