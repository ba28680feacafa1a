#!/usr/bin/env node
/**
 * The VM process entry. Started by the launcher (`node vm/main.js --id K`, with the run on the IPC channel; on another
 * host over SSH with `--stdio`, the run on stdin/stdout) or by hand (`--config FILE`). Kept light: the launched path loads neither zod nor execa.
 */
import { exitCodes } from '../shared/exit-codes.js';
import { adoptHandedMapping } from '../shared/precise-epoch.js';
import { dropLostOutput } from './lost-output.js';
import { parseVmArgs, vmUsage } from './vm-args.js';

const parsed = parseVmArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(`vm: ${parsed.problem}\n${vmUsage}`);
  process.exitCode = exitCodes.usage;
} else if (parsed.args.config !== undefined) {
  const { runByHand } = await import('./manual-mode.js');
  process.exitCode = await runByHand(parsed.args, parsed.args.config);
} else if (parsed.args.stdio) {
  ignoreStopSignals(); // as a forked VM: only its launcher stops it, over its channel
  const { runOverStdio } = await import('./stdio-mode.js');
  process.exitCode = await runOverStdio(parsed.args.id);
} else if (process.send !== undefined) {
  // Before anything loads: a terminal's Ctrl-C reaches the launcher's VMs too, and only the launcher may stop them
  // (launched-mode.ts says why).
  ignoreStopSignals();
  dropLostOutput(); // its launcher may die first (lost-output.ts)
  // Its launcher's clock mapping (shared/precise-epoch.ts); only a launched VM takes it.
  const clockProblem = adoptHandedMapping(process.env);
  if (clockProblem === undefined) {
    const { runLaunched } = await import('./launched-mode.js');
    process.exitCode = await runLaunched(parsed.args.id);
  } else {
    console.error(`vm ${parsed.args.id}: ${clockProblem}`);
    process.exitCode = exitCodes.usage;
  }
} else {
  console.error(`vm: started without a launcher, so it needs --config FILE to run by hand\n${vmUsage}`);
  process.exitCode = exitCodes.usage;
}

function ignoreStopSignals(): void {
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
}
