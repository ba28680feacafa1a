import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { expect, test } from '@jest/globals';
import { isAlive } from '../../shared/process-alive.js';

const state = (pid: number) => /\) (\S) /.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];

test('a running process is alive; one that exited is not, even before its parent reaps it (a zombie)', async () => {
  // The shell becomes `sleep 30` (exec), which never reaps the short `sleep` it started: that one stays a zombie.
  const parent = spawn('bash', ['-c', 'sleep 0.01 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const child = Number(line.toString().trim());
    expect(isAlive(parent.pid ?? 0)).toBe(true);
    // The zombie state itself is the event waited on: /proc says Z once the short sleep has exited.
    while (state(child) !== 'Z') await new Promise((resolve) => setImmediate(resolve));
    expect(isAlive(child)).toBe(false);
  } finally {
    parent.kill('SIGKILL');
  }
  expect(isAlive(2 ** 22 + 1)).toBe(false);
});
