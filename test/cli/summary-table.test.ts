import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatSummaryTable } from '../../cli/summary-table.js';
import type { UnendedLink } from '../../shared/unended-links.js';
import type { VmStats } from '../../shared/vm-spec.js';
import { launcher, tempDir } from '../integration/cli-harness.js';

/**
 * A full manifest row. Left unannotated (and passed on as a value, not a literal) so that it fits ManifestVm both
 * with and without fields the table does not show.
 */
const vmRow = (stats: Partial<VmStats> & { id: number }) => ({
  clockRate: 1,
  port: 0,
  ticks: 0,
  sent: 0,
  received: 0,
  finalClock: 0,
  maxJump: 0,
  maxQueue: 0,
  pendingAtStop: [] as string[],
  dropped: [] as string[],
  droppedBy: { linkDown: 0, partition: 0, injectedDrop: 0 },
  lostPeers: [] as number[],
  unendedLinks: [] as UnendedLink[],
  refused: 0,
  stoppedEarly: false,
  exit: 'done',
  pid: 1000 + stats.id,
  ...stats,
});

const header = [
  'VM',
  'rate/s',
  'ticks',
  'sent',
  'received',
  'final clock',
  'max jump',
  'max queue',
  'queued at stop',
  'dropped',
];

describe('formatSummaryTable', () => {
  test('a header line and one line per VM, columns two spaces apart', () => {
    const table = formatSummaryTable(
      [
        vmRow({
          id: 0,
          clockRate: 6,
          ticks: 360,
          sent: 120,
          received: 98,
          finalClock: 401,
          maxJump: 12,
          maxQueue: 3,
          pendingAtStop: ['1-4'],
          dropped: [],
        }),
        vmRow({
          id: 12,
          clockRate: 1,
          ticks: 60,
          sent: 5,
          received: 150,
          finalClock: 9,
          maxJump: 2,
          maxQueue: 1234,
          pendingAtStop: ['0-1', '0-2', '2-9'],
          dropped: ['2-1>0', '2-2>1'],
        }),
      ],
      [],
      200,
    );
    expect(table.split('\n')).toEqual([
      'VM    rate/s  ticks  sent  received  final clock  max jump  max queue  queued at stop  dropped',
      'vm0        6    360   120        98          401        12          3               1        0',
      'vm12       1     60     5       150            9         2       1234               3        2',
    ]);
  });

  test('the first column is left aligned, the others right aligned, and wide values widen their column', () => {
    const table = formatSummaryTable([vmRow({ id: 1, ticks: 1_234_567_890_123 }), vmRow({ id: 2, ticks: 5 })], [], 200);
    const lines = table.split('\n');
    expect(lines).toHaveLength(3);
    const widths = lines.map((line) => line.length);
    expect(new Set(widths).size).toBe(1);
    expect(lines[0]).toBe(
      'VM   rate/s          ticks  sent  received  final clock  max jump  max queue  queued at stop  dropped',
    );
    expect(lines[1]?.startsWith('vm1       1  1234567890123  ')).toBe(true);
    expect(lines[2]?.startsWith('vm2       1              5  ')).toBe(true);
  });

  test('no VMs: just the header', () => {
    expect(formatSummaryTable([], [], 200)).toBe(header.join('  '));
  });

  test('rate/s is per experiment second, as the clock rates line above it, analyze and the report give it', async () => {
    // At speed 10 each VM ran at 10 x its rate per real second: the manifest's vms[].clockRate.
    const dir = await tempDir();
    try {
      const config = { machines: 3, clockRates: [2, 5, 9], durationSeconds: 20, speed: 10, seed: 3 };
      await writeFile(join(dir.path, 'speed.json'), JSON.stringify(config));
      const run = await launcher(['run', 'speed.json', '--engine', 'sim', '--out', 'run'], dir.path);
      expect(run.exitCode).toBe(0);
      const lines = String(run.stdout).split('\n');
      expect(lines[0]).toBe('seed 3; clock rates 2, 5, 9 ticks/s');
      expect(lines[1]?.startsWith('VM   rate/s  ticks')).toBe(true);
      expect(lines.slice(2, 5).map((line) => line.split(/ +/).slice(0, 3))).toEqual([
        ['vm0', '2', '40'],
        ['vm1', '5', '100'],
        ['vm2', '9', '180'],
      ]);
    } finally {
      await dir.remove();
    }
  });
});
