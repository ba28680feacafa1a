/**
 * A stranger's bytes on a VM port during a real run, as it was found: a hello carrying ESC sequences and newlines
 * must reach the launcher's output escaped, on one line; a flood of connections must print a count, not a line each.
 */
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, readManifest, tempDir, waitForLine } from './cli-harness.js';

/** Sends `bytes` on a fresh connection and resolves once the VM has closed it (or refused it outright). */
function throwAt(port: number, bytes: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(bytes));
    socket.on('data', () => {});
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

const flood = 3000;

describe('hostile bytes on a VM port', () => {
  let dir: { path: string; remove(): Promise<void> };
  let output = '';
  let exitCode: number | undefined;
  let refusedBy: number[] = [];
  let run: ReturnType<typeof launcher> | undefined;

  beforeAll(async () => {
    dir = await tempDir();
    const config = join(dir.path, 'long.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [5, 5, 5], durationSeconds: 600, seed: 4 }));
    const out = join(dir.path, 'run');
    run = launcher(['run', config, '--out', out], dir.path);
    // Everything the launcher prints, from the first byte: a line may come before the test asks for it.
    let seen = '';
    let onSeen = () => {};
    run.all?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      onSeen();
    });
    const untilSeen = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        onSeen = () => {
          if (pattern.test(seen)) resolve();
        };
        onSeen();
      });
    try {
      const started = await waitForLine(
        run.stderr,
        /vm0 \(pid \d+, port (\d+)\), vm1 \(pid \d+, port (\d+)\), vm2 \(pid \d+, port (\d+)\)/,
      );
      const [port0, port1] = started.slice(1).map(Number);
      // Raw ESC bytes (not JSON) and a JSON hello whose run decodes to ESC sequences and a newline.
      const clear = '\u001b[2J\u001b[H';
      await throwAt(port0 ?? 0, `${clear}\u001b]0;owned\u0007\nvm1: forged line\n`);
      const hello = {
        t: 'hello',
        run: `${clear}x\nvm2: forged too`,
        from: 1,
        to: 0,
        nonce: '1'.repeat(32),
        proof: '2'.repeat(64),
      };
      await throwAt(port0 ?? 0, `${JSON.stringify(hello)}\n`);
      await untilSeen(/hello for another run/);
      // The flood: in waves of 100 at once, each a line of garbage.
      for (let wave = 0; wave < flood / 100; wave++) {
        await Promise.all(Array.from({ length: 100 }, (_, i) => throwAt(port1 ?? 0, `garbage ${wave * 100 + i}\n`)));
      }
    } finally {
      run.kill('SIGINT');
    }
    const result = await run;
    output = result.all ?? '';
    exitCode = result.exitCode;
    refusedBy = (await readManifest(out)).vms.map((vm) => vm.refused);
  }, 180_000);
  afterAll(async () => {
    // A setup that failed half-way must not leave a 600 s run behind (its VMs stop with their launcher).
    if (run?.exitCode === null) run.kill('SIGKILL');
    await run;
    await dir.remove();
  });

  test('the run goes on unharmed until interrupted, and counts every refusal', () => {
    expect(exitCode).toBe(130);
    expect(refusedBy).toEqual([2, flood, 0]);
  });

  test('no raw control character reaches the output, and no forged line starts a line', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
    const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(output);
    expect(raw === null ? 'none' : `U+${raw[0].charCodeAt(0).toString(16)} at ${raw.index}`).toBe('none');
    expect(output).not.toMatch(/^vm[12]: forged/m);
  });

  test('each refusal is one escaped line that quotes what came off the wire', () => {
    const lines = output.split('\n').filter((line) => line.startsWith('vm0: VM 0: refused'));
    expect(lines).toEqual([
      expect.stringContaining('not-json: \\x1b[2J\\x1b[H\\x1b]0;owned\\x07'),
      'vm0: VM 0: refused a connection or frame (hello for another run (\\x1b[2J\\x1b[Hx\\nvm2: forged too))',
    ]);
  });

  test(`${flood} fast connections print a few lines and a count, and the counts add up`, () => {
    const lines = output.split('\n').filter((line) => line.startsWith('vm1: VM 1: refused'));
    expect(lines.length).toBeLessThan(flood / 10);
    const counts = lines.map((line) => Number(/refused (\d+) more/.exec(line)?.[1] ?? 1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(flood);
    expect(
      lines.some((line) => /refused \d+ more connections or frames \(latest: not-json: garbage \d+\)/.test(line)),
    ).toBe(true);
  });
});
