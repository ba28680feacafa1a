/**
 * The experiment summary: every complete trial analysed by `analyzeRun` (the figures `analyze` gives, also saved as
 * the trial's own summary.json), reduced to one number per figure per trial, then mean and spread per variant
 * (variant-summary.ts), plus every VM as a point (rate vs figures) for the charts and the per-rate table. Trials that
 * are not complete are listed with why, and left out of the figures.
 */
import { relative } from 'node:path';
import { analyzeRun } from '../analysis/analyze-run.js';
import { csvRowsLost, runCsvIssues } from '../analysis/csv-issues.js';
import { failsCheckLine, folderVerdict } from '../analysis/fails-check.js';
import { writeSummary } from '../analysis/write-summary.js';
import type { ExperimentPlan, Trial } from './experiment-plan.js';
import { type ClaimResult, judgeClaims } from './judge-claims.js';
import { type FigureKey, figures, type TrialFigures, trialFigures } from './trial-figures.js';
import { trialState } from './trial-folder.js';
import { type VariantSummary, variantSummary } from './variant-summary.js';
import { type VmPoint, vmPoints } from './vm-points.js';

export type TrialRecord = {
  variant: string;
  k: number;
  seed: number;
  /** Relative to the experiment folder. */
  dir: string;
  status: 'ok' | 'incomplete' | 'missing' | 'unreadable';
  /** Why a trial is not ok; for an ok one, what of its CSVs the figures left out (null: nothing). */
  detail: string | null;
  /**
   * An ok trial whose folder `launcher check` rejects (a row edited or pasted in since the run): its figures are in
   * the summary, and this line says so as `analyze` of the trial does (`figures from a folder that fails check: ...`);
   * null when it passes, and for a trial not ok.
   */
  failsCheck: string | null;
  /** Per VM, ticks per experiment second. */
  clockRates: number[] | null;
  figures: TrialFigures | null;
};

/** `ok`, `incomplete: status failed: ...`, `ok: VM 1: ...; figures from a folder that fails check: ...`. */
export function trialStatusText(t: TrialRecord): string {
  const said = [t.detail, t.failsCheck].filter((part) => part !== null);
  return said.length === 0 ? t.status : `${t.status}: ${said.join('; ')}`;
}

export type ExperimentSummary = {
  experiment: string;
  description: string | null;
  file: string;
  dir: string;
  seed: number;
  parallel: number;
  generatedAt: string;
  figures: { key: FigureKey; label: string; about: string }[];
  /** A verdict on each claim the experiment file names (README, Experiments: Claims). */
  claims: ClaimResult[];
  /** The swept key paths and their values; null without a sweep. */
  sweep: ExperimentPlan['sweep'];
  variants: VariantSummary[];
  trials: TrialRecord[];
  vms: VmPoint[];
};

/** `stop` (a signal to the CLI) is checked before each trial: once aborted, no more is analysed or written. */
export async function summarizeExperiment(
  plan: ExperimentPlan,
  trials: readonly Trial[],
  dir: string,
  stop?: AbortSignal,
): Promise<ExperimentSummary | 'interrupted'> {
  const records: TrialRecord[] = [];
  const points: VmPoint[] = [];
  for (const trial of trials) {
    if (stop?.aborted) return 'interrupted';
    const base = { variant: trial.variant, k: trial.k, seed: trial.seed, dir: relative(dir, trial.dir) };
    const state = await trialState(trial);
    if (state.kind !== 'complete') {
      const status = state.kind === 'absent' ? 'missing' : 'incomplete';
      const detail = state.kind === 'absent' ? 'not run' : state.kind === 'incomplete' ? state.why : state.detail;
      records.push({ ...base, status, detail, failsCheck: null, clockRates: null, figures: null });
      continue;
    }
    const analysed = await analyzeRun(trial.dir);
    if (!analysed.ok) {
      const detail = `${analysed.file}: ${analysed.detail}`;
      const clockRates = state.manifest.clockRates;
      records.push({ ...base, status: 'unreadable', detail, failsCheck: null, clockRates, figures: null });
      continue;
    }
    const { analysis } = analysed;
    // The trial folder gets the summary.json `analyze --summary` writes, so each trial reads on its own.
    const written = await writeSummary(trial.dir, analysed);
    if (!written.ok) {
      records.push({
        ...base,
        status: 'unreadable',
        detail: `${written.file}: ${written.detail}`,
        failsCheck: null,
        clockRates: state.manifest.clockRates,
        figures: null,
      });
      continue;
    }
    // Hand-edited or cut after the run: the figures come from the rows that read, and the trial says so.
    const issues = runCsvIssues(analysis.vms);
    const rowsLost = analysis.vms.some((vm) => csvRowsLost(vm.csv));
    // As `analyze` of the trial judges it: check.json while it describes the folder, else each VM's own rows.
    const fails = await folderVerdict(analysis);
    records.push({
      ...base,
      status: 'ok',
      detail:
        issues === null
          ? null
          : `${issues}, ${rowsLost ? 'left out of the figures; launcher check names them' : 'read past'}`,
      failsCheck: fails === null ? null : failsCheckLine('figures', fails),
      clockRates: state.manifest.clockRates,
      figures: trialFigures(analysis),
    });
    points.push(...vmPoints(trial.variant, trial.k, analysis));
  }
  const variants = plan.variants.map((variant) => variantSummary(variant, records, points));
  const summary: ExperimentSummary = {
    experiment: plan.name,
    description: plan.description,
    file: plan.file,
    dir,
    seed: plan.seed,
    parallel: plan.parallel,
    generatedAt: new Date().toISOString(),
    figures: figures.map(({ key, label, about }) => ({ key, label, about })),
    claims: judgeClaims(plan.claims, records, points, plan.seed),
    sweep: plan.sweep,
    variants,
    trials: records,
    vms: points,
  };
  return summary;
}
