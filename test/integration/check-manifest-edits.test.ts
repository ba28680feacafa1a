/**
 * `launcher check` on real run folders edited afterwards: the manifest's own accounting is held to the rows, not
 * trusted. Each test copies one run the built CLI made and edits the copy, as a user or a tool could.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, tempDir } from './cli-harness.js';

type Json = Record<string, unknown>;

describe('check on a run folder edited after the run', () => {
  let dir: { path: string; remove(): Promise<void> };
  let run: string;
  beforeAll(async () => {
    dir = await tempDir();
    const config = join(dir.path, 'five.json');
    // One rate for every VM: 5/s over 2 s is ticks 0..9, deadlines 0..1800 ms.
    await writeFile(
      config,
      JSON.stringify({ machines: 3, clockRate: { min: 5, max: 5 }, eventRange: 4, durationSeconds: 2, seed: 3 }),
    );
    run = join(dir.path, 'run');
    const made = await launcher(['run', config, '--out', run], dir.path);
    expect(made.stdout).toMatch(/^check: valid: /m);
    expect(made.exitCode).toBe(0);
  });
  afterAll(() => dir.remove());

  /** A copy of the run with its manifest edited. */
  async function withManifest(name: string, edit: (manifest: Json) => Json): Promise<string> {
    const copy = join(dir.path, name);
    await cp(run, copy, { recursive: true });
    const file = join(copy, 'manifest.json');
    await writeFile(file, JSON.stringify(edit(JSON.parse(await readFile(file, 'utf8')) as Json), null, 2));
    return copy;
  }

  test("a VM's entry deleted from vms: refused as an invalid manifest, naming the field", async () => {
    const copy = await withManifest('no-vm-0', (m) => ({ ...m, vms: (m.vms as Json[]).filter((vm) => vm.id !== 0) }));
    const check = await launcher(['check', copy], dir.path);
    expect({ exit: check.exitCode, out: check.stdout, err: check.stderr }).toEqual({
      exit: 2,
      out: '',
      err: `unreadable: ${join(copy, 'manifest.json')}: vms: found no entry for VM 0; allowed: one entry per VM, ids 0..2 (machines 3)`,
    });
  });
});
