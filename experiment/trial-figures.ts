/**
 * The figures an experiment compares, each taken from one trial's `analyzeRun` result: one number per trial, so that
 * a variant's trials give a mean and a spread. Each says how it reduces the trial's VMs to one number.
 */
import type { RunAnalysis, VmAnalysis } from '../analysis/run-analysis.js';
import { maxOf, meanOf, minOf, ratio, sumOf } from './figure-reductions.js';

type Figure = {
  key: string;
  label: string;
  /** How the trial's VMs become one number (null: no VM had the figure, e.g. no gaps at all). */
  about: string;
  of: (vms: readonly VmAnalysis[]) => number | null;
  digits: number;
};

export const figures = [
  {
    key: 'jumpMean',
    label: 'jump mean',
    about: "mean over the trial's VMs of each VM's mean clock jump (all events)",
    of: (vms) => meanOf(vms.map((vm) => vm.clock.jumps.mean)),
    digits: 2,
  },
  {
    key: 'jumpP95',
    label: 'jump p95',
    about: "mean over the VMs of each VM's 95th-percentile jump",
    of: (vms) => meanOf(vms.map((vm) => vm.clock.jumps.p95)),
    digits: 1,
  },
  {
    key: 'jumpMax',
    label: 'jump max',
    about: 'largest jump of any VM',
    of: (vms) => maxOf(vms.map((vm) => vm.clock.jumps.max)),
    digits: 0,
  },
  {
    key: 'gapShare',
    label: 'gap share',
    about: 'events with a jump above 1 (gaps), as a share of all events of every VM',
    of: (vms) => ratio(sumOf(vms.map((vm) => vm.clock.gaps.count)), sumOf(vms.map((vm) => vm.clock.jumps.count))),
    digits: 3,
  },
  {
    key: 'gapMean',
    label: 'gap mean',
    about: "mean over the VMs (with gaps) of each VM's mean gap jump",
    of: (vms) => meanOf(vms.map((vm) => vm.clock.gaps.mean)),
    digits: 2,
  },
  {
    key: 'driftMean',
    label: 'drift mean',
    about: "mean over the VMs of each VM's mean drift (clock minus the leader's; <= 0)",
    of: (vms) => meanOf(vms.map((vm) => vm.drift.mean)),
    digits: 1,
  },
  {
    key: 'driftWorst',
    label: 'drift worst',
    about: 'lowest drift of any VM at any grid point: the largest lag behind the leader',
    of: (vms) => minOf(vms.map((vm) => vm.drift.worst)),
    digits: 0,
  },
  {
    key: 'queueMean',
    label: 'queue mean',
    about: "mean over the VMs of each VM's mean queue length",
    of: (vms) => meanOf(vms.map((vm) => vm.queue.mean)),
    digits: 2,
  },
  {
    key: 'queueMax',
    label: 'queue max',
    about: 'longest queue of any VM',
    of: (vms) => maxOf(vms.map((vm) => vm.queue.max)),
    digits: 0,
  },
  {
    key: 'unboundedQueues',
    label: 'unbounded queues',
    about: 'VMs whose queue grows without bound (analysis rule)',
    of: (vms) => vms.filter((vm) => vm.queue.unbounded).length,
    digits: 1,
  },
  {
    key: 'rateRatio',
    label: 'achieved/configured',
    about:
      "mean over the VMs of achieved rate / configured rate (ticks logged / ticks due, up to each VM's own stop: a VM a kill left down owes none after it)",
    of: (vms) => meanOf(vms.map((vm) => ratio(vm.ticks.achievedRate, vm.ticks.configuredRate))),
    digits: 3,
  },
  {
    key: 'rateRatioMin',
    label: 'achieved/configured min',
    about: 'lowest achieved / configured rate of any VM (ticks logged / due, as above)',
    of: (vms) => minOf(vms.map((vm) => ratio(vm.ticks.achievedRate, vm.ticks.configuredRate))),
    digits: 3,
  },
  {
    key: 'lateShare',
    label: 'late share',
    about:
      "ticks run more than one period after their deadline, as a share of every VM's ticks: how often the machine " +
      'fell behind (catch-up keeps the achieved rate right all the same)',
    of: (vms) =>
      ratio(sumOf(vms.map((vm) => vm.ticks.late.ticks)), sumOf(vms.map((vm) => vm.ticks.logged - vm.csv.badRows))),
    digits: 3,
  },
] as const satisfies readonly Figure[];

export type FigureKey = (typeof figures)[number]['key'];
export type TrialFigures = Record<FigureKey, number | null>;

export function trialFigures(analysis: RunAnalysis): TrialFigures {
  const entries = figures.map((figure) => [figure.key, figure.of(analysis.vms)] as const);
  return Object.fromEntries(entries) as TrialFigures;
}
