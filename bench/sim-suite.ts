/**
 * Step `sim`: the simulation engine. Its speed (ticks + deliveries per second of wall time, the default run and the
 * notebook study through the CLI, 1,000 VMs x 100/s x 60 s in a process of its own) and its faithfulness: the
 * notebook study under both engines with the same seeds and speed, figure by figure (sim-validation.ts).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { loadRunConfig } from '../config/load-config.js';
import { executeSim } from '../sim/execute-sim.js';
import { fitShiftedLogNormal } from '../sim/latency-fit.js';
import { fittedLoopback } from '../sim/latency-model.js';
import { logNormalQuantileUs } from '../sim/log-normal.js';
import { fitWake } from '../sim/wake-fit.js';
import { fittedWake } from '../sim/wake-model.js';
import { track } from './child-guard.js';
import { type BenchRow, failedRow, infoRow } from './result-table.js';
import { eventsPerSecond } from './sim-throughput.js';
import { compareStudies, formatComparison, measuredLatencies, measuredWakes, readStudy } from './sim-validation.js';
import { repoRoot, timedCli, timeText } from './timed-cli.js';

const scaleEntry = fileURLToPath(new URL('./sim-scale-run.js', import.meta.url));
const eventsTarget = 1_000_000;

export async function simSuite(workDir: string, log: (line: string) => void) {
  const rows: BenchRow[] = [];
  log('sim: events per second');
  await eventsPerSecond(3, 1000, 5, true); // warm-up: the optimising compiler
  const formatted = await eventsPerSecond(3, 1000, 120, true);
  const bare = await eventsPerSecond(3, 1000, 120, false);
  const wide = await eventsPerSecond(16, 1000, 20, true);
  const rate = (x: number) => `${(x / 1e6).toFixed(2)}M/s`;
  rows.push({
    metric: 'sim: ticks + deliveries per CPU second, 3 VMs @ 1000/s, rows formatted',
    figure: `${rate(formatted.perCpuSecond)} (${formatted.events} events, ${formatted.cpuS.toFixed(2)} s CPU; ${rate(formatted.perSecond)} per wall s)`,
    target: '>= 1M/s',
    pass: formatted.perCpuSecond >= eventsTarget,
  });
  rows.push(
    infoRow(
      'sim: the same, rows not formatted; 16 VMs @ 1000/s with rows',
      `${rate(bare.perCpuSecond)} per CPU s (${rate(bare.perSecond)} wall); 16 VMs: ${rate(wide.perCpuSecond)} per CPU s (${rate(wide.perSecond)} wall)`,
    ),
  );

  log('sim: the default run and the notebook study through the CLI');
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const loaded = await loadRunConfig(join(repoRoot, 'config/default.json'), { seed: 1 });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  await mkdir(join(workDir, 'in-process'), { recursive: true });
  const simulated = await executeSim(loaded.config, { dir: join(workDir, 'in-process'), runId: 'bench' });
  if (simulated.kind === 'io-failure') throw new Error(`sim bench: ${simulated.line}`);
  const cpu = process.cpuUsage(cpuBefore);
  const inProcessCpuS = (cpu.user + cpu.system) / 1e6;
  rows.push({
    metric: 'sim: the default 60 s run itself (executeSim: simulate, write CSVs and manifest)',
    figure: `${inProcessCpuS.toFixed(3)} s CPU, ${((performance.now() - wallBefore) / 1000).toFixed(3)} s wall`,
    target: '< 1 s',
    pass: inProcessCpuS < 1,
  });
  const run = await timedCli([
    'run',
    'config/default.json',
    '--engine',
    'sim',
    '--seed',
    '1',
    '--out',
    join(workDir, 'default'),
  ]);
  rows.push({
    metric: 'sim: `launcher run config/default.json --engine sim` (60 s), spawn to exit',
    figure: `${timeText(run)}, with Node's start, analysis, check and report`,
    target: '< 1 s CPU',
    pass: (run.cpuS ?? run.wallS) < 1,
  });
  const studyArgs = ['experiment', 'config/experiment.json', '--speed', '20', '--seed', '1000'];
  const study = await timedCli([...studyArgs, '--engine', 'sim', '--out', join(workDir, 'study-sim')]);
  rows.push({
    metric: `sim: notebook study (config/experiment.json, ${await trialCount(join(workDir, 'study-sim'))} one-minute trials), spawn to exit`,
    figure: `${timeText(study)}, with each trial's analysis and the summary`,
    target: '<= 5 s CPU',
    pass: (study.cpuS ?? study.wallS) <= 5,
  });

  log('sim: 1,000 VMs x 100/s x 60 s (a process of its own)');
  let big: Record<string, number> = {};
  try {
    const scale = await track(execaNode(scaleEntry, ['1000', '100', '60'], { reject: false, all: true }));
    if (scale.exitCode !== 0) throw new Error(`exit ${scale.exitCode}: ${scale.all?.slice(-300)}`);
    big = JSON.parse(scale.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
    rows.push(
      infoRow(
        'sim: 1,000 VMs x 100/s x 60 s (rules run, rows not formatted)',
        `${big.cpuS?.toFixed(1)} s CPU (${big.wallS?.toFixed(1)} s wall), peak RSS ${big.maxRssMb?.toFixed(0)} MB; ${big.ticks} ticks, ${big.deliveries} deliveries, ${big.pending} pending at the stop`,
      ),
    );
  } catch (error) {
    rows.push(failedRow('sim: 1,000 VMs x 100/s x 60 s', error));
  }

  log('sim: the notebook study under real processes (speed 20, 5 at once), same seeds');
  const real = await timedCli([...studyArgs, '--parallel', '5', '--out', join(workDir, 'study-real')]);
  const comparison = compareStudies(
    await readStudy(join(workDir, 'study-real')),
    await readStudy(join(workDir, 'study-sim')),
  );
  console.log(
    `\nsim vs processes, notebook study at speed 20, base seed 1000 (real study: ${real.wallS.toFixed(1)} s wall):`,
  );
  console.log(formatComparison(comparison));
  const inside = comparison.filter((c) => c.inside).length;
  rows.push({
    metric: 'sim vs processes: notebook study, sim mean inside the real trials range',
    figure: `${inside} of ${comparison.length} (variant x figure; table above)`,
    target: 'all',
    pass: inside === comparison.length,
  });
  const fit = fitShiftedLogNormal(await measuredLatencies(join(workDir, 'study-real')));
  if (fit !== undefined) {
    const p = fit.params;
    rows.push(
      infoRow(
        'sim: latency model refitted to this real study',
        `shiftUs ${p.shiftUs.toFixed(0)}, mu ${p.mu.toFixed(3)}, sigma ${p.sigma.toFixed(3)} (default: mu ${fittedLoopback.mu}, sigma ${fittedLoopback.sigma})`,
      ),
    );
  }
  const wakeFit = fitWake(await measuredWakes(join(workDir, 'study-real')));
  if (wakeFit !== undefined) {
    const p = wakeFit.params;
    rows.push(
      infoRow(
        'sim: wake-up model refitted to this real study',
        `mu ${p.mu.toFixed(3)}, sigma ${p.sigma.toFixed(3)}: p50 ${logNormalQuantileUs(p, 0).toFixed(0)} us (default: mu ${fittedWake.mu}, sigma ${fittedWake.sigma}: p50 ${logNormalQuantileUs(fittedWake, 0).toFixed(0)} us)`,
      ),
    );
  }
  return { rows, formatted, bare, wide, run, study, big, real, comparison, fit, wakeFit };
}

/** How many trials a study folder's summary holds (config/experiment.json sets it; it has changed before). */
async function trialCount(studyDir: string): Promise<number> {
  const summary = JSON.parse(await readFile(join(studyDir, 'summary.json'), 'utf8')) as { trials: unknown[] };
  return summary.trials.length;
}
