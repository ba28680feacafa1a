/**
 * `vm-K.end.json`: what a launched VM writes beside its CSV when its launcher is gone by its end (vm/launched-mode.ts),
 * the figures it would have sent it. No zod here: the VM's launched path names the file too.
 */
export const vmEndRecordName = (id: number): string => `vm-${id}.end.json`;
