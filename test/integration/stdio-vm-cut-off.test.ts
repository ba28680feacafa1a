/**
 * The VM program as ssh runs it on another host (`dist/vm/main.js --id K --stdio`), driven here by hand, cut off from
 * its launcher mid-run as a network cut leaves it: stdin open but silent, stdout drained by nobody (its rows relay
 * piles up unwritten). It must stop by itself once the launcher is silent too long, and exit, its CSV whole, saying
 * why where the launcher can still read it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { silentChannelMs, unheardIn } from '../../shared/remote-messages.js';
import { readCsv, tempDir, vmBin } from './cli-harness.js';
import { expectLamportRows } from './run-assertions.js';

/** Resolves with the VM's exit, or with 'still running' once `ms` passed. */
const exitWithin = (vm: ChildProcess, ms: number) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'>((resolve) => {
    const timer = setTimeout(() => resolve('still running'), ms);
    vm.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });

describe('a VM over stdio cut off from its launcher', () => {
  let dir: { path: string; remove(): Promise<void> };
  let vm: ChildProcess | undefined;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    vm?.kill('SIGKILL');
    await dir.remove();
  });

  test('silent stdin, undrained stdout: it stops on its own, says why, exits, and its CSV is whole', async () => {
    const outDir = join(dir.path, 'logs', '.remote-r1');
    const spec = {
      ...{ id: 0, machines: 1, runId: 'r1', clockRate: 1000, eventRange: 10, seed: 1, host: '127.0.0.1', port: 0 },
      ...{ outDir, secret: 'a'.repeat(64), verbose: false },
    };
    const child = spawn(process.execPath, [vmBin, '--id', '0', '--stdio'], { cwd: dir.path });
    vm = child;
    const say = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // The run as a launcher hands it over; then the launcher is heard no more, and reads no more.
    await new Promise<void>((started) => {
      let pending = '';
      const read = (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        for (const message of lines.map((line) => JSON.parse(line) as { type: string; port?: number })) {
          if (message.type === 'hello') say({ type: 'init', spec });
          if (message.type === 'listening') say({ type: 'peers', ports: [message.port] });
          if (message.type !== 'connected') continue;
          say({ type: 'start', startEpochMs: Date.now() + 100, stopEpochMs: Date.now() + 600_000 });
          child.stdout.off('data', read);
          child.stdout.pause();
          started();
        }
      };
      child.stdout.on('data', read);
    });
    const exit = await exitWithin(child, silentChannelMs + 20_000);
    expect(exit).toEqual({ code: 0, signal: null });
    // Its word that it gave the launcher up is on stderr, as the launcher reads it there: on stdout it would sit
    // behind the rows backlog, which its exit drops.
    const [word, why, ...rest] = stderr.split('\n');
    expect(unheardIn(word ?? '')).toBeGreaterThanOrEqual(silentChannelMs);
    expect([why, ...rest]).toEqual([
      'control channel: nothing from the launcher for 10 s (this host cut off from it?): stopping as if it had closed',
      '',
    ]);
    const csv = join(outDir, 'vm-0.csv');
    expect(readFileSync(csv, 'utf8').endsWith('\n')).toBe(true);
    const rows = (await readCsv(csv)).rows;
    expectLamportRows(rows);
    // Far more than the pipe and the paused reader hold (a few hundred KiB): its relay was stuck, so was its end.
    expect(statSync(csv).size).toBeGreaterThan(512 * 1024);
    expect(rows.length).toBeGreaterThan(0);
  }, 60_000);
});
