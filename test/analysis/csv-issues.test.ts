import { describe, expect, test } from '@jest/globals';
import { csvIssues, csvRowsLost, runCsvIssues } from '../../analysis/csv-issues.js';

const csv = (missing: boolean, cutTailBytes: number, badRows: number) => ({ missing, cutTailBytes, badRows });

describe('csvIssues', () => {
  test('nothing to say of a CSV that read whole', () => {
    expect(csvIssues(csv(false, 0, 0))).toBeNull();
    expect(runCsvIssues([{ id: 0, csv: csv(false, 0, 0) }])).toBeNull();
  });

  test('names what was left out, VM by VM', () => {
    expect(csvIssues(csv(true, 0, 0))).toBe('no CSV');
    expect(csvIssues(csv(false, 12, 0))).toBe('a cut last line');
    expect(csvIssues(csv(false, 0, 3))).toBe('3 malformed rows');
    expect(csvIssues({ ...csv(false, 12, 0), byteOrderMark: true })).toBe('a byte-order mark and a cut last line');
    // A byte-order mark is read past: it costs no row.
    expect(csvRowsLost({ ...csv(false, 0, 0), byteOrderMark: true })).toBe(false);
    expect(csvRowsLost(csv(false, 0, 1))).toBe(true);
    expect(
      runCsvIssues([
        { id: 0, csv: csv(false, 0, 0) },
        { id: 1, csv: csv(false, 5, 1) },
        { id: 2, csv: csv(true, 0, 0) },
      ]),
    ).toBe('VM 1: a cut last line and 1 malformed row; VM 2: no CSV');
  });
});
