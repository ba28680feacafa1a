/**
 * A VM on another host, started by the launcher over SSH (`vm/main.js --id K --stdio`): the same run as a forked VM,
 * with its control channel on stdin/stdout. Its CSV is written on this host, as always, and relayed to the launcher
 * after each progress report and in full before `done`. Its own lines go to stderr (stdout is the channel).
 */
import { existsSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import { ioFailureLine } from '../run-folder/io-failure.js';
import type { VmToLauncher } from '../shared/ipc-messages.js';
import { makeFoldersSync } from '../shared/make-folders.js';
import { preciseEpochMs } from '../shared/precise-epoch.js';
import { CsvRelay } from './csv-relay.js';
import { runLaunched } from './launched-mode.js';
import { realTimer } from './real-timer.js';
import { stdioChannel } from './stdio-channel.js';

/** The longest an exit waits for its word that it stops unheard to be written (a stderr nobody drains). */
const unheardSayMs = 1000;

export async function runOverStdio(id: number): Promise<number> {
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  const ports = {
    ...{ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
    ...{ warn, now: preciseEpochMs, timer: realTimer },
  };
  const raw = stdioChannel(ports);
  let relay: CsvRelay | undefined;
  const relayRows = (final: boolean) => relay?.flush(final);
  const channel = {
    ...raw,
    send(message: VmToLauncher) {
      if (message.type === 'progress') relayRows(false);
      raw.send(message);
    },
    sendLast(message: VmToLauncher) {
      relayRows(true);
      relay?.close();
      return raw.sendLast(message);
    },
  };
  raw.sendRemote({ type: 'hello', id, pid: process.pid });
  const code = await runLaunched(
    id,
    channel,
    { event: warn, warn },
    (spec) => {
      try {
        makeFoldersSync(spec.outDir);
      } catch (error) {
        // A folder this host will not let it make (read-only, full, a file in the way): one line, not a stack trace.
        const line = ioFailureLine(error);
        if (line === undefined) throw error;
        return line;
      }
      const csv = join(spec.outDir, csvFileName(spec.id));
      relay = new CsvRelay(csv, (offset, text) => raw.sendRemote({ type: 'rows', id, offset, text }));
      process.once('exit', () => removeIfUnused(spec.outDir, csv));
      return undefined;
    },
    false,
  );
  // Cut off from the launcher: what is still queued for stdout and stderr is drained by nobody and would hold the
  // process open for ever. The CSV is written synchronously, so ending now loses none of it; the word that it stops
  // unheard, on stderr, is given a moment to reach the pipe, where it outlives the process.
  if (raw.wentSilent()) {
    await raw.unheardSaid(unheardSayMs);
    process.exit(code);
  }
  return code;
}

/**
 * A VM that ends before its CSV exists (its channel closed before the start: the launcher was interrupted) may have
 * made the run's scratch folder after the launcher removed it: it goes if empty. Another VM's CSV keeps it.
 */
function removeIfUnused(folder: string, csv: string): void {
  if (existsSync(csv)) return;
  try {
    rmdirSync(folder);
  } catch {
    // not empty (another VM's CSV), or gone already
  }
}
