import { describe, expect, test } from '@jest/globals';
import { LineSplitter } from '../../shared/line-splitter.js';

describe('LineSplitter', () => {
  test('lines split across reads and several in one read come out whole, in order', () => {
    const splitter = new LineSplitter(100);
    expect(splitter.push(Buffer.from('{"a":1}\n{"b"'))).toEqual([{ ok: true, line: '{"a":1}' }]);
    expect(splitter.push(Buffer.from(':2}\n\n{"c":3}\n'))).toEqual([
      { ok: true, line: '{"b":2}' },
      { ok: true, line: '{"c":3}' },
    ]);
    expect(splitter.rest).toBe('');
  });

  test('an oversize line is reported once and skipped up to its newline, however the reads cut it', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(Buffer.from('x'.repeat(8)))).toEqual([]);
    expect(splitter.push(Buffer.from('x'.repeat(8)))).toEqual([
      { ok: false, detail: 'over 10 bytes without a newline' },
    ]);
    expect(splitter.push(Buffer.from('x'.repeat(50)))).toEqual([]);
    expect(splitter.push(Buffer.from('xx\nok\n'))).toEqual([{ ok: true, line: 'ok' }]);
    expect(splitter.push(Buffer.from(`${'y'.repeat(11)}\n`))).toEqual([{ ok: false, detail: 'a line of 11 bytes' }]);
  });
});
