/**
 * `npm run bench`: the fixed performance suite. Prints `metric | figure | target | pass/fail`, then the same as a
 * block to paste into the README's Performance section as it is, and writes bench/results.json (gitignored).
 * `--only punctuality,fidelity,latency,startup,analysis,sim,hosts` runs a subset (hosts: VMs on network namespace
 * hosts over ssh; skipped, saying why, without root, ip or sshd).
 * Run folders go to a fresh /tmp/clocklab-bench-* folder that is removed at the end, whatever happens; every
 * process a step started is ended when the step ends (child-guard.ts).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analysisStep } from './analysis-step.js';
import { atExit, killAll } from './child-guard.js';
import { fidelitySuite } from './fidelity-suite.js';
import { hostsSuite, hostsUnavailable } from './hosts-suite.js';
import { latencySuite } from './latency-suite.js';
import { startLoadMeter } from './load-meter.js';
import { punctualitySuite } from './punctuality-suite.js';
import { readmeBlock } from './readme-block.js';
import { type BenchRow, formatTable, infoRow } from './result-table.js';
import { simSuite } from './sim-suite.js';
import { startupSuite } from './startup-suite.js';

type StepResult = { rows: BenchRow[]; details: unknown };
type Step = {
  name: string;
  run(workDir: string): Promise<StepResult>;
  /** Why the step cannot run on this machine (it is then skipped, saying so), or undefined. */
  unavailable?(): string | undefined;
};

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const asStep = (p: Promise<{ rows: BenchRow[] } & Record<string, unknown>>): Promise<StepResult> =>
  p.then(({ rows, ...details }) => ({ rows, details }));

const steps: Step[] = [
  { name: 'punctuality', run: (dir) => asStep(punctualitySuite(dir, log)) },
  { name: 'fidelity', run: (dir) => asStep(fidelitySuite(dir, log)) },
  { name: 'latency', run: (dir) => asStep(latencySuite(dir, log)) },
  { name: 'startup', run: (dir) => asStep(startupSuite(dir, log)) },
  { name: 'analysis', run: () => asStep(analysisStep(log)) },
  { name: 'sim', run: (dir) => asStep(simSuite(dir, log)) },
  // Last, so the other steps run as before: needs root, ip and sshd for its namespace hosts.
  { name: 'hosts', run: (dir) => asStep(hostsSuite(dir, log)), unavailable: hostsUnavailable },
];

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const resultsFile = fileURLToPath(new URL('../../bench/results.json', import.meta.url));

const definitions = [
  'on time: share of the rate x duration ticks due whose row was stamped at most one period after its deadline k/rate',
  '  (worst VM; late = elapsed_ms - k*1000/rate); achieved = (ticks - 1) / elapsed_ms of the last tick over the rate.',
  '  bare: as many bare Node processes at the same rate, same tick loop and waits, same start barrier, measured right',
  '  after the clocklab run; CPU per tick from /proc (VMs) and process.cpuUsage (bare).',
  'latency: sender stamp just before the socket write -> frame in the receiver network queue (VMs: the epoch clock of',
  '  shared/precise-epoch.ts on both ends; harness: CLOCK_MONOTONIC, one clock for every process).',
  'start-up: spawning `launcher run` -> manifest.startEpochMs (tick 0 of every VM). CPU: /proc utime+stime.',
].join('\n');

/** The commit measured, marked `+dirty` when vm/, launcher/ or shared/ hold uncommitted changes. */
function gitRevision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', cwd: repoRoot }).trim();
    const dirty = git('status', '--porcelain', '--', 'vm', 'launcher', 'shared') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? '+dirty' : ''}`;
  } catch {
    return 'unknown revision';
  }
}

async function main(argv: string[]): Promise<number> {
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt === -1 ? undefined : (argv[onlyAt + 1] ?? '').split(',');
  const selected = steps.filter((s) => only === undefined || only.includes(s.name));
  const workDir = await mkdtemp(join(tmpdir(), 'clocklab-bench-'));
  atExit(() => rmSync(workDir, { recursive: true, force: true }));
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  let failed = 0;
  try {
    for (const step of selected) {
      const skipped = step.unavailable?.();
      if (skipped !== undefined) {
        log(`${step.name} skipped: ${skipped}`);
        rows.push(infoRow(`${step.name}: skipped`, skipped));
        details[step.name] = { skipped };
        continue;
      }
      const meter = startLoadMeter();
      try {
        const result = await step.run(join(workDir, step.name));
        rows.push(...result.rows);
        details[step.name] = result.details;
      } catch (error) {
        failed += 1;
        const message = error instanceof Error ? error.message : String(error);
        rows.push({ metric: `${step.name}: step failed`, figure: message.slice(0, 160), target: '-', pass: false });
        details[step.name] = { error: message };
      } finally {
        killAll();
      }
      const load = meter();
      const figure = `${load.otherCores.toFixed(2)} cores busy outside the bench (bench ${load.benchCores.toFixed(2)}); load avg ${load.loadAvg1.toFixed(1)}`;
      rows.push(infoRow(`machine load during ${step.name} (${load.seconds.toFixed(0)} s)`, figure));
      details[`${step.name}Load`] = load;
      log(`${step.name} done in ${load.seconds.toFixed(1)} s`);
    }
  } finally {
    killAll();
    await rm(workDir, { recursive: true, force: true });
  }
  const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
  const revision = gitRevision();
  console.log(`clocklab bench at ${revision} on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}`);
  console.log(formatTable(rows));
  console.log(definitions);
  const missed = rows.filter((r) => r.pass === false).length;
  console.log(`${rows.filter((r) => r.pass === true).length} targets met, ${missed} missed`);
  const block = readmeBlock(rows, { revision, machine, date: new Date().toISOString(), loadAvg: loadavg() });
  console.log(`\nREADME block (paste into the Performance section as it is):\n\n${block}`);
  await writeFile(
    resultsFile,
    `${JSON.stringify({ date: new Date().toISOString(), revision, machine, rows, details, readme: block }, null, 2)}\n`,
  );
  console.log(`results: ${resultsFile}`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
