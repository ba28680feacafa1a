/**
 * Test hosts made on this machine: N network namespaces on one bridge, each with its own private address
 * (10.213.<slot>.k/24) and its own sshd with a throwaway host key; one throwaway client key is authorized through a
 * temp file named in each sshd's own config, so /root/.ssh and /etc/ssh are never touched. Needs root and
 * /usr/sbin/sshd (Debian openssh-server); installs nothing. Traffic stays between the namespaces and the bridge.
 * Whatever happens, `remove()` ends every process in the namespaces and deletes them; a run that crashed before its
 * teardown leaves namespaces that the next `createTestHosts` with the same slot deletes first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sshdPath = '/usr/sbin/sshd';

export type TestHost = { name: string; netns: string; address: string; ssh: string; pidFile: string };

export type TestHosts = {
  hosts: TestHost[];
  /** The ssh client command line for CLOCKLAB_SSH_COMMAND: the throwaway key, no known_hosts, no user config. */
  sshCommand: string;
  /** Pids of every process running inside a host's namespace. */
  pidsIn(host: TestHost): number[];
  /** Kills every sshd in the namespace (the listener and each connection's): the host becomes unreachable. */
  cutSsh(host: TestHost): void;
  /** Starts the host's sshd again after `cutSsh`. */
  restartSsh(host: TestHost): void;
  remove(): void;
};

/** Why test hosts cannot be made here, or undefined when they can. */
export function testHostsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'test hosts need root (ip netns, sshd)';
  if (!existsSync(sshdPath))
    return `${sshdPath} is missing: install Debian's openssh-server (apt-get install -y openssh-server)`;
  return undefined;
}

const run = (command: string, args: string[]): string => execFileSync(command, args, { encoding: 'utf8' });
const tryRun = (command: string, args: string[]): void => {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
  } catch {
    // already gone
  }
};

/** `slot` (0-9) keeps parallel users apart: its own names (clkh<slot>-...) and its own subnet 10.213.<slot>.0/24. */
export function createTestHosts(count: number, slot = 0): TestHosts {
  const problem = testHostsUnavailable();
  if (problem !== undefined) throw new Error(problem);
  const prefix = `clkh${slot}`;
  removeStale(prefix);
  const work = mkdtempSync(join(tmpdir(), `clocklab-${prefix}-`));
  const clientKey = join(work, 'client_key');
  const hostKey = join(work, 'host_key');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'clocklab-test', '-f', clientKey]);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'clocklab-test-host', '-f', hostKey]);
  const authorized = join(work, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
  const bridge = `${prefix}-br`;
  const hosts: TestHost[] = Array.from({ length: count }, (_, k) => {
    const address = `10.213.${slot}.${k + 2}`;
    return {
      name: `h${k + 1}`,
      netns: `${prefix}-h${k + 1}`,
      address,
      ssh: `root@${address}`,
      pidFile: join(work, `sshd-h${k + 1}.pid`),
    };
  });
  const sshdConfigFile = (host: TestHost) => join(work, `sshd-${host.name}.conf`);
  const startSshd = (host: TestHost) => run('ip', ['netns', 'exec', host.netns, sshdPath, '-f', sshdConfigFile(host)]);
  const removeAll = () => {
    for (const host of hosts) killNamespace(host.netns);
    tryRun('ip', ['link', 'del', bridge]);
    rmSync(work, { recursive: true, force: true });
  };
  try {
    run('ip', ['link', 'add', bridge, 'type', 'bridge']);
    run('ip', ['addr', 'add', `10.213.${slot}.1/24`, 'dev', bridge]);
    run('ip', ['link', 'set', bridge, 'up']);
    for (const [k, host] of hosts.entries()) {
      const veth = `${prefix}-v${k + 1}`;
      run('ip', ['netns', 'add', host.netns]);
      run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns]);
      run('ip', ['link', 'set', veth, 'master', bridge, 'up']);
      const inside = (...args: string[]) => run('ip', ['netns', 'exec', host.netns, 'ip', ...args]);
      inside('addr', 'add', `${host.address}/24`, 'dev', 'eth0');
      inside('link', 'set', 'eth0', 'up');
      inside('link', 'set', 'lo', 'up');
      writeFileSync(sshdConfigFile(host), sshdConfig(host, hostKey, authorized));
      startSshd(host);
    }
  } catch (error) {
    removeAll();
    throw error;
  }
  const sshCommand =
    `ssh -F /dev/null -i ${clientKey} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null ` +
    '-o LogLevel=ERROR -o ConnectTimeout=5';
  return {
    hosts,
    sshCommand,
    pidsIn: (host) => pidsIn(host.netns),
    cutSsh: (host) => {
      for (const pid of pidsIn(host.netns)) {
        if (commandOf(pid) === 'sshd') tryKill(pid);
      }
    },
    restartSsh: (host) => {
      startSshd(host);
    },
    remove: removeAll,
  };
}

function sshdConfig(host: TestHost, hostKey: string, authorized: string): string {
  return [
    `ListenAddress ${host.address}`,
    `HostKey ${hostKey}`,
    `PidFile ${host.pidFile}`,
    `AuthorizedKeysFile ${authorized}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The key files live under /tmp, which is world-writable: fine for a throwaway test host.
    'StrictModes no',
    'LogLevel ERROR',
    '',
  ].join('\n');
}

function pidsIn(netns: string): number[] {
  try {
    return run('ip', ['netns', 'pids', netns])
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `ip netns del` does not end what runs inside: kill everything first (sshd included), then delete. */
function killNamespace(netns: string): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    const pids = pidsIn(netns);
    if (pids.length === 0) break;
    for (const pid of pids) tryKill(pid);
    execFileSync('sleep', ['0.05']); // processes killed just now take a moment to leave the namespace
  }
  tryRun('ip', ['netns', 'del', netns]);
}

/** What a crashed earlier run with this prefix left: its namespaces (and what runs in them) and its bridge. */
function removeStale(prefix: string): void {
  const names = run('ip', ['netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(`${prefix}-`));
  for (const name of names) killNamespace(name);
  tryRun('ip', ['link', 'del', `${prefix}-br`]);
}
