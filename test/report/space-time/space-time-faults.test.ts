import { expect, test } from '@jest/globals';
import { faultMarkers } from '../../../report/charts/fault-markers.js';
import { vmFaultLayers } from '../../../report/space-time/space-time-faults.js';

const axes = { x: (field: string) => ({ field }), y: (field: string) => ({ field }) };
type Row = { kind: string; label: string; y0: number; y1: number; group?: string };

/** The rows of each mark type of the nested fault layer. */
function rowsByMark(layers: Record<string, unknown>[]): Record<string, Row[]> {
  const nested = (layers[0]?.layer ?? []) as { mark: { type: string }; data: { values: Row[] } }[];
  return Object.fromEntries(nested.map((layer) => [layer.mark.type, layer.data.values]));
}

test("a pause, a kill, a restart and the down time sit on that VM's line only; a partition names each VM's group", () => {
  const faults = faultMarkers(
    [
      { elapsedMs: 400, kind: 'partition-start', vm: '', peer: '', detail: '{0} | {1,2}' },
      { elapsedMs: 700, kind: 'partition-end', vm: '', peer: '', detail: '{0} | {1,2}' },
      { elapsedMs: 900, kind: 'pause', vm: '2', peer: '', detail: 'for 2 s' },
      { elapsedMs: 1100, kind: 'resume', vm: '2', peer: '', detail: '' },
      { elapsedMs: 1300, kind: 'kill', vm: '1', peer: '', detail: 'restart after 2 s' },
      { elapsedMs: 1500, kind: 'restart', vm: '1', peer: '', detail: 'clock kept' },
    ],
    2000,
  );
  const rows = rowsByMark(vmFaultLayers(faults, 3, axes));
  const line = (row: Row) => (row.y0 + row.y1) / 2;
  const reach = (row: Row) => row.y1 - row.y0;
  expect((rows.rect ?? []).map((row) => [row.kind, line(row), row.group])).toEqual([
    ['partition', 0, '{0}'],
    ['partition', 1, '{1,2}'],
    ['partition', 2, '{1,2}'],
    ['pause', 2, ''],
    ['down', 1, ''],
  ]);
  expect((rows.rule ?? []).map((row) => [row.kind, line(row)])).toEqual([
    ['kill', 1],
    ['restart', 1],
  ]);
  // No mark reaches the next VM's line.
  expect([...(rows.rect ?? []), ...(rows.rule ?? [])].filter((row) => reach(row) >= 1)).toEqual([]);
  expect((rows.text ?? []).map((row) => row.group)).toEqual(['{0}', '{1,2}', '{1,2}']);
});

test('no faults, no layer', () => {
  expect(vmFaultLayers(faultMarkers([], 1000), 3, axes)).toEqual([]);
});
