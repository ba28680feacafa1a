import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fileEnds } from '../../run-folder/csv-file-ends.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-file-ends-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function endsOf(name: string, bytes: Buffer | string) {
  const file = join(dir, name);
  await writeFile(file, bytes);
  const handle = await open(file, 'r');
  try {
    return await fileEnds(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

describe('fileEnds', () => {
  test('the last newline, and whether the file begins with a byte-order mark', async () => {
    expect(await endsOf('plain.csv', 'a,b\n1,2\n')).toEqual({ lastNewline: 7, byteOrderMark: false });
    expect(await endsOf('cut.csv', 'a,b\n1,2\n3,')).toEqual({ lastNewline: 7, byteOrderMark: false });
    const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n')]);
    expect(await endsOf('marked.csv', marked)).toEqual({ lastNewline: 6, byteOrderMark: true });
  });

  test('no newline at all, an empty file, or a cut tail longer than one read window (64 KiB)', async () => {
    expect(await endsOf('none.csv', 'a,b')).toEqual({ lastNewline: -1, byteOrderMark: false });
    expect(await endsOf('empty.csv', '')).toEqual({ lastNewline: -1, byteOrderMark: false });
    expect(await endsOf('long-tail.csv', `a,b\n${'x'.repeat(200_000)}`)).toEqual({
      lastNewline: 3,
      byteOrderMark: false,
    });
  });
});
