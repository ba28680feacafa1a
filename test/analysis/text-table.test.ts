import { describe, expect, test } from '@jest/globals';
import { cellText, fitTable, textTable, wrapText } from '../../analysis/text-table.js';

describe('textTable', () => {
  test('numbers right-aligned, text left-aligned, missing figures as -', () => {
    expect(
      textTable(
        ['vm', 'mean', 'flag'],
        [
          [0, 1.5, 'yes'],
          [12, null, 'no'],
        ],
      ),
    ).toEqual(['vm  mean  flag', ' 0  1.50  yes', '12     -  no']);
  });

  test('percentages written as text line up on the right like numbers', () => {
    expect(
      textTable(
        ['vm', 'late'],
        [
          [0, '12.5%'],
          [1, '0.0%'],
          [2, null],
        ],
      ),
    ).toEqual(['vm   late', ' 0  12.5%', ' 1   0.0%', ' 2      -']);
  });

  test('whole numbers as they are, fractions to fixed decimals, no negative zero', () => {
    expect(cellText(3)).toBe('3');
    expect(cellText(2 / 3)).toBe('0.67');
    expect(cellText(-0.001)).toBe('0.00');
    expect(cellText(-0.5, 1)).toBe('-0.5');
  });
});

describe('fitTable', () => {
  const header = ['name', 'alpha', 'beta', 'gamma', 'delta'];
  const rows = [
    ['first', 1.5, 22, 333, 4444],
    ['second', null, 2, 3, 4],
  ];

  test('the whole table when it fits', () => {
    expect(fitTable(header, rows, { width: 80, whole: '--json' })).toEqual(textTable(header, rows));
  });

  test('what does not fit follows in another block under the same key column', () => {
    expect(fitTable(header, rows, { width: 22, whole: '--json' })).toEqual([
      'name    alpha  beta',
      'first    1.50    22',
      'second      -     2',
      '',
      'name    gamma  delta',
      'first     333   4444',
      'second      3      4',
    ]);
  });

  test('a column too wide to fit beside the keys is left out, with a note saying where everything is', () => {
    const lines = fitTable(['vm', 'what'], [[0, 'a very long text cell']], { width: 16, whole: '--json' });
    expect(lines).toEqual(['vm', ' 0', '(left out at 16', '  columns: what;', '  --json has', '  everything)']);
  });

  test('maxBlocks keeps the first blocks and names the columns left out', () => {
    const lines = fitTable(header, rows, { width: 22, whole: 'summary.md', maxBlocks: 1 });
    expect(lines.slice(0, 3)).toEqual(['name    alpha  beta', 'first    1.50    22', 'second      -     2']);
    expect(lines.slice(3).join(' ').replace(/\s+/g, ' ')).toBe(
      '(left out at 22 columns: gamma, delta; summary.md has everything)',
    );
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(22);
  });
});

test('wrapText wraps at spaces, indents what follows, and leaves a line that fits alone', () => {
  expect(wrapText('  0  1.50', 80)).toEqual(['  0  1.50']);
  expect(wrapText('one two three four', 9)).toEqual(['one two', '  three', '  four']);
  expect(wrapText('abcdefghijkl', 6)).toEqual(['abcdef', '  ghij', '  kl']);
  expect(wrapText('abcdefghijklmn', 10)).toEqual(['abcdefghij', '  klmn']);
  // An indented line keeps its indent; what follows goes one step further.
  expect(wrapText('  e.g. one two three', 12)).toEqual(['  e.g. one', '    two', '    three']);
});
