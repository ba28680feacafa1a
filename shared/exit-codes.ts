/**
 * The exit codes of every clocklab command (run, vm, experiment, analyze, check, report, compare, export): one table,
 * the same meaning everywhere. Each command's help says what the codes mean for it, built by `exitCodeHelp`.
 */
export const exitCodes = {
  ok: 0,
  /**
   * The run failed (a VM died, misbehaved, a peer never connected), or the run read breaks a rule (check, export), or
   * logged no row, so there is no page, log or column to make of it (report, export, compare).
   */
  failed: 1,
  /** Usage or config error, or a folder that cannot be read as a run: nothing was started or written. */
  usage: 2,
  /**
   * A VM by hand started into a session that had already started without it (its terminal was closed and it was
   * started again): it cannot join, and stopped before it wrote anything. Not 1 (the session runs on unharmed) nor 2
   * (the config and the command are fine: the same command works once the session ended).
   */
  sessionStarted: 3,
  /**
   * Standard output or standard error could not be written (a full disk, `> /dev/full`): what the command printed is
   * incomplete, though the command itself did its work. Not 1 (the run did not fail) nor 2 (nothing was misused); a
   * command that failed on its own keeps its own code.
   */
  outputUnwritable: 4,
  /**
   * analyze, report, compare and export: the work is done (figures printed, a page or log written), but from a run
   * folder `launcher check` rejects (a row edited by hand, a manifest that disagrees with its rows), said in one line
   * with how many violations and the first. Not 0 (the figures may mislead) nor 1 (for report, export and compare:
   * nothing was made of a run that logged no row).
   */
  failsCheck: 5,
  /** Ctrl-C or SIGTERM: every VM stopped at one instant (a second Ctrl-C kills them at once). */
  interrupted: 130,
} as const;

export type ExitCodeName = keyof typeof exitCodes;
export type ExitCode = (typeof exitCodes)[ExitCodeName];

/**
 * What the codes a command can give mean for it. Every command can end ok, be misused and be interrupted; and any
 * command whose output cannot be written exits 4 (cli-program.ts), so its help says that too, in its own words or
 * these.
 */
export type CommandExitMeanings = Partial<Record<ExitCodeName, string>> & {
  ok: string;
  usage: string;
  interrupted: string;
};

const outputUnwritableMeaning = 'standard output or error could not be written (a full disk; one line says so)';

/** `Exit codes: 0 done, 2 ...` for a command's help: what each code it can return means for it, in code order. */
export function exitCodeHelp(meanings: CommandExitMeanings): string {
  return codesSaid({ outputUnwritable: outputUnwritableMeaning, ...meanings });
}

/** The program's own help names every code of the table: a code added here cannot be left out of it. */
export function everyExitCodeHelp(meanings: Record<ExitCodeName, string>): string {
  return codesSaid(meanings);
}

function codesSaid(meanings: Partial<Record<ExitCodeName, string>>): string {
  const lines = (Object.keys(exitCodes) as ExitCodeName[]).flatMap((name) =>
    meanings[name] === undefined ? [] : [`${exitCodes[name]} ${meanings[name]}`],
  );
  return `Exit codes: ${lines.join(', ')}.`;
}
