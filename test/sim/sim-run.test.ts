/**
 * `launcher run --engine sim` through the built CLI: byte-identical reruns, a run folder every reader accepts
 * (check, analyze, report, export), the VMs' own draws, the config key and the flag, and what the engine refuses.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chooseAction } from '../../model/event-choice.js';
import { seededRandom, vmStream } from '../../shared/seeded-random.js';
import { type CsvRow, launcher, projectRoot, readCsv, readManifest, tempDir } from '../integration/cli-harness.js';

const config = {
  machines: 4,
  clockRate: { min: 5, max: 40 },
  eventRange: 6,
  durationSeconds: 20,
  seed: 77,
  faults: {
    links: [{ from: 0, to: 2, dropProbability: 0.2 }, { delay: { kind: 'exponential', meanMs: 20 } }],
    partitions: [
      {
        groups: [
          [0, 1],
          [2, 3],
        ],
        fromSecond: 4,
        toSecond: 7,
      },
    ],
    pauses: [{ vm: 3, atSecond: 9, forSeconds: 2 }],
    kills: [{ vm: 1, atSecond: 12, restartAfterSeconds: 1.5, clock: 'kept' }],
  },
};
/** What names when a run was made; everything else in the manifest must repeat. */
const whenFields = ['runId', 'startedAt', 'endedAt'];

let dir: { path: string; remove(): Promise<void> };
const configFile = () => join(dir.path, 'sim.json');
const runDir = (name: string) => join(dir.path, name);

beforeAll(async () => {
  dir = await tempDir();
  await writeFile(configFile(), JSON.stringify(config));
  const [a, b] = await Promise.all([
    launcher(['run', configFile(), '--engine', 'sim', '--out', runDir('a')], dir.path),
    launcher(['run', configFile(), '--engine', 'sim', '--out', runDir('b')], dir.path),
  ]);
  expect([a.exitCode, a.all]).toEqual([0, expect.stringContaining('check: valid')]);
  expect([b.exitCode, b.all]).toEqual([0, expect.stringContaining('check: valid')]);
});

afterAll(async () => {
  await dir.remove();
});

const files = ['vm-0.csv', 'vm-1.csv', 'vm-2.csv', 'vm-3.csv', 'faults.csv'];

describe('launcher run --engine sim', () => {
  test.each(files)('%s is byte-identical in a rerun with the same config and seed', async (file) => {
    const [a, b] = await Promise.all([readFile(join(runDir('a'), file)), readFile(join(runDir('b'), file))]);
    expect(a.length).toBeGreaterThan(100);
    expect(a.equals(b)).toBe(true);
  });

  test('the manifest repeats apart from the fields that say when the run was made, and says engine "sim"', async () => {
    const strip = (m: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(m).filter(([k]) => !whenFields.includes(k)));
    const [a, b] = await Promise.all([readManifest(runDir('a')), readManifest(runDir('b'))]);
    expect(strip(a)).toEqual(strip(b));
    expect([a.engine, a.config.engine, a.status]).toEqual(['sim', 'sim', 'ok']);
    expect(a.vms.map((vm) => vm.exit)).toEqual(['done', 'done', 'done', 'done']);
    expect(a.vms[0]?.droppedBy?.partition).toBeGreaterThan(0);
    expect(a.vms[0]?.droppedBy?.injectedDrop).toBeGreaterThan(0);
  });

  test('check, analyze, report, export and compare read the run folder unchanged', async () => {
    const [check, analyze, report, shiviz, compare] = await Promise.all([
      launcher(['check', runDir('a')], dir.path),
      launcher(['analyze', runDir('a')], dir.path),
      launcher(['report', runDir('a'), '--out', join(dir.path, 'a.html')], dir.path),
      launcher(['export', runDir('a'), '--format', 'shiviz', '--out', join(dir.path, 'a.shiviz')], dir.path),
      launcher(['compare', runDir('a'), runDir('b')], dir.path),
    ]);
    expect(compare.exitCode).toBe(0);
    expect([check.exitCode, check.all]).toEqual([0, expect.stringMatching(/^valid/m)]);
    expect(analyze.exitCode).toBe(0);
    expect(report.exitCode).toBe(0);
    expect(shiviz.exitCode).toBe(0);
    expect(await readFile(join(dir.path, 'a.html'), 'utf8')).toContain('sim engine (virtual time)');
  });

  test("every row a VM drew is the next draw of that VM's seeded stream, as in a VM process", async () => {
    const wrong: string[] = [];
    for (let vm = 0; vm < config.machines; vm++) {
      const { rows } = await readCsv(join(runDir('a'), `vm-${vm}.csv`));
      // VM 1 was restarted: its second life draws its stream again from the start, as a new process does.
      const lives = vm === 1 ? splitAtRestart(rows) : [rows];
      for (const life of lives) {
        const random = seededRandom(config.seed, vmStream(vm));
        for (const row of life.filter((r) => r.event !== 'receive')) {
          const action = chooseAction(random.int(1, config.eventRange), vm, config.machines);
          const expected = action.kind === 'internal' ? 'internal' : `send ${[...action.to].sort().join(';')}`;
          const found = row.event === 'internal' ? 'internal' : `send ${row.peer}`;
          if (found !== expected) wrong.push(`vm${vm} tick ${row.tick}: ${found}, drew ${expected}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('the config key works without the flag, and a fixed basePort is ignored with a note', async () => {
    const file = join(dir.path, 'keyed.json');
    await writeFile(file, JSON.stringify({ ...config, engine: 'sim', network: { basePort: 6100 } }));
    const result = await launcher(['run', file, '--out', runDir('keyed')], dir.path);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/^note: .*network\.basePort 6100 is ignored by the sim engine/m);
    expect((await readManifest(runDir('keyed'))).engine).toBe('sim');
    const [a, keyed] = await Promise.all([
      readFile(join(runDir('a'), 'vm-2.csv')),
      readFile(join(runDir('keyed'), 'vm-2.csv')),
    ]);
    expect(keyed.equals(a)).toBe(true);
  });

  test('an unknown engine is refused with one line naming the option, exit 2', async () => {
    const result = await launcher(['run', configFile(), '--engine', 'warp', '--out', runDir('warp')], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--engine/);
    const keyed = join(dir.path, 'bad-engine.json');
    await writeFile(keyed, JSON.stringify({ ...config, engine: 'warp' }));
    const fromFile = await launcher(['run', keyed, '--out', runDir('warp2')], dir.path);
    expect(fromFile.exitCode).toBe(2);
    expect(fromFile.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^.*bad-engine\.json: engine: /)]);
  });

  test('the schema editors use knows the engine key', async () => {
    const schema = JSON.parse(await readFile(join(projectRoot, 'config/schema.json'), 'utf8')) as {
      properties: Record<string, { enum?: string[] }>;
    };
    expect(schema.properties.engine?.enum).toEqual(['processes', 'sim']);
  });
});

/** A restarted VM's rows: its tick numbers jump past the deadlines it was down for. */
function splitAtRestart(rows: CsvRow[]): CsvRow[][] {
  const at = rows.findIndex((row, i) => i > 0 && Number(row.tick) !== Number(rows[i - 1]?.tick) + 1);
  return at === -1 ? [rows] : [rows.slice(0, at), rows.slice(at)];
}
