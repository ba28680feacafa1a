/**
 * Test hosts made on this machine: N network namespaces on one bridge, each with its own private address and its own
 * sshd with a throwaway host key; one throwaway client key is authorized through a temp file named in each sshd's own
 * config, so /root/.ssh and /etc/ssh are never touched. Needs root and /usr/sbin/sshd (Debian openssh-server);
 * installs nothing. Traffic stays between the namespaces and the bridge.
 * Names, subnet and bridge belong to the process that makes them (clt<pid in base 36>-..., 10.<128+pid/256>.<pid%256>.0/24),
 * so two `npm test` on one machine never meet. Whatever happens, `remove()` (and, as a backstop, this process's exit)
 * ends every process in the namespaces and deletes them; what a killed process left is deleted by the next
 * `createTestHosts` on the machine, once its owner is seen to be dead (the bridge's alias names it: pid and start time).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sshdPath = '/usr/sbin/sshd';

/** `veth`: the root namespace's end of the host's link, on the bridge. */
export type TestHost = { name: string; netns: string; address: string; ssh: string; pidFile: string; veth: string };

export type TestHosts = {
  hosts: TestHost[];
  /** The ssh client command line for CLOCKLAB_SSH_COMMAND: the throwaway key, no known_hosts, no user config. */
  sshCommand: string;
  /** Pids of every process running inside a host's namespace. */
  pidsIn(host: TestHost): number[];
  /** Pids of the node processes inside a host's namespace (VMs, and the version probes). */
  nodesIn(host: TestHost): number[];
  /** Kills every sshd in the namespace (the listener and each connection's): the host becomes unreachable. */
  cutSsh(host: TestHost): void;
  /** Starts the host's sshd again after `cutSsh`. */
  restartSsh(host: TestHost): void;
  /** Takes the host's link down: its packets vanish, no connection is closed (a network cut, not a crash). */
  cutNetwork(host: TestHost): void;
  /** Brings the host's link back up after `cutNetwork`. */
  restoreNetwork(host: TestHost): void;
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

/** Every test-host name starts with this and the owner's pid in base 36 (interface names: 15 characters at most). */
const namePattern = /^clt([0-9a-z]{1,6})-(?:br|v\d+|h\d+)$/;
const aliasPrefix = 'clocklab-test-hosts owner';
let liveHere: string | undefined;

/** A run config's `hosts` naming these test hosts. */
export const configHosts = (testHosts: TestHosts) =>
  testHosts.hosts.map((h) => ({ name: h.name, ssh: h.ssh, address: h.address }));

/** The process's start time (clock ticks since boot): with the pid, it tells the owner from a later process. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces): state is field 3, start time field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

export function createTestHosts(count: number): TestHosts {
  const problem = testHostsUnavailable();
  if (problem !== undefined) throw new Error(problem);
  if (liveHere !== undefined)
    throw new Error(`test hosts ${liveHere}-* are still up in this process: remove() them first`);
  const pid = process.pid;
  const prefix = `clt${pid.toString(36)}`;
  // pid_max is 32768 on this kind of machine: one /24 per pid, none shared by two live processes.
  const subnet = `10.${128 + ((pid >> 8) & 127)}.${pid & 255}`;
  removeStale();
  const work = mkdtempSync(join(tmpdir(), `clocklab-${prefix}-`));
  const clientKey = join(work, 'client_key');
  const hostKey = join(work, 'host_key');
  const bridge = `${prefix}-br`;
  const hosts: TestHost[] = Array.from({ length: count }, (_, k) => {
    const address = `${subnet}.${k + 2}`;
    return {
      name: `h${k + 1}`,
      netns: `${prefix}-h${k + 1}`,
      address,
      ssh: `root@${address}`,
      pidFile: join(work, `sshd-h${k + 1}.pid`),
      veth: `${prefix}-v${k + 1}`,
    };
  });
  const sshdConfigFile = (host: TestHost) => join(work, `sshd-${host.name}.conf`);
  /**
   * In the mount namespace `ip netns exec` makes (a slave of ours: nothing mounted there shows here), root's ~/.bashrc
   * reads empty: bash runs it for every ssh login, and this machine's runs `pyenv init`, whose rehash holds a lock
   * under ~/.pyenv. A login killed in it (a host removed or cut mid-login) left the lock, and every later login here,
   * in any test, waited 60 s for it. A test host is a host of its own: nothing of this machine's login runs there.
   */
  const startSshd = (host: TestHost) =>
    run('ip', [
      'netns',
      'exec',
      host.netns,
      '/bin/sh',
      '-c',
      'if [ -f /root/.bashrc ]; then mount --bind /dev/null /root/.bashrc || exit 1; fi; exec "$0" -f "$1"',
      sshdPath,
      sshdConfigFile(host),
    ]);
  let removed = false;
  const removeAll = () => {
    if (removed) return;
    removed = true;
    process.removeListener('exit', removeAll);
    for (const host of hosts) killNamespace(host.netns);
    tryRun('ip', ['link', 'del', bridge]);
    rmSync(work, { recursive: true, force: true });
    liveHere = undefined;
  };
  liveHere = prefix;
  // A test that failed before its teardown, or jest ending the worker, must not leave namespaces and sshds behind.
  process.once('exit', removeAll);
  try {
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'clocklab-test', '-f', clientKey]);
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'clocklab-test-host', '-f', hostKey]);
    const authorized = join(work, 'authorized_keys');
    writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
    run('ip', ['link', 'add', bridge, 'type', 'bridge']);
    run('ip', ['link', 'set', bridge, 'alias', `${aliasPrefix} ${pid} ${startTimeOf(pid) ?? '?'}`]);
    run('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', bridge]);
    run('ip', ['link', 'set', bridge, 'up']);
    for (const host of hosts) {
      const veth = host.veth;
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
    nodesIn: (host) => pidsIn(host.netns).filter((pid) => commandOf(pid) === 'node'),
    cutSsh: (host) => {
      for (const pid of pidsIn(host.netns)) {
        if (commandOf(pid) === 'sshd') tryKill(pid);
      }
    },
    restartSsh: (host) => {
      startSshd(host);
    },
    cutNetwork: (host) => run('ip', ['link', 'set', host.veth, 'down']),
    restoreNetwork: (host) => tryRun('ip', ['link', 'set', host.veth, 'up']),
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

/** A process's command name, '' once it is gone. */
export function commandOf(pid: number): string {
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

/**
 * Whether what `prefix` names was left by a process that is gone: its owner pid runs no more, or runs another
 * program than the one that made it (the bridge's alias holds the owner's start time), or is this process, which has
 * no hosts up. A bridge not yet given its alias belongs to an owner still setting up: left alone while it lives.
 */
function ownerGone(prefix: string, aliases: Map<string, string>): boolean {
  const owner = Number.parseInt(namePattern.exec(`${prefix}-br`)?.[1] ?? '', 36);
  if (!Number.isSafeInteger(owner)) return false;
  if (owner === process.pid) return true; // createTestHosts checked that none is live here
  const started = startTimeOf(owner);
  if (started === undefined) return true;
  const alias = aliases.get(`${prefix}-br`);
  const recorded = alias?.startsWith(aliasPrefix) === true ? alias.split(' ').at(-1) : undefined;
  return recorded !== undefined && recorded !== '?' && recorded !== started;
}

/** What killed earlier owners left: their namespaces (and what runs in them), veths and bridges. */
function removeStale(): void {
  const namespaces = run('ip', ['netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => namePattern.test(name));
  const aliases = new Map<string, string>();
  const links: string[] = [];
  // `ip -o link` prints one line per link: "N: name[@peer]: <...> ... alias TEXT" (the alias last, when set).
  for (const line of run('ip', ['-o', 'link', 'show']).split('\n')) {
    const name = /^\d+: ([^:@\s]+)/.exec(line)?.[1];
    if (name === undefined || !namePattern.test(name)) continue;
    links.push(name);
    const alias = /\balias (.*)$/.exec(line)?.[1];
    if (alias !== undefined) aliases.set(name, alias.trim());
  }
  const prefixOf = (name: string) => name.slice(0, name.indexOf('-'));
  const gone = new Set([...namespaces, ...links].map(prefixOf).filter((prefix) => ownerGone(prefix, aliases)));
  for (const name of namespaces) if (gone.has(prefixOf(name))) killNamespace(name);
  for (const name of links) if (gone.has(prefixOf(name))) tryRun('ip', ['link', 'del', name]);
  // Their folders of keys and sshd configs too: an owner killed before its removal left them in the temp folder
  // (with its namespaces gone, only a running owner's pid tells a folder in use).
  for (const entry of readdirSync(tmpdir())) {
    const prefix = /^clocklab-(clt[0-9a-z]{1,6})-/.exec(entry)?.[1];
    if (prefix === undefined) continue;
    if (gone.has(prefix) || startTimeOf(Number.parseInt(prefix.slice(3), 36)) === undefined) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}
