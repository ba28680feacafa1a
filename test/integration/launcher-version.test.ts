/** `launcher --version` and `-V`: clocklab's version from its package.json on stdout, exit 0, listed in --help. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, projectRoot, tempDir } from './cli-harness.js';

describe('launcher --version', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let version = '';
  beforeAll(async () => {
    dir = await tempDir();
    version = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')).version;
  });
  afterAll(() => dir.remove());

  test.each(['--version', '-V'])('%s prints the version alone, exit 0, from any folder', async (flag) => {
    const result = await launcher([flag], dir.path);
    expect([result.exitCode, result.all]).toEqual([0, version]);
  });

  test('--help lists it', async () => {
    const result = await launcher(['--help'], dir.path);
    expect(result.stdout).toMatch(/^ {2}-V, --version +print the version of clocklab$/m);
  });
});
