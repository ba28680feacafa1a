/**
 * A trial's run folder, made and claimed right before the trial runs, never through a link. The check before the
 * trials (prepare-folder.ts) cannot cover a link planted after it, under a variant's or a trial's name: the trial's
 * files went wherever it pointed. So the variant's and the trial's folders are made one level at a time (`mkdir`
 * without `recursive`, which follows a link at any level) and each looked at with lstat; once claimed, the trial
 * folder must still resolve to its place in the experiment folder (a link swapped in between the two), or the claim
 * is taken back (an empty folder may stay where that link points). A planted name is refused with the line of the
 * check before the trials. Node has no mkdirat/openat: a link swapped in while the trial runs is not caught.
 */
import { mkdir, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createRunFolder } from '../run-folder/folder-writer.js';
import { errorCode } from '../run-folder/unreadable.js';
import type { Trial } from './experiment-plan.js';
import { plantedLink } from './planted-link.js';

export type TrialFolder =
  | { kind: 'claimed'; release(): Promise<void> }
  /** A link (or a file) where a variant's or the trial's folder goes: `line` says which. */
  | { kind: 'planted'; line: string }
  /** It could not be made or claimed otherwise (a full disk, a claim held): `detail` says why. */
  | { kind: 'no-folder'; detail: string };

export async function claimTrialFolder(trial: Trial): Promise<TrialFolder> {
  const variantDir = dirname(trial.dir);
  for (const path of [variantDir, trial.dir]) {
    const failed = await mkdir(path).then(
      () => undefined,
      (error: unknown) => (errorCode(error) === 'EEXIST' ? undefined : errorCode(error)),
    );
    const planted = await plantedLink(path);
    if (planted !== undefined) return { kind: 'planted', line: planted };
    if (failed !== undefined) return { kind: 'no-folder', detail: `${path}: cannot create the folder (${failed})` };
  }
  const folder = await createRunFolder(trial.dir);
  if (!folder.ok) return { kind: 'no-folder', detail: folder.detail };
  if (await inPlace(trial.dir)) return { kind: 'claimed', release: folder.release };
  await folder.release();
  const planted = (await plantedLink(variantDir)) ?? (await plantedLink(trial.dir));
  const moved = `${trial.dir} was moved while it was claimed: an experiment writes its trials only inside its own folder`;
  return { kind: 'planted', line: planted ?? moved };
}

/** `dir` resolves to `<experiment>/<variant>/<trial>`: neither of its last two parts is a link. */
async function inPlace(dir: string): Promise<boolean> {
  const variantDir = dirname(dir);
  const [base, resolved] = await Promise.all([realpath(dirname(variantDir)), realpath(dir)].map(orNothing));
  return base !== undefined && resolved === join(base, basename(variantDir), basename(dir));
}

const orNothing = (path: Promise<string>) => path.catch(() => undefined);
