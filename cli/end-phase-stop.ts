/**
 * What skips what a command still writes once its run (or its trials) ended: its summary, check and report, or an
 * experiment's summary. A signal after the end skips it, and so does one that came too late to stop anything (after
 * the stop instant every tick was in and the run is whole): either way nothing answered it yet. A signal that
 * stopped the run was answered by that: what is there is still written. A terminal that went
 * away is no reason to skip (lost-output.ts).
 */
import type { StopSignals } from '../shared/stop-signals.js';
import { unlessTerminalLost } from './lost-output.js';

export function endPhaseStop(stop: StopSignals, wholeDespiteSignal: boolean): AbortSignal {
  const ended = stop.runEnded();
  return unlessTerminalLost(wholeDespiteSignal && stop.interrupt.aborted ? stop.interrupt : ended);
}
