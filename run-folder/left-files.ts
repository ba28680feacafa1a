/**
 * What a command killed in the middle of a step leaves in a folder that is no content of it: a claim's files
 * (claim-file.ts), and a launcher's start record temporary (run-start.ts). A fresh run folder may hold them.
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isClaimFile } from './claim-file.js';
import { startRecordDraftPid } from './run-start.js';

/**
 * Whether `name` is no content of a folder: a claim's file, or the start record's temporary of a launcher no longer
 * running (one SIGKILLed inside that write, before any VM wrote a CSV), which refused a later run into its folder as
 * `already holds files` where its dead claim alone did not. Ours (our pid, reused) is a dead one's too: we wrote none.
 */
export function isLeftFile(name: string, alive: (pid: number) => boolean): boolean {
  if (isClaimFile(name)) return true;
  const pid = startRecordDraftPid(name);
  return pid !== undefined && (pid === process.pid || !alive(pid));
}

/** Removes the start record temporaries isLeftFile finds among `names`: a new record is written under ours. */
export async function removeLeftStartDrafts(dir: string, names: readonly string[], alive: (pid: number) => boolean) {
  for (const name of names) {
    if (startRecordDraftPid(name) !== undefined && isLeftFile(name, alive))
      await unlink(join(dir, name)).catch(() => {});
  }
}
