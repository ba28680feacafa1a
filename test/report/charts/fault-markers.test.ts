import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { type FaultRow, faultMarkers, noFaults, readFaultMarkers } from '../../../report/charts/fault-markers.js';

const row = (elapsedMs: number, kind: FaultRow['kind'], vm = '', detail = ''): FaultRow => ({
  elapsedMs,
  kind,
  vm,
  peer: '',
  detail,
});

describe('faultMarkers', () => {
  test('pairs starts with ends into bands; kills and restarts are rules too; link rules are text', () => {
    const markers = faultMarkers(
      [
        row(0, 'link-drop', '0', 'from 0 to 1: p=0.3'),
        row(400, 'partition-start', '', '{0} | {1,2}'),
        row(700, 'partition-end', '', '{0} | {1,2}'),
        row(900, 'pause', '2', 'for 2 s'),
        row(1100, 'resume', '2'),
        row(1300, 'kill', '1', 'restart after 2 s'),
        row(1500, 'restart', '1', 'clock kept'),
      ],
      2000,
    );
    expect(markers.bands).toEqual([
      { kind: 'partition', fromMs: 400, toMs: 700, label: 'partition {0} | {1,2}', vm: null, groups: [[0], [1, 2]] },
      { kind: 'pause', fromMs: 900, toMs: 1100, label: 'VM 2 paused', vm: 2, groups: [] },
      { kind: 'down', fromMs: 1300, toMs: 1500, label: 'VM 1 down', vm: 1, groups: [] },
    ]);
    expect(markers.rules).toEqual([
      { kind: 'kill', atMs: 1300, label: 'VM 1 killed (restart after 2 s)', vm: 1 },
      { kind: 'restart', atMs: 1500, label: 'VM 1 restarted (clock kept)', vm: 1 },
    ]);
    expect(markers.links).toEqual(['drop from 0 to 1: p=0.3']);
    expect(markers.problem).toBeNull();
  });

  test("a killed VM is down until its new life rejoined (the manifest's restarts), past the launcher's restart", () => {
    // Kill at 1300, restart begun at 1500, back in the run at 1640 (a new process's start); again at 3000-3200-3350.
    const rows = [row(1300, 'kill', '1'), row(1500, 'restart', '1'), row(3000, 'kill', '1'), row(3200, 'restart', '1')];
    const restarts = [
      undefined,
      [
        { killElapsedMs: 1299.9, rejoinElapsedMs: 1640 },
        { killElapsedMs: 3000.1, rejoinElapsedMs: 3350 },
      ],
    ];
    const markers = faultMarkers(rows, 5000, restarts);
    expect(markers.bands.map((b) => [b.kind, b.vm, b.fromMs, b.toMs])).toEqual([
      ['down', 1, 1300, 1640],
      ['down', 1, 3000, 3350],
    ]);
    expect(markers.rules.map((r) => [r.kind, r.atMs])).toEqual([
      ['kill', 1300],
      ['restart', 1500],
      ['kill', 3000],
      ['restart', 3200],
    ]);
  });

  test('a fault still on at the end (a kill without restart) lasts to the end of the run', () => {
    const markers = faultMarkers([row(300, 'kill', '0', 'no restart'), row(500, 'pause', '1')], 2000);
    expect(markers.bands.map((b) => [b.kind, b.fromMs, b.toMs])).toEqual([
      ['down', 300, 2000],
      ['pause', 500, 2000],
    ]);
  });

  test('a partition that overlaps one of the same groups is one band over both: the VMs drop while either holds', () => {
    const groups = '{0} | {1,2}';
    const markers = faultMarkers(
      [
        row(1000, 'partition-start', '', groups),
        row(2000, 'partition-start', '', groups),
        row(3000, 'partition-end', '', groups),
        row(4000, 'partition-end', '', groups),
      ],
      6000,
    );
    expect(markers.bands.map((b) => [b.kind, b.fromMs, b.toMs])).toEqual([['partition', 1000, 4000]]);
  });

  test('a pause of a paused VM (a folder from before such configs were refused) ends at the first resume', () => {
    // Both engines continued the VM at the first resume; the second pause stopped nothing new.
    const markers = faultMarkers(
      [row(1000, 'pause', '0'), row(2000, 'pause', '0'), row(3000, 'resume', '0'), row(4000, 'resume', '0')],
      6000,
    );
    expect(markers.bands.map((b) => [b.kind, b.fromMs, b.toMs])).toEqual([['pause', 1000, 3000]]);
  });

  test('an unknown kind is left out and named', () => {
    const markers = faultMarkers([{ ...row(1, 'kill'), kind: 'meteor' as FaultRow['kind'] }], 10);
    expect(markers.problem).toBe("unknown fault kind 'meteor' in faults.csv, left out");
  });

  test('reads faults.csv (quoted details); no file means no faults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-report-test-'));
    try {
      expect(await readFaultMarkers(dir, 1000)).toEqual(noFaults);
      await writeFile(
        join(dir, 'faults.csv'),
        'elapsed_ms,experiment_s,kind,vm,peer,detail\n401.000,4.010,partition-start,,,"{0} | {1,2}"\n',
      );
      expect((await readFaultMarkers(dir, 1000)).bands).toEqual([
        { kind: 'partition', fromMs: 401, toMs: 1000, label: 'partition {0} | {1,2}', vm: null, groups: [[0], [1, 2]] },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
