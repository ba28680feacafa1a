/**
 * The lines that say up to when a run's ticks are counted as due, where that is not simply its configured end: for
 * `analyze` (every line) and the report (the lines its header does not already say). An interrupted run's manifest
 * names the instant every VM stopped at. A failed run has none, nor one whose VMs a second signal killed before that
 * instant, nor one whose remote VMs each stopped on its own, having heard nothing from a suspended launcher: each
 * VM's ticks are due up to its own stop, as the launcher recorded it, else (an older manifest, a VM whose end the
 * launcher did not see) as its last row says. In a run with a common stop, a VM that stopped before it (an injected
 * kill it was not restarted from) has ticks due up to its own stop: those after it were lost with it, not late. A VM
 * killed and restarted lost the ticks due while it was down (restart-downtime.ts): one line says when, and how many.
 * A VM that died without the launcher's kill died between its last row and its exit seen: one line says how many
 * ticks due in between are counted neither on time nor late (unseen-death.ts).
 */
import { injectedKillExit } from '../run-folder/run-ending.js';
import { counted } from '../shared/counted.js';
import type { RunAnalysis, VmAnalysis } from './run-analysis.js';
import { runStop, ticksDueBeforeStop } from './run-stop.js';

/** The figures `analyze` counts against the ticks due (the report: `ticks due and achieved rate`). */
const analyzeFigures = 'ticks due, on time and achieved';

/** Every line for `analyze`: the signal's stop, or each VM's own stop, and each VM that stopped before the run. */
export function dueTicksLines(a: RunAnalysis): string[] {
  if (a.stoppedAtMs === null) return ownStopLines(a);
  const stop = `stopped by a signal at ${seconds(a.stoppedAtMs)} s of ${a.durationSeconds} s: ${analyzeFigures} count up to then`;
  return [stop, ...ownStopLines(a)];
}

/**
 * The lines about VMs' own stops: the run's when it had no common stop, else each VM that stopped before it.
 * `figures`: what the reader is shown that counts against the ticks due.
 */
export function ownStopLines(a: RunAnalysis, figures = analyzeFigures): string[] {
  // With no row at all there are no figures to qualify (the caller says so).
  if (a.rows === 0) return [];
  const restarted = a.vms.filter((vm) => restartsLost(vm) > 0).map((vm) => restartedLine(a, vm));
  const died = a.vms.flatMap((vm) => unseenDeathLines(a, vm));
  if (a.dueToOwnStops) return [noCommonStopLine(a, figures), ...restarted, ...killedBeforeLastStopLines(a), ...died];
  // A VM that died unseen counts up to its last row, not its stop: its own line says so.
  const early = a.vms.filter(
    (vm) =>
      vm.ticks.stopMs !== null &&
      vm.ticks.unseenDeath === undefined &&
      vm.ticks.due + restartsLost(vm) < vm.ticks.expected,
  );
  return [...restarted, ...early.map((vm) => stoppedBeforeLine(a, vm, figures)), ...died];
}

/**
 * A VM that died without the launcher's kill, with ticks due between its last row and its stop: whether each was
 * lost with it or late, no one can tell (unseen-death.ts), so the figures count neither.
 */
function unseenDeathLines(a: RunAnalysis, vm: VmAnalysis): string[] {
  const death = vm.ticks.unseenDeath;
  if (death === undefined || death.uncounted === 0) return [];
  const from =
    death.lastRowMs === null ? 'the start (it logged no row)' : `${seconds(death.lastRowMs)} s (its last row)`;
  const seen = `its exit seen${death.exitSeenMs > death.stopMs ? ` at ${seconds(death.exitSeenMs)} s` : ''}`;
  const to =
    death.exitSeenMs > death.stopMs
      ? `${seconds(death.stopMs)} s (its stop; ${seen})`
      : `${seconds(death.stopMs)} s (${seen})`;
  const ticks =
    death.uncounted === 1 ? 'the 1 tick due in between is' : `the ${death.uncounted} ticks due in between are`;
  return [
    `VM ${vm.id} died between ${from} and ${to} of ${a.durationSeconds} s: ${ticks} counted neither on time nor late`,
  ];
}

/** The ticks a VM lost while restarts' kills held it down (left out of its due). */
const restartsLost = (vm: VmAnalysis): number => vm.ticks.restarts.reduce((sum, restart) => sum + restart.lost, 0);

/** A VM killed and restarted by injected faults: when it was down, and the ticks due meanwhile, lost with it. */
function restartedLine(a: RunAnalysis, vm: VmAnalysis): string {
  const { restarts } = vm.ticks;
  const times = restarts.length === 1 ? '' : ` ${restarts.length} times`;
  const spans = restarts.map((r) => `from ${seconds(r.killMs)} s to ${seconds(r.rejoinMs)} s`).join(' and ');
  const lost = `the ${counted(restartsLost(vm), 'tick')} due meanwhile were lost with ${restarts.length === 1 ? 'it' : 'them'}, not late`;
  return `VM ${vm.id} was killed by an injected fault and restarted${times}: down ${spans} of ${a.durationSeconds} s; ${lost}`;
}

