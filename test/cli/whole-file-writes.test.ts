import { describe, expect, test } from '@jest/globals';
import { wholeWrites } from '../../cli/whole-file-writes.js';

/** A file descriptor that takes `room` bytes at most `step` at a time, then fails as a full disk does. */
function disk(room: number, step: number) {
  const written: number[] = [];
  const write = (_fd: number, bytes: Buffer, offset: number): number => {
    const taken = written.length;
    if (taken >= room) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const count = Math.min(step, bytes.length - offset, room - taken);
    for (let i = 0; i < count; i++) written.push(bytes[offset + i] as number);
    return count;
  };
  return { write, written };
}

/** Runs one piece through wholeWrites and says how it ended. */
function writePiece(text: string, room: number, step: number) {
  const { write, written } = disk(room, step);
  const ends: (Error | undefined)[] = [];
  wholeWrites(1, write)(Buffer.from(text), 'buffer', (error) => ends.push(error ?? undefined));
  return { calls: ends.length, ended: ends[0], written: Buffer.from(written).toString() };
}

describe('wholeWrites', () => {
  test('a piece taken in short writes is written to its end, then done', () => {
    expect(writePiece('0123456789', 100, 3)).toEqual({ calls: 1, ended: undefined, written: '0123456789' });
  });

  test('a disk that fills mid-piece fails the write with its error (was taken as done, the rest dropped)', () => {
    const result = writePiece('0123456789', 4, 3);
    expect(result.calls).toBe(1);
    expect(result.written).toBe('0123');
    expect((result.ended as NodeJS.ErrnoException | undefined)?.code).toBe('ENOSPC');
  });
});
