/**
 * A remote VM's relayed rows into a real run-folder CSV: written at their offsets; a gap refused once (the VM to be
 * stopped); a run folder that cannot take them (a full disk) fails the run once, and what follows stays on the host.
 * Either way the record says where the rows stay.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { RemoteCsv, type WriteAtPosition } from '../../launcher/remote-csv.js';
import type { RemoteHostLink } from '../../launcher/remote-host-link.js';
import { RemoteVmRows } from '../../launcher/remote-vm-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'clocklab-remote-relay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = { name: 'h2', ssh: 'root@10.0.0.3', scratchDir: '/opt/clocklab/logs/.remote-r1' } as RemoteHostLink;
const hostFile = '/opt/clocklab/logs/.remote-r1/vm-1.csv';

/** VM 1's relay into a fresh CSV, counting its events and lines; `writeAt` in place of fs.writeSync, if given. */
function relayOf(writeAt?: WriteAtPosition) {
  const path = join(dir, `vm-1-${Math.random()}.csv`);
  const csv = writeAt === undefined ? new RemoteCsv(path) : new RemoteCsv(path, writeAt);
  const output: string[] = [];
  const refusals: number[] = [];
  const cannotWrite: string[] = [];
  const rows = new RemoteVmRows(host, 1, csv, (line) => output.push(line), {
    onRefused: () => refusals.push(1),
    onCannotWrite: (detail) => cannotWrite.push(detail),
  });
  return { csv, rows, output, refusals, cannotWrite };
}

describe("a remote VM's relayed rows", () => {
  test('are written at their offsets; only bytes count as relayed', () => {
    const { csv, rows, output } = relayOf();
    expect(rows.hostFile).toBe(hostFile);
    expect(rows.write(0, '')).toBeUndefined();
    expect(rows.relayed).toBe(false);
    expect(rows.write(0, 'header\n')).toBeUndefined();
    expect(rows.write(7, 'row0\n')).toBeUndefined();
    expect(rows.relayed).toBe(true);
    expect([rows.refused, csv.rowsOnHost, output]).toEqual([undefined, undefined, []]);
    csv.close();
    expect(readFileSync(csv.path, 'utf8')).toBe('header\nrow0\n');
  });

  test('past what the run folder holds are refused, once: the life fails, and they are recorded on the host', () => {
    const { csv, rows, output, refusals } = relayOf();
    rows.write(0, 'header\n');
    const why = 'bytes at 20 came past the 7 the run folder holds';
    expect(rows.write(20, 'row5\n')).toBe(why);
    expect(rows.write(30, 'row6\n')).toBe('bytes at 30 came past the 7 the run folder holds');
    expect(rows.refused).toBe(`had rows from host h2 refused (${why})`);
    expect(refusals).toEqual([1]);
    expect(csv.rowsOnHost).toEqual({ host: 'h2', file: hostFile, fromByte: 7, why: `rows refused: ${why}` });
    expect(output).toEqual([`rows refused: ${why}; they stay on host h2`]);
    csv.close();
  });

  test('a run folder that cannot take them fails the run once; what follows stays on the host, not refused', () => {
    const full: WriteAtPosition = () => {
      throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    };
    const { csv, rows, output, refusals, cannotWrite } = relayOf(full);
    expect(rows.write(0, 'header\n')).toBe('the run folder cannot take its rows (ENOSPC)');
    expect(rows.write(0, 'header\nrow0\n')).toBe('the run folder cannot take its rows (ENOSPC)');
    expect(cannotWrite).toEqual([`cannot write ${csv.path} (ENOSPC)`]);
    expect([refusals, rows.refused, rows.relayed]).toEqual([[], undefined, false]);
    const why = 'the run folder cannot take them (ENOSPC)';
    expect(csv.rowsOnHost).toEqual({ host: 'h2', file: hostFile, fromByte: 0, why });
    expect(output).toEqual([`its rows from byte 0 stay on host h2 (root@10.0.0.3) in ${hostFile}: ${why}`]);
    csv.close();
  });
});
