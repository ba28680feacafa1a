/**
 * A VM run by hand, one per terminal, for debugging: it reads the config itself (the only VM path that loads zod),
 * sits on basePort + id, waits for its peers, and writes `vm-K.csv` plus `vm-K.json` (its figures) into the out dir.
 */

import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clockRatesFor } from '../config/clock-rates.js';
import { loadRunConfig } from '../config/load-config.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import { dropFigures } from '../shared/drop-causes.js';
import { exitCodes } from '../shared/exit-codes.js';
import { preciseEpochMs } from '../shared/precise-epoch.js';
import { printable } from '../shared/printable-text.js';
import { drawSeed } from '../shared/seeded-random.js';
import { deferringStartupStop } from '../shared/startup-stop.js';
import { listenForStop } from '../shared/stop-signals.js';
import { epochTimer } from '../shared/timer-port.js';
import { manualCoordinator } from './manual-coordinator.js';
import { manualEnding, manualFailure } from './manual-ending.js';
import { manualRunId } from './manual-run-id.js';
import { startByHand } from './manual-start.js';
import { removeSessionSecret } from './session-secret.js';
import type { VmArgs } from './vm-args.js';
import { runVm } from './vm-run.js';

export async function runByHand(args: VmArgs, configFile: string): Promise<number> {
  const loaded = await loadRunConfig(configFile, {}, {}, (line) => console.error(line));
  if (!loaded.ok) {
    for (const line of loaded.problems) console.error(line);
    return exitCodes.usage;
  }
  const { seed: fixedSeed, ...config } = loaded.config;
  const { basePort, host } = config.network;
  if (basePort === 0) {
    console.error(
      `${configFile}: network.basePort is 0; a VM run by hand needs fixed ports (e.g. 5000: VM k on 5000 + k)`,
    );
    return exitCodes.usage;
  }
  if (args.id >= config.machines) {
    console.error(
      `--id: found ${args.id}; allowed: 0..${config.machines - 1} (the config has ${config.machines} machines)`,
    );
    return exitCodes.usage;
  }
  // Every terminal derives the same run id from the same config, so the handshake matches across them. The id is
  // no secret (it goes on the wire): the secret comes from CLOCKLAB_SECRET or the session's file in the out dir.
  const runId = manualRunId(loaded.config);
  const seed = fixedSeed ?? drawSeed();
  const clockRate = (clockRatesFor(config, seed)[args.id] ?? 1) * config.speed;
  const outDir = args.out ?? 'logs';
  const csvFile = join(outDir, csvFileName(args.id));
  // The port first: a VM whose id is taken stops there, before it changes anything in the folder.
  // A signal while it claims its port and the session's secret waits for them, then the port is let go; the secret's
  // file stays for the session's other VMs, and the line says so (shared/startup-stop.ts).
  const ready = await deferringStartupStop(
    () => startByHand({ id: args.id, host, port: basePort + args.id, outDir }),
    async (started) => {
      if (!started.ok) return undefined;
      started.claim.server.close();
      return started.secretFile === undefined
        ? 'its port let go; no row was written'
        : `its port let go; no row was written; the session's secret ${printable(started.secretFile)} stays for the other VMs`;
    },
  );
  if (!ready.ok) {
    console.error(ready.line);
    return ready.exitCode;
  }

  const coordinator = manualCoordinator(
    basePort,
    config.machines,
    (config.durationSeconds * 1000) / config.speed,
    async () => {
      await removeSessionSecret(ready.secretFile);
      // The CSV is created exclusively (csv-log.ts): a by-hand VM replaces the one an earlier session left, but only
      // now: it holds VM K's port (no other VM K runs) and every peer agreed on this start, so no session those rows
      // belong to still runs. A VM restarted into a running session never gets here. (unlink never follows a link.)
      await unlink(csvFile).catch(() => {});
    },
  );
  // Ctrl-C in one terminal stops every VM at one instant (the stop goes to the peers); a Ctrl-C to a process group
  // holding several VMs stops each, and they keep the earliest instant proposed.
  const stop = listenForStop(process, epochTimer, (line) => console.error(`vm${args.id}: ${line}`), {
    interrupt: () => 'stopping every VM at one instant (Ctrl-C again to quit at once)',
    kill: 'quitting now',
  });
  stop.interrupt.addEventListener('abort', () => {
    // Still waiting for peers: nothing ticked, so there is nothing to stop in order. It quits once the signal's
    // line is said, which comes after this listener.
    if (!coordinator.started) {
      setImmediate(() => process.exit(exitCodes.interrupted));
      return;
    }
    coordinator.interrupt();
  });
  stop.kill.addEventListener('abort', () => process.exit(exitCodes.interrupted));
  console.error(`vm${args.id}: ${clockRate} ticks/s, listening on ${host}:${basePort + args.id}, waiting for peers...`);
  const startedAt = new Date(preciseEpochMs()).toISOString();
  const outcome = await runVm(
    {
      id: args.id,
      machines: config.machines,
      runId,
      clockRate,
      eventRange: config.eventRange,
      seed,
      host,
      port: basePort + args.id,
      outDir,
      secret: ready.secret,
      verbose: args.verbose,
    },
    coordinator,
    { event: (line) => console.log(line), warn: (line) => console.error(line) },
    { claimed: ready.claim },
  ).finally(() => stop.dispose());
  if (!outcome.ok) {
    const failed = manualFailure(args.id, outcome);
    console.error(failed.line);
    return failed.exitCode;
  }
  const stats = { ...outcome.stats, ...dropFigures(coordinator.drops) };
  const file = join(outDir, `vm-${args.id}.json`);
  // startEpochMs: the agreed start on this machine's clock, where each row's elapsed_ms counts from; with endedAt it
  // bounds the rows' times as a manifest's do (analysis/tick-time.ts).
  const { startEpochMs, stopEpochMs } = coordinator;
  const record = {
    runId,
    seed,
    startedAt,
    startEpochMs,
    // A Ctrl-C's stop (here or at a peer), which the rows' ticks end before: check holds them to it.
    ...(stopEpochMs === undefined ? {} : { stopEpochMs }),
    endedAt: new Date(preciseEpochMs()).toISOString(),
    config,
    stats,
  };
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  const { stoppedBy } = coordinator;
  const ending = manualEnding({
    id: args.id,
    stats,
    csvFile,
    statsFile: file,
    interrupted: stop.interrupt.aborted,
    stoppedBy,
  });
  console.error(ending.line);
  return ending.exitCode;
}
