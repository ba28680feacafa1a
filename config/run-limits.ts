/**
 * Limits of a run config that the command line's flags also check (cli/), so that a flag is refused with the same
 * limit the config would be. Kept apart from run-config.ts, whose schema loads zod: the CLI reads these at start-up.
 */
export const maxMachines = 256;
export const maxSeed = 2_147_483_647;
