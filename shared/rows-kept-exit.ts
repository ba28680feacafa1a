/**
 * The manifest exit of a remote VM whose rows the run folder could not take: the rest of its rows stay in its file
 * on its host. The launcher writes it; the checker reads it, to say why such a VM's CSV ends early.
 */
const prefix = 'rows kept on host ';

export const rowsKeptExit = (host: string, failed: string): string =>
  `${prefix}${host}: the run folder cannot take them (${failed})`;

/** True for an exit rowsKeptExit wrote: that VM's CSV in the run folder is known to be incomplete. */
export const isRowsKeptExit = (exit: string): boolean => exit.startsWith(prefix);
