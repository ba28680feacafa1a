/**
 * The claim file: held in a folder while one command writes it, holding that command's pid (so a dead one's is
 * stale). Only its creation is here; folder-writer.ts claims, reads and retires it.
 */
import { link, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { openExclusive } from './exclusive-file.js';
import { errorCode } from './unreadable.js';

export const claimFileName = '.launcher-claim';

/** Drafts this process made: each claim taken has its own, even of one folder at once. */
let drafts = 0;

/**
 * Creates the claim file with our pid; false when a claim is there already. The claim appears with its pid in it: it
 * is written under a draft name of ours, then hard-linked to the claim's name (which, like an exclusive create, fails
 * when the name is taken). Created empty and then written, a command stopped in between (Ctrl-C as it starts, a full
 * disk) left an empty claim, which no later command could tell from one being written: the folder was refused for
 * good. Where hard links are not supported (some network or FAT mounts) the claim is created, then written, and
 * removed again when the write fails.
 */
export async function takeClaim(claim: string): Promise<boolean> {
  const draft = `${claim}.${process.pid}-${++drafts}.new`;
  // Ours by its pid: one left by a dead process with our pid is stale.
  await unlink(draft).catch(() => {});
  await writeClaimFile(draft);
  try {
    await link(draft, claim);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  } finally {
    await unlink(draft).catch(() => {});
  }
  return writeClaimInPlace(claim);
}

/** The claim made without a hard link: a killed command can leave it empty (counted as held, see claimHolder). */
async function writeClaimInPlace(claim: string): Promise<boolean> {
  try {
    await writeClaimFile(claim);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  return true;
}

/** `file`, created exclusively and holding our pid; removed again when the pid cannot be written. */
async function writeClaimFile(file: string): Promise<void> {
  const handle = await openExclusive(file);
  try {
    await handle.writeFile(`${process.pid}\n`);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw error;
  }
  await handle.close();
}

/** The name a stale claim is moved to by the command `pid` that takes it over, before it removes it. */
export function retiredClaimName(claim: string, pid: number): string {
  return `${claim}.stale-${pid}`;
}

/**
 * Removes from `dir` the drafts and retired claims (`names` among its entries) of commands no longer running: one
 * killed in the middle of taking a claim leaves its file. A running command's may still be in use: it is left.
 */
export async function removeLeftClaimFiles(
  dir: string,
  names: readonly string[],
  alive: (pid: number) => boolean,
): Promise<void> {
  for (const name of names) {
    const found = /^\.launcher-claim\.(?:([1-9][0-9]*)-[0-9]+\.new|stale-([1-9][0-9]*))$/.exec(name);
    const pid = Number(found?.[1] ?? found?.[2]);
    if (found !== null && Number.isSafeInteger(pid) && !alive(pid)) await unlink(join(dir, name)).catch(() => {});
  }
}

/**
 * Whether `name` in a folder is a claim's file: the claim, or the draft or stale claim a command killed while it took
 * one may leave beside it. None of them is content.
 */
export function isClaimFile(name: string): boolean {
  return name === claimFileName || name.startsWith(`${claimFileName}.`);
}
