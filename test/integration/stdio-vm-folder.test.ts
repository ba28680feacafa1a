/**
 * The VM program as ssh runs it on another host (`dist/vm/main.js --id K --stdio`), driven here by hand: when the
 * folder for its CSV cannot be made on its host, it says so in one `failed` message and exits 1, with no stack trace.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { tempDir, track, vmBin } from './cli-harness.js';

describe('a VM over stdio', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  test('its CSV folder cannot be made (a file in the way): one failed message naming it, exit 1', async () => {
    const blocker = join(dir.path, 'logs');
    await writeFile(blocker, '');
    const outDir = join(blocker, '.remote-r1');
    const spec = {
      id: 0,
      machines: 2,
      runId: 'r1',
      clockRate: 10,
      eventRange: 10,
      seed: 1,
      host: '127.0.0.1',
      port: 0,
      outDir,
      secret: 'a'.repeat(64),
      verbose: false,
    };
    const vm = track(
      execaNode(vmBin, ['--id', '0', '--stdio'], {
        cwd: dir.path,
        reject: false,
        input: `${JSON.stringify({ type: 'init', spec })}\n`,
      }),
    );
    const result = await vm;
    const messages = result.stdout.split('\n').flatMap((line) => (line === '' ? [] : [JSON.parse(line)]));
    expect(messages.map((message) => message.type)).toEqual(['hello', 'failed']);
    expect(messages[1]).toEqual({
      type: 'failed',
      id: 0,
      reason: 'cannot-write',
      detail: `cannot create ${outDir} (ENOTDIR)`,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(1);
  }, 30_000);
});
