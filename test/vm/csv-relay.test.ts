import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { CsvRelay } from '../../vm/csv-relay.js';

const dir = mkdtempSync(join(tmpdir(), 'clocklab-relay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CsvRelay', () => {
  test('relays whole lines as they are written, and the unfinished last one only at the end', () => {
    const file = join(dir, 'vm-0.csv');
    const sent: [number, string][] = [];
    const relay = new CsvRelay(file, (offset, text) => sent.push([offset, text]));
    relay.flush(); // nothing written yet
    writeFileSync(file, 'head\nrow0\nro');
    relay.flush();
    appendFileSync(file, 'w1\nrow2');
    relay.flush();
    relay.flush(true);
    relay.close();
    expect(sent).toEqual([
      [0, 'head\nrow0\n'],
      [10, 'row1\n'],
      [15, 'row2'],
    ]);
  });

  test("a restarted VM's relay starts after what its first life wrote", () => {
    const file = join(dir, 'vm-1.csv');
    writeFileSync(file, 'head\nrow0\n');
    const sent: [number, string][] = [];
    const relay = new CsvRelay(file, (offset, text) => sent.push([offset, text]));
    appendFileSync(file, 'row1\n');
    relay.flush();
    relay.close();
    expect(sent).toEqual([[10, 'row1\n']]);
  });

  test('more than one chunk is relayed in chunk-sized whole lines, every byte once', () => {
    const file = join(dir, 'vm-2.csv');
    const line = `${'x'.repeat(99)}\n`;
    let bytes = '';
    const relay = new CsvRelay(file, (offset, text) => {
      expect(offset).toBe(bytes.length);
      expect(text.endsWith('\n')).toBe(true);
      bytes += text;
    });
    writeFileSync(file, line.repeat(3000)); // 300 KB: three chunks
    relay.flush();
    relay.close();
    expect(bytes).toBe(line.repeat(3000));
  });
});
