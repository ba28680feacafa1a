/**
 * A remote VM's CSV in the run folder, written at the offsets the VM relays: a short write (a disk filling up
 * mid-piece) is never taken for the whole piece.
 */
import { mkdtempSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { RemoteCsv, type WriteAtPosition } from '../../launcher/remote-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'clocklab-remote-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes at most `most` bytes per call, as write(2) may; past `limit` bytes of file, fails as a full disk does. */
function shortWrites(most: number, limit = Number.POSITIVE_INFINITY): WriteAtPosition {
  return (fd, bytes, offset, length, position) => {
    if (position >= limit) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return writeSync(fd, bytes, offset, Math.min(length, most, limit - position), position);
  };
}

describe("a remote VM's CSV in the run folder", () => {
  test('short writes are written on: every byte lands, at its offset, and the length counts them', () => {
    const file = join(dir, 'short.csv');
    const csv = new RemoteCsv(file, shortWrites(3));
    expect(csv.write(0, 'header\nrow0\n')).toBeUndefined();
    expect(csv.write(12, 'row1\n')).toBeUndefined();
    csv.close();
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\nrow1\n');
    expect(csv.length).toBe(17);
  });

  test('a disk full mid-piece throws why, and the length counts the bytes that landed before it', () => {
    const file = join(dir, 'full.csv');
    const csv = new RemoteCsv(file, shortWrites(1 << 20, 15));
    expect(csv.write(0, 'header\nrow0\n')).toBeUndefined();
    expect(() => csv.write(12, 'row1\n')).toThrow(/ENOSPC/);
    // The host's file from byte 15 on is what the run folder lacks: appended there, it makes the whole file again.
    expect({ length: csv.length, here: readFileSync(file, 'utf8') }).toEqual({ length: 15, here: 'header\nrow0\nrow' });
    // Nothing past what the file really holds is accepted.
    expect(csv.write(17, 'row2\n')).toBe('bytes at 17 came past the 15 the run folder holds');
    csv.close();
  });
});
