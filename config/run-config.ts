/**
 * The run config schema: the one place a config is validated. Everything past `loadRunConfig` trusts the type.
 * `config/schema.json` is generated from this file (`npm run schema`) so editors can complete and check configs.
 */

import { z } from 'zod';
import { counted } from '../shared/counted.js';
import { FaultConfig, faultProblems, killProblems } from './fault-config.js';
import { HostsConfig, hostProblems, Placement } from './host-config.js';
import { pauseKillProblems } from './pause-kill-overlaps.js';
import { pauseProblems } from './pause-overlaps.js';
import { maxMachines, maxSeed } from './run-limits.js';

/**
 * Ticks per experiment second (x speed per real second); past 100,000 a tick is shorter than the network and
 * scheduler delays it measures.
 */
const positiveInt = z.int().min(1).max(100_000);

export const ClockRateRange = z
  .strictObject({
    min: positiveInt.describe(
      'Slowest clock rate a VM may draw, in ticks per experiment second (real rate: rate x speed).',
    ),
    max: positiveInt.describe(
      'Fastest clock rate a VM may draw, in ticks per experiment second (real rate: rate x speed).',
    ),
  })
  .refine((range) => range.min <= range.max, { message: 'min must not be greater than max', path: ['max'] });
export type ClockRateRange = z.infer<typeof ClockRateRange>;

/**
 * The loopback rule is checked on the network section itself: at the top level it ran only once every other key had
 * the right type, so a config with `"engine": "x"` did not say its host was refused too.
 */
export const NetworkConfig = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe("Address every VM binds and dials (with hosts: each host's address instead)."),
    basePort: z
      .int()
      .min(0)
      .max(65535)
      .default(0)
      .describe('0: ephemeral ports chosen at start. Otherwise VM k listens on basePort + k.'),
    allowNonLoopback: z
      .boolean()
      .optional()
      .describe('Must be true to bind a host other than loopback: the VMs then listen where other machines can reach.'),
  })
  .superRefine(({ host, allowNonLoopback }, ctx) => {
    if (!isLoopback(host) && allowNonLoopback !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['host'],
        message: `found "${host}"; allowed: a loopback address (127.0.0.1, ::1, localhost) unless network.allowNonLoopback is true`,
      });
    }
  });
export type NetworkConfig = z.infer<typeof NetworkConfig>;

export const RunConfig = z
  .strictObject({
    $schema: z.string().optional().describe('Path to config/schema.json, for editors.'),
    machines: z.int().min(2).max(maxMachines).default(3).describe('How many VMs (OS processes) to run.'),
    clockRate: ClockRateRange.optional().describe('Range each VM draws its clock rate from (seeded).'),
    clockRates: z
      .array(positiveInt)
      .optional()
      .describe('Fixed clock rate per VM in ticks per experiment second, instead of clockRate; one entry per machine.'),
    eventRange: z
      .int()
      .min(3)
      .default(10)
      .describe(
        'With an empty queue a VM draws 1..eventRange: 1 and 2 send to one peer, 3 to all, the rest are internal.',
      ),
    durationSeconds: z
      .number()
      .positive()
      .max(86_400)
      .default(60)
      .describe("Length of the run in the experiment's own seconds (real seconds at speed 1)."),
    speed: z
      .number()
      .min(0.01)
      .max(1000)
      .default(1)
      .describe('Time compression: clock rates x speed, duration / speed. 20 runs a 60 s experiment in 3 s.'),
    seed: z.int().min(0).max(maxSeed).optional().describe('Master seed; drawn and recorded when absent.'),
    network: NetworkConfig.default({ host: '127.0.0.1', basePort: 0 }),
    faults: FaultConfig.optional().describe('Injected faults: link delay and drop, partitions, pauses, kills.'),
    hosts: HostsConfig.optional(),
    placement: Placement.optional(),
    engine: z
      .enum(['processes', 'sim'])
      .optional()
      .describe(
        'How the VMs run: "processes" (default), one OS process each over TCP; "sim", every VM in one process on a virtual clock with seeded message latency (reproducible to the byte).',
      ),
  })
  .superRefine((config, ctx) => {
    if (config.clockRate !== undefined && config.clockRates !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['clockRates'], message: 'give clockRate or clockRates, not both' });
    }
    if (config.clockRates !== undefined && config.clockRates.length !== config.machines) {
      ctx.addIssue({
        code: 'custom',
        path: ['clockRates'],
        message: `found ${counted(config.clockRates.length, 'rate')}; allowed: exactly one per machine (${config.machines})`,
      });
    }
    for (const problem of config.faults === undefined
      ? []
      : faultProblems(config.faults, config.machines, config.durationSeconds)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
    for (const problem of hostProblems(config)) ctx.addIssue({ code: 'custom', ...problem });
    const { basePort } = config.network;
    if (basePort !== 0 && basePort <= 65535 && basePort + config.machines - 1 > 65535) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'basePort'],
        message: `found ${basePort}; allowed: basePort + machines - 1 <= 65535`,
      });
    }
  });
export type RunConfig = z.infer<typeof RunConfig>;

/**
 * A config given to run (a file, flags, an experiment's variant): RunConfig and the checks added after runs were
 * recorded with configs they refuse. A run folder's manifest is read with RunConfig alone, so such a folder (a sim
 * run with a second kill of a VM that was down ran fine) stays readable.
 */
export const RunnableConfig = RunConfig.superRefine((config, ctx) => {
  const problems =
    config.faults === undefined
      ? []
      : [...killProblems(config.faults), ...pauseProblems(config.faults.pauses), ...pauseKillProblems(config.faults)];
  for (const problem of problems) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
