import { describe, expect, test } from '@jest/globals';
import { cellText, textTable } from '../../analysis/text-table.js';

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