/**
 * In a run with no common stop, each VM killed by an injected fault (not restarted) before the last VM stopped: the
 * ticks due from its kill to then were lost with it, as the check's note counts them (tick-count-note.ts). Those due
 * after the last VM's stop were lost to the run's own end (a failure), not to the kill.
 */
function killedBeforeLastStopLines(a: RunAnalysis): string[] {
  // Called only for a run with no common stop: so no stoppedAtMs.
  const span = { status: a.status, durationSeconds: a.durationSeconds, speed: a.speed };
  const end = runStop(
    span,
    a.vms.map((vm) => vm.ticks.stopMs),
  );
  if (!end.lastVmStop) return [];
  return a.vms.flatMap((vm) => {
    if (vm.exit !== injectedKillExit || vm.ticks.stopMs === null) return [];
    const lost = ticksDueBeforeStop(vm.ticks.configuredRate, span, end) - vm.ticks.due - restartsLost(vm);
    if (lost <= 0) return [];
    const at = `at ${seconds(vm.ticks.stopMs)} s of ${a.durationSeconds} s`;
    const last = `the last VM's stop at ${seconds(end.atMs)} s`;
    return [
      `VM ${vm.id} was killed by an injected fault ${at}: the ${counted(lost, 'tick')} due from then to ${last} were lost with it, not late`,
    ];
  });
}

function noCommonStopLine(a: RunAnalysis, figures: string): string {
  const head = `no instant every VM stopped at (run ${a.status}): each VM's ${figures} count up to its own stop`;
  const recorded = a.vms.filter((vm) => vm.ticks.stopMs !== null);
  const unrecorded = a.vms.filter((vm) => vm.ticks.stopMs === null);
  const stops = `${plural('stop', recorded)} at ${span(recorded.map((vm) => vm.ticks.stopMs))} s of ${a.durationSeconds} s`;
  const lasts = unrecorded.map((vm) => vm.ticks.lastElapsedMs);
  const lastRows = lasts.every((ms) => ms === null) ? null : `${plural('last row', unrecorded)} at ${span(lasts)} s`;
  // A run whose launcher died: each VM's end record, or faults.csv's kill, holds its stop.
  const by = a.launcherDied === undefined ? 'the launcher recorded' : 'its end record or faults.csv holds';
  if (unrecorded.length === 0) return `${head}, which ${by} (${stops})`;
  if (recorded.length === 0) {
    return `${head}, its last row (${lastRows === null ? 'no VM logged a tick' : `${lastRows} of ${a.durationSeconds} s`})`;
  }
  const elseLast = `${vmList(unrecorded)}: ${lastRows ?? 'no row'}`;
  return `${head}, which ${by} (${vmList(recorded)}: ${stops}), else its last row (${elseLast})`;
}

/** A VM whose own stop came before the run's common one: killed by an injected fault, or dead after a stop told. */
function stoppedBeforeLine(a: RunAnalysis, vm: VmAnalysis, figures: string): string {
  const at = `at ${seconds(vm.ticks.stopMs ?? 0)} s of ${a.durationSeconds} s`;
  // The ticks it had not run and that were not late yet (due within a period before the stop, or after it).
  const lost = `the ${counted(vm.ticks.expected - vm.ticks.due - restartsLost(vm), 'tick')} lost with it are not late`;
  const count = `its ${figures} count up to then; ${lost}`;
  if (vm.exit === injectedKillExit) return `VM ${vm.id} was killed by an injected fault ${at}: ${count}`;
  return `VM ${vm.id} stopped ${at} (exit: ${vm.exit}): ${count}`;
}

/** `stop` for one VM's, `stops` for several. */
const plural = (what: string, vms: readonly VmAnalysis[]): string => (vms.length === 1 ? what : `${what}s`);

/** `VM 1` or `VMs 0, 2`. */
function vmList(vms: readonly VmAnalysis[]): string {
  return `${vms.length === 1 ? 'VM' : 'VMs'} ${vms.map((vm) => vm.id).join(', ')}`;
}

/** `8.913 to 8.993`, or one figure when they are the same, of the known times (experiment ms) as seconds. */
function span(times: readonly (number | null)[]): string {
  const known = times.filter((ms): ms is number => ms !== null);
  return [...new Set([Math.min(...known), Math.max(...known)].map(seconds))].join(' to ');
}

/** Experiment ms as seconds, at most 3 decimals. */
const seconds = (ms: number): number => Number((ms / 1000).toFixed(3));
