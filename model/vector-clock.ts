/**
 * Vector clock rules, as functions on arrays indexed by VM id: every event advances the VM's own entry by one; a
 * receive first takes the element-wise max with the vector the message carried. The result is a fresh array: a
 * vector that went into a message must never change afterwards.
 */
// slice and a plain loop, not a spread and map with a closure: these run on every event of every VM, and with
// hundreds of VMs (the sim engine runs 1,000) over vectors as long.
export function vectorLocalEvent(vector: readonly number[], self: number): number[] {
  const next = vector.slice();
  next[self] = (next[self] ?? 0) + 1;
  return next;
}

export function vectorReceiveEvent(vector: readonly number[], carried: ArrayLike<number>, self: number): number[] {
  const next = vector.slice();
  for (let i = 0; i < next.length; i++) next[i] = Math.max(next[i] as number, carried[i] ?? 0);
  next[self] = (next[self] ?? 0) + 1;
  return next;
}

/** Compact JSON keyed by VM id, zero entries left out (the own entry is never zero after an event). */
export function formatVector(vector: readonly number[]): string {
  // A plain loop: this runs on every tick, for every VM of the run.
  let text = '';
  for (let id = 0; id < vector.length; id++) {
    const entry = vector[id];
    if (entry === 0 || entry === undefined) continue;
    text += text === '' ? `"${id}":${entry}` : `,"${id}":${entry}`;
  }
  return `{${text}}`;
}
