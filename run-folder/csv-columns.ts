/** The per-tick CSV every VM writes (`vm-<id>.csv`): these columns, in this order. */
export const csvColumns = [
  'vm',
  'tick',
  'event',
  'system_time',
  'elapsed_ms',
  'logical_clock',
  'jump',
  'queue_len',
  'peer',
  'msg_id',
  'msg_clock',
  // Appended after the original columns, so readers of the first eleven keep working.
  'vector_clock',
] as const;

/** Runs written before vector clocks have only the first eleven columns; readers accept both. */
export const lamportColumnCount = 11;

export type CsvColumn = (typeof csvColumns)[number];
export type EventKind = 'receive' | 'send' | 'internal';

export const csvFileName = (vmId: number): string => `vm-${vmId}.csv`;
