/**
 * What the experiment's figures are reduced with: the mean, max and min of values, each leaving out a null (a VM
 * without the figure), null when none is left; a sum; and a ratio, null over 0.
 */

const present = (values: readonly (number | null)[]) => values.filter((v): v is number => v !== null);

export function meanOf(values: readonly (number | null)[]): number | null {
  const xs = present(values);
  return xs.length === 0 ? null : xs.reduce((sum, x) => sum + x, 0) / xs.length;
}

export const sumOf = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0);
export const maxOf = (values: readonly (number | null)[]) =>
  present(values).length === 0 ? null : Math.max(...present(values));
export const minOf = (values: readonly (number | null)[]) =>
  present(values).length === 0 ? null : Math.min(...present(values));
export const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
