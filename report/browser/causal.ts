/**
 * Happened-before between two events by their vector clocks. a -> b when
 * a's clock is <= b's in every component (and they differ); neither way round, they are concurrent.
 */
import type { SpaceTime } from './decode.js';

export type Relation = 'same' | 'before' | 'after' | 'concurrent';

/** How `a` stands to `b`: 'before' means a happened before b (a is in b's causal past). */
export function compareVectorClocks(a: ArrayLike<number>, b: ArrayLike<number>): Relation {
  let lessSomewhere = false;
  let greaterSomewhere = false;
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    if (x < y) lessSomewhere = true;
    else if (x > y) greaterSomewhere = true;
  }
  if (lessSomewhere && greaterSomewhere) return 'concurrent';
  if (lessSomewhere) return 'before';
  return greaterSomewhere ? 'after' : 'same';
}

/** The vector clock of row `row` of VM `vm`, or null when the run has none. */
export function vectorClockOf(st: SpaceTime, vm: number, row: number): number[] | null {
  const columns = st.vms[vm]?.vc;
  if (columns === null || columns === undefined) return null;
  return columns.map((component) => component[row] ?? 0);
}
