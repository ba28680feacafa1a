/** Why a folder has no manifest: a launcher's claim (running or not), VMs run by hand, or CSVs alone. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { claimFileName } from '../../run-folder/claim-file.js';
import { missingManifest } from '../../run-folder/missing-manifest.js';

describe('a folder with no manifest', () => {
  /** A run folder as a launcher leaves it before its manifest: a CSV, and its claim holding `claim`. */
  async function folderClaimedWith(claim: string | null): Promise<{ dir: string; detail: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-no-manifest-'));
    await writeFile(join(dir, 'vm-0.csv'), '');
    if (claim !== null) await writeFile(join(dir, claimFileName), claim);
    const detail = await missingManifest(dir);
    await rm(dir, { recursive: true, force: true });
    return { dir, detail };
  }

  test('claimed by a running launcher: it is still writing the folder, naming the claim', async () => {
    const { dir, detail } = await folderClaimedWith(`${process.pid}\n`);
    expect(detail).toBe(
      `no such file yet: launcher pid ${process.pid} is still writing this folder (its claim: ${join(dir, claimFileName)}); try again when it ends`,
    );
  });

  test('claimed by a launcher no longer running: it was interrupted before writing it', async () => {
    const dead = spawnSync('true').pid;
    const { dir, detail } = await folderClaimedWith(`${dead}\n`);
    expect(detail).toBe(
      `no such file: launcher pid ${dead} was interrupted before writing it (it is no longer running; its claim: ${join(dir, claimFileName)})`,
    );
  });

  test('a claim with no pid yet: either, naming the claim; no claim: no manifest, and the CSVs found', async () => {
    const empty = await folderClaimedWith('');
    expect(empty.detail).toBe(
      `no such file: a launcher is still writing this folder, or was interrupted before writing it (its claim: ${join(empty.dir, claimFileName)})`,
    );
    const none = await folderClaimedWith(null);
    expect(none.detail).toMatch(/^no such file; found vm-0\.csv \(0 rows\) and no vm-K\.json: /);
    const empty2 = await mkdtemp(join(tmpdir(), 'clocklab-no-manifest-'));
    try {
      expect(await missingManifest(empty2)).toBe('no such file');
    } finally {
      await rm(empty2, { recursive: true, force: true });
    }
  });

  test('CSVs and no vm-K.json (VMs by hand that all failed): says what it found, each CSV with its rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-all-failed-'));
    try {
      const header =
        'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock,vector_clock';
      await writeFile(
        join(dir, 'vm-0.csv'),
        `${header}\n0,0,internal,2027-01-15T08:00:00.100Z,100.000,1,1,0,,,,{"0":1}\n`,
      );
      await writeFile(join(dir, 'vm-1.csv'), `${header}\n`);
      await writeFile(join(dir, 'vm-10.csv'), `${header}\n1,0,in`); // a cut last line is no row
      expect(await missingManifest(dir)).toBe(
        'no such file; found vm-0.csv (1 row), vm-1.csv (0 rows) and vm-10.csv (0 rows) and no vm-K.json: VMs run by hand ' +
          'that all failed (a VM writes its vm-K.json only when its session ends in order), or a run whose manifest.json ' +
          'is gone; nothing here records what ran, so its rows are not read',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a folder of VMs run by hand (vm-K.json beside the CSVs): says that nothing writes it, and that check reads it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-by-hand-'));
    try {
      await writeFile(join(dir, 'vm-0.csv'), '');
      await writeFile(join(dir, 'vm-0.json'), '{}');
      expect(await missingManifest(dir)).toBe(
        'no such file: VMs run by hand (vm-K.json here) write none: `launcher check` judges such a folder; analyze, report, compare and export read a folder `launcher run` wrote',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
