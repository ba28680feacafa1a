/**
 * Several hosts: where VMs run when they do not all run on the launcher's machine. Each host is reached with the
 * system ssh client; its VMs bind `address`, where their peers dial them. Nothing here names a program: the command
 * run on a host is always clocklab's own VM in `dir`.
 */

import { z } from 'zod';
import { counted } from '../shared/counted.js';

/** No option injection into ssh (a leading "-"), no whitespace or shell syntax a destination never needs. */
const sshDestination = /^[A-Za-z0-9_][A-Za-z0-9_.@:%[\]-]*$/;

export const HostConfig = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'allowed: letters, digits, "_", "." and "-", up to 63')
    .describe('Name of the host in messages and in the manifest (vms[].host).'),
  ssh: z
    .string()
    .regex(sshDestination, 'allowed: an ssh destination such as root@10.0.0.2 or an alias from ~/.ssh/config')
    .describe('Destination handed to the ssh client: user@host or an alias from ~/.ssh/config.'),
  address: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.:-]*$/, 'allowed: an IP address or a host name')
    .describe("Where this host's VMs listen, and where their peers dial them."),
  dir: z
    .string()
    .regex(/^\/[^\0\n\r']*$/, "allowed: an absolute path without quotes (')")
    .optional()
    .describe("clocklab's folder on that host (built, npm ci done); default: the launcher's own folder."),
});
export type HostConfig = z.infer<typeof HostConfig>;

export const HostsConfig = z
  .array(HostConfig)
  .min(1)
  .max(64)
  .describe('Run the VMs on these hosts over ssh (needs network.allowNonLoopback: true).');
export type HostsConfig = z.infer<typeof HostsConfig>;

export const Placement = z
  .array(z.string())
  .describe('One host name per VM; by default VM k runs on hosts[k mod number of hosts].');
export type Placement = z.infer<typeof Placement>;

export type HostProblem = { path: (string | number)[]; message: string };

type HostsPart = {
  machines: number;
  hosts?: HostsConfig | undefined;
  placement?: Placement | undefined;
  network: { allowNonLoopback?: boolean | undefined };
};

/** What the schema alone cannot say: unique names, a placement that fits, the explicit consent to leave loopback. */
export function hostProblems(config: HostsPart): HostProblem[] {
  const problems: HostProblem[] = [];
  const { hosts, placement } = config;
  if (hosts === undefined) {
    if (placement !== undefined) problems.push({ path: ['placement'], message: 'allowed only with hosts' });
    return problems;
  }
  const seen = new Set<string>();
  for (const [k, host] of hosts.entries()) {
    if (seen.has(host.name))
      problems.push({ path: ['hosts', k, 'name'], message: `found "${host.name}" twice; allowed: unique host names` });
    seen.add(host.name);
  }
  if (config.network.allowNonLoopback !== true) {
    problems.push({
      path: ['network', 'allowNonLoopback'],
      message: 'must be true with hosts: the VMs then listen where other machines can reach them',
    });
  }
  if (placement !== undefined) {
    if (placement.length !== config.machines) {
      problems.push({
        path: ['placement'],
        message: `found ${counted(placement.length, 'host name')}; allowed: exactly one per machine (${config.machines})`,
      });
    }
    for (const [k, name] of placement.entries()) {
      if (!seen.has(name)) {
        problems.push({
          path: ['placement', k],
          message: `found "${name}"; allowed: a name from hosts (${[...seen].join(', ')})`,
        });
      }
    }
  }
  return problems;
}

/** Which host each VM runs on, by index into `hosts`: the placement, or VM k on hosts[k mod H]. */
export function placeVms(machines: number, hosts: HostsConfig, placement: Placement | undefined): number[] {
  return Array.from({ length: machines }, (_, vm) => {
    const name = placement?.[vm];
    const index = name === undefined ? -1 : hosts.findIndex((host) => host.name === name);
    return index >= 0 ? index : vm % hosts.length;
  });
}
