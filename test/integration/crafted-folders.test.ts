/**
 * Crafted run folders, as an unfriendly local process could leave them: FIFOs and folders under a run file's name,
 * links to devices, a manifest claiming 50,000 machines, cut and endless lines, random bytes. Every reader command
 * (analyze, check, report, export) must end with 0, 1, 2 or 5 (done, from a folder check rejects) and one clear
 * line, never hang and never crash. The
 * kill timeout is a generous bound for "hangs", not a performance figure.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import fc from 'fast-check';
import { fixtureRun } from '../analysis/fixture-runs.js';
import { launcherBin, tempDir } from './cli-harness.js';

const hangMs = 60_000;

type FileKind = 'as-is' | 'missing' | 'fifo' | 'folder' | 'dev-zero' | 'random' | 'cut' | 'endless' | 'long-line';
type ManifestKind = FileKind | 'huge-machines' | 'not-json' | 'odd-numbers';
type Folder = {
  manifest: ManifestKind;
  csvs: [FileKind, FileKind];
  faults: FileKind;
  caches: FileKind;
  bytes: Uint8Array;
};

const fileKind = fc.constantFrom<FileKind>(
  'as-is',
  'missing',
  'fifo',
  'folder',
  'dev-zero',
  'random',
  'cut',
  'endless',
  'long-line',
);
const folder: fc.Arbitrary<Folder> = fc.record({
  manifest: fc.oneof(fileKind, fc.constantFrom<ManifestKind>('huge-machines', 'not-json', 'odd-numbers')),
  csvs: fc.tuple(fileKind, fileKind),
  faults: fileKind,
  caches: fileKind,
  bytes: fc.uint8Array({ minLength: 1, maxLength: 4096 }),
});

/** Replaces `file` (a copy of the fixture's, or absent) by the kind asked for. */
async function craft(file: string, kind: FileKind, bytes: Uint8Array): Promise<void> {
  const original = await readFile(file).catch(() => Buffer.from('vm,tick\n'));
  if (kind === 'as-is') return;
  await rm(file, { force: true, recursive: true });
  switch (kind) {
    case 'missing':
      return;
    case 'fifo':
      execFileSync('mkfifo', [file]);
      return;
    case 'folder':
      await mkdir(file);
      return;
    case 'dev-zero':
      await symlink('/dev/zero', file);
      return;
    case 'random':
      await writeFile(file, bytes);
      return;
    case 'cut':
      await writeFile(file, original.subarray(0, Math.max(1, original.length - 7)));
      return;
    case 'endless':
      // Megabytes after the last newline: a cut line no reader may scan again and again.
      await writeFile(file, Buffer.concat([original, Buffer.alloc(8 * 1024 * 1024, 0x37)]));
      return;
    case 'long-line':
      await writeFile(file, Buffer.concat([original, Buffer.alloc(3 * 1024 * 1024, 0x2c), Buffer.from('\n')]));
      return;
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}

async function build(dir: string, f: Folder): Promise<void> {
  await cp(fixtureRun('basic'), dir, { recursive: true });
  const manifestFile = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
  if (f.manifest === 'huge-machines') {
    const machines = 50_000;
    await writeFile(
      manifestFile,
      JSON.stringify({ ...manifest, config: { ...manifest.config, machines }, clockRates: Array(machines).fill(1) }),
    );
  } else if (f.manifest === 'not-json') await writeFile(manifestFile, Buffer.from(f.bytes));
  else if (f.manifest === 'odd-numbers') {
    await writeFile(manifestFile, JSON.stringify({ ...manifest, speed: 1e-300, clockRates: [1e308, 5e-324] }));
  } else await craft(manifestFile, f.manifest, f.bytes);
  await craft(join(dir, 'vm-0.csv'), f.csvs[0], f.bytes);
  await craft(join(dir, 'vm-1.csv'), f.csvs[1], f.bytes);
  await writeFile(join(dir, 'faults.csv'), 'elapsed_ms,experiment_s,kind,vm,peer,detail\n');
  await craft(join(dir, 'faults.csv'), f.faults, f.bytes);
  await writeFile(join(dir, 'check.json'), '{}');
  await writeFile(join(dir, 'summary.json'), '{}');
  await craft(join(dir, 'check.json'), f.caches, f.bytes);
  await craft(join(dir, 'summary.json'), f.caches, f.bytes);
}

const commands = (dir: string): string[][] => [
  ['analyze', dir],
  ['check', dir],
  ['report', dir, '--out', join(dir, '..', `${dir.split('/').at(-1)}.html`)],
  ['export', dir, '--format', 'shiviz', '--out', join(dir, '..', `${dir.split('/').at(-1)}.shiviz`)],
];

describe('crafted run folders', () => {
  let root: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    root = await tempDir();
  });
  afterAll(() => root.remove());

  test('every reader command exits 0, 1, 2 or 5, in time, without a crash', async () => {
    let n = 0;
    const example = (manifest: ManifestKind, csvs: [FileKind, FileKind], faults: FileKind = 'as-is'): [Folder] => [
      { manifest, csvs, faults, caches: faults, bytes: new Uint8Array([0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0x22]) },
    ];
    await fc.assert(
      fc.asyncProperty(folder, async (f) => {
        const dir = join(root.path, `run-${n++}`);
        await build(dir, f);
        const results = await Promise.all(
          commands(dir).map((args) =>
            execaNode(launcherBin, args, { cwd: root.path, reject: false, all: true, timeout: hangMs }),
          ),
        );
        for (const [i, r] of results.entries()) {
          const seen = { folder: f, command: commands(dir)[i]?.[0], exit: r.exitCode, timedOut: r.timedOut };
          const exitOk = [0, 1, 2, 5].includes(r.exitCode ?? -1);
          expect({ ...seen, exitOk }).toEqual({ ...seen, exitOk: true, timedOut: false });
          // A crash prints a stack; a refusal is a line or a few that say what and why.
          expect({ ...seen, output: r.all }).not.toMatchObject({
            output: expect.stringMatching(/^\s+at .+:\d+:\d+\)?$/m),
          });
        }
        await rm(dir, { recursive: true, force: true });
      }),
      {
        numRuns: 6,
        examples: [
          example('fifo', ['as-is', 'as-is']),
          example('as-is', ['fifo', 'dev-zero'], 'fifo'),
          example('huge-machines', ['as-is', 'as-is']),
          example('as-is', ['endless', 'long-line'], 'random'),
        ],
      },
    );
  }, 600_000);
});
