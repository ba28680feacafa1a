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
] as const;

export type CsvColumn = (typeof csvColumns)[number];
export type EventKind = 'receive' | 'send' | 'internal';

export const csvFileName = (vmId: number): string => `vm-${vmId}.csv`;
