/**
 * The hosts' check before a run or an experiment starts anything, as the commands run it: one line per problem,
 * exit 2. A stop signal meanwhile (Ctrl-C, SIGTERM, SIGHUP) ends the probes' ssh sessions and the command in one
 * line, exit 130: nothing was made or started yet, and no default handler may end the process without a word.
 */
import type { HostConfig } from '../config/host-config.js';
import { checkHosts } from '../launcher/host-preflight.js';
import { sshSpawner } from '../launcher/remote-ssh.js';
import { exitCodes } from '../shared/exit-codes.js';
import { type SignalSource, stopSignalNames } from '../shared/stop-signals.js';

/** The exit code to end the command with, or undefined when every host is ready. */
export async function checkHostsUnlessStopped(
  hosts: readonly HostConfig[],
  say: (line: string) => void,
  source: SignalSource = process,
): Promise<number | undefined> {
  if (hosts.length === 0) return undefined;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  for (const name of stopSignalNames) source.on(name, onSignal);
  try {
    const problems = await checkHosts(hosts, sshSpawner(), stop.signal);
    if (stop.signal.aborted) {
      const names = hosts.map((host) => host.name).join(', ');
      say(`interrupted while checking hosts ${names} over ssh: nothing was started`);
      return exitCodes.interrupted;
    }
    for (const line of problems) say(line);
    return problems.length > 0 ? exitCodes.usage : undefined;
  } finally {
    for (const name of stopSignalNames) source.off(name, onSignal);
  }
}
