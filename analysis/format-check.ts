/**
 * A check result as terminal lines: the verdict (`valid`, `nothing to check` when no row was logged, or the violations
 * with their rule and row), then the notes. A folder of VMs run by hand has one line more under the verdict: what
 * its vm-K.json files could not tell.
 */

import { type LauncherEnd, launcherEndPhrase } from '../run-folder/run-facts.js';
import { counted } from '../shared/counted.js';
import { printable } from '../shared/printable-text.js';
import { vmList } from '../shared/vm-list.js';
import type { CheckResult } from './check-run.js';
import { type CheckNote, type RuleName, ruleTextOf, type Violation } from './violation.js';

export function formatCheck(result: CheckResult): string[] {
  if (!result.ok && result.reason === 'unreadable') {
    return [`unreadable: ${printable(result.file)}: ${result.detail}`];
  }
  const notes = noteLines(result.notes);
  const byHand = [
    ...(result.byHand === undefined ? [] : [byHandLine(result.byHand.unjudged)]),
    ...(result.launcherDied === undefined ? [] : [launcherDiedLine(result.launcherDied)]),
  ];
  const scope = `${counted(result.rows, 'row')}, ${counted(result.messages, 'message')}`;
  // No rule can be broken by no rows (a run that failed or was interrupted before any VM ticked): not "valid".
  if (!result.ok && result.reason === 'no-rows') return [`nothing to check: ${result.said}`, ...byHand, ...notes];
  if (result.ok) return [`valid: ${printable(result.runDir)} (${scope})`, ...byHand, ...notes];
  const lines = [`${counted(result.violationCount, 'violation')} in ${printable(result.runDir)} (${scope})`, ...byHand];
  for (const v of result.violations) lines.push(violationLine(v));
  const shown = result.violations.length;
  if (shown < result.violationCount) {
    const counts = Object.entries(result.countsByRule).map(([rule, n]) => `${rule} ${n}`);
    lines.push(`(${shown} shown; all: ${counts.join(', ')})`);
  }
  const broken = Object.keys(result.countsByRule) as RuleName[];
  const inFolder = (rule: RuleName) => ruleTextOf(rule, result.byHand !== undefined);
  lines.push(...broken.map((rule) => `rule ${rule}: ${inFolder(rule)}`), ...notes);
  return lines;
}

/**
 * The notes, those that matter first: the VMs that ended at a stop they were told (a signal's, or the launcher's as
 * the run failed) having run every tick due before it lost nothing, so two or more at one stop fold into one line
 * after the others (a run of 13 VMs interrupted would otherwise push a kill's note out of the lines `launcher run`
 * shows).
 */
function noteLines(notes: readonly CheckNote[]): string[] {
  const byStop = new Map<string, CheckNote[]>();
  for (const note of notes) {
    if (note.endedAtStop !== undefined) byStop.set(note.endedAtStop, [...(byStop.get(note.endedAtStop) ?? []), note]);
  }
  const folded = [...byStop].filter(([, atStop]) => atStop.length >= 2);
  const foldedNotes = new Set(folded.flatMap(([, atStop]) => atStop));
  const rest = notes.filter((note) => !foldedNotes.has(note)).map((note) => `note: ${note.text}`);
  const lines = folded.map(
    ([stop, atStop]) =>
      `note: ${vmList(atStop.map((note) => note.vm))} ended early at ${stop}: every tick due before it ran`,
  );
  return [...rest, ...lines];
}

/** `tick-time: vm-0.csv tick 9 (line 11): found ...; expected ...`: one finding, as check lists it. */
export function violationLine(v: Violation): string {
  const row = v.line === null ? '' : ` tick ${v.tick ?? '?'} (line ${v.line})`;
  return `${v.rule}: ${v.file ?? `vm-${v.vm}.csv`}${row}: found ${v.found}; expected ${v.expected}`;
}

/** `launcher died: no manifest.json (...); not judged: ...`: what its start record and rows could not tell. */
function launcherDiedLine({
  pid,
  how,
  unjudged,
}: {
  pid: number;
  how: LauncherEnd;
  unjudged: readonly string[];
}): string {
  const read = `its launcher (pid ${pid}) ${launcherEndPhrase(how)}, so the run is read from run-start.json and the rows`;
  return `${how === 'died' ? 'launcher died' : 'no manifest'}: no manifest.json: ${read}; not judged: ${unjudged.join('; ')}`;
}

/** `by hand: no manifest.json, so each VM is held to its vm-K.json; not judged: ...` (or every rule judged). */
function byHandLine(unjudged: readonly string[]): string {
  const rest = unjudged.length === 0 ? 'every rule judged' : `not judged: ${unjudged.join('; ')}`;
  return `by hand: no manifest.json, so each VM is held to its vm-K.json; ${rest}`;
}
