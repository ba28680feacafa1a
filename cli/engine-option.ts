/** `--engine processes|sim` (overrides the config's "engine"), shared by `run` and `experiment`. */
import { Option } from 'commander';

export type EngineName = 'processes' | 'sim';

export function engineOption(): Option {
  return new Option(
    '--engine <name>',
    'processes: one OS process per VM (default); sim: every VM in one process on a virtual clock, reproducible to the byte (overrides "engine")',
  ).choices(['processes', 'sim']);
}
