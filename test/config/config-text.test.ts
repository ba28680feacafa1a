import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { maxConfigBytes, readConfigText } from '../../config/config-text.js';
import { loadRunConfig } from '../../config/load-config.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-config-text-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readConfigText', () => {
  test('a config is read whole, up to the bound', async () => {
    const file = join(dir, 'edge.json');
    const text = `"${'x'.repeat(maxConfigBytes - 2)}"`;
    await writeFile(file, text);
    expect(await readConfigText(file)).toEqual({ ok: true, text });
  });

  test('one byte past the bound, or an endless device, is refused without reading it all', async () => {
    const file = join(dir, 'big.json');
    await writeFile(file, 'x'.repeat(maxConfigBytes + 1));
    const tooLarge = { ok: false, problem: `over ${maxConfigBytes} bytes, too large for a config (a few KB of JSON)` };
    expect(await readConfigText(file)).toEqual(tooLarge);
    expect(await readConfigText('/dev/zero')).toEqual(tooLarge);
  });

  test('what cannot be read says why', async () => {
    expect(await readConfigText(dir)).toEqual({ ok: false, problem: 'cannot read the config (EISDIR)' });
    expect(await readConfigText(join(dir, 'none.json'), 'experiment')).toEqual({
      ok: false,
      problem: 'cannot read the experiment (ENOENT)',
    });
  });
});

test('loadRunConfig on /dev/zero: one line naming the bound (it read ~330 MB, then said "(error)")', async () => {
  expect(await loadRunConfig('/dev/zero')).toEqual({
    ok: false,
    reason: 'unreadable',
    problems: [`/dev/zero: over ${maxConfigBytes} bytes, too large for a config (a few KB of JSON)`],
  });
});
