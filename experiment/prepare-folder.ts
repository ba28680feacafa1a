/**
 * Before an experiment runs: its folder must be new, empty, or an earlier run of an experiment (it holds plan.json,
 * already found to be this experiment's by settle-plan.ts).
 * Then each planned trial is sorted out: complete ones are kept, incomplete ones moved aside, and any trial that was
 * run with another config stops everything (exit 2) before a single VM starts. The caller holds the folder's claim, so
 * no other command is writing a trial here: a trial folder's leftover claim is stale and the trial is incomplete.
 */
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isClaimFile } from '../run-folder/claim-file.js';
import { makeFolders } from '../shared/make-folders.js';
import { planFileName, type Trial } from './experiment-plan.js';
import { plantedLink } from './planted-link.js';
import { moveAside, trialState } from './trial-folder.js';

export type PreparedFolder =
  | { ok: true; toRun: Trial[]; complete: number; movedAside: string[] }
  | { ok: false; reason: 'not-an-experiment' | 'conflict' | 'unwritable'; problems: string[] };

export async function prepareFolder(dir: string, trials: readonly Trial[]): Promise<PreparedFolder> {
  let entries: string[] = [];
  try {
    // The experiment's own claim (held by the caller) is not content.
    entries = (await readdir(dir)).filter((name) => !isClaimFile(name));
  } catch {
    // A new folder: created below.
  }
  if (entries.length > 0 && !entries.includes(planFileName)) {
    return {
      ok: false,
      reason: 'not-an-experiment',
      problems: [`${dir} already holds files but no ${planFileName}; give an empty or new folder, or an experiment's`],
    };
  }
  const links = await plantedLinks(trials);
  if (links.length > 0) return { ok: false, reason: 'conflict', problems: links };
  const states = await Promise.all(trials.map(async (trial) => ({ trial, state: await trialState(trial) })));
  const conflicts = states.flatMap(({ state }) => (state.kind === 'conflict' ? [state.detail] : []));
  if (conflicts.length > 0) {
    return {
      ok: false,
      reason: 'conflict',
      problems: [...conflicts, `${dir} holds another experiment's trials; give another --out, or the same settings`],
    };
  }
  try {
    await makeFolders(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, reason: 'unwritable', problems: [`${dir}: cannot create the experiment folder (${code})`] };
  }
  const toRun: Trial[] = [];
  const movedAside: string[] = [];
  for (const { trial, state } of states) {
    switch (state.kind) {
      case 'complete':
        break;
      case 'absent':
        toRun.push(trial);
        break;
      case 'incomplete': {
        const moved = await moveAside(trial, dir);
        if (!moved.ok) return { ok: false, reason: 'unwritable', problems: [moved.problem] };
        movedAside.push(`${trial.dir} was incomplete (${state.why}): moved to ${moved.target}`);
        toRun.push(trial);
        break;
      }
      case 'conflict':
        throw new Error('conflicts are refused above');
      default: {
        const never: never = state;
        throw new Error(`unknown trial state ${String(never)}`);
      }
    }
  }
  return { ok: true, toRun, complete: trials.length - toRun.length, movedAside };
}

/** Every variant's and trial's folder that is there already must be a real folder (planted-link.ts). */
async function plantedLinks(trials: readonly Trial[]): Promise<string[]> {
  const paths = [...new Set(trials.flatMap((trial) => [dirname(trial.dir), trial.dir]))];
  const found = await Promise.all(paths.map(plantedLink));
  return found.filter((line) => line !== undefined);
}
