/**
 * Before a run on several hosts: each host must answer over ssh in batch mode, have node 20 or newer, hold the
 * same clocklab in its `dir` as the launcher (the same package version and the same VM program: a hash of
 * dist/vm/main.js), and let the VMs write their CSVs in `dir/logs`. Every problem is one line naming the host;
 * nothing is started when there is one.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostConfig } from '../config/host-config.js';
import { lastLine, type SshSpawner, shellWord, sshRun } from './remote-ssh.js';

export type HostIdentity = { version: string; build: string };

/** A short hash of the VM program: two folders with the same version but different builds are told apart. */
export function buildIdOf(vmProgram: Buffer): string {
  return createHash('sha256').update(vmProgram).digest('hex').slice(0, 16);
}

export async function localIdentity(vmEntry: string, packageJson: string): Promise<HostIdentity> {
  const pkg = JSON.parse(await readFile(packageJson, 'utf8')) as { version?: string };
  return { version: pkg.version ?? 'unknown', build: buildIdOf(await readFile(vmEntry)) };
}

/**
 * Runs on the host with `node -e` (CommonJS there): prints the node version, clocklab's version and build id, and
 * why logs/ cannot take a folder (null when it can). That is tried for real, a folder made and removed, as each VM
 * makes its run's scratch folder there: a permission check alone passes root on a read-only or immutable folder.
 */
const probeScript =
  'const f=require("fs"),c=require("crypto");let v=null,b=null,l=null;' +
  'try{v=JSON.parse(f.readFileSync("package.json","utf8")).version}catch{}' +
  'try{b=c.createHash("sha256").update(f.readFileSync("dist/vm/main.js")).digest("hex").slice(0,16)}catch{}' +
  'try{f.mkdirSync("logs",{recursive:true});f.rmdirSync(f.mkdtempSync("logs/.probe-"))}catch(e){l=e.code||e.message}' +
  'console.log(JSON.stringify({node:process.version,version:v,build:b,logs:l}))';

export function probeCommand(dir: string): string {
  return (
    `cd ${shellWord(dir)} 2>/dev/null || { echo clocklab-no-dir; exit 0; }; ` +
    'command -v node >/dev/null 2>&1 || { echo clocklab-no-node; exit 0; }; ' +
    `node -e ${shellWord(probeScript)}`
  );
}

const probeTimeoutMs = 20_000;

/** One line per problem, each naming its host; empty when every host is ready. */
export async function preflightHosts(
  hosts: readonly HostConfig[],
  defaultDir: string,
  local: HostIdentity,
  spawner: SshSpawner,
  stop?: AbortSignal,
): Promise<string[]> {
  const lines = await Promise.all(
    hosts.map(async (host) => {
      const dir = host.dir ?? defaultDir;
      const result = await sshRun(spawner, host.ssh, probeCommand(dir), probeTimeoutMs, stop);
      return judgeProbe(host, dir, local, result);
    }),
  );
  return lines.flat();
}

export function judgeProbe(
  host: HostConfig,
  dir: string,
  local: HostIdentity,
  result: { code: number | null; signal: string | null; stdout: string; stderr: string },
): string[] {
  const name = `host ${host.name} (${host.ssh})`;
  if (result.signal !== null) return [`${name}: no answer over ssh within ${probeTimeoutMs / 1000} s`];
  const answer = lastLine(result.stdout);
  if (result.code !== 0) {
    const why = lastLine(result.stderr) || `ssh exit code ${result.code}`;
    return [`${name}: not reachable over ssh in batch mode (${why})`];
  }
  if (answer === 'clocklab-no-dir') return [`${name}: no folder ${dir} (set hosts[].dir to clocklab's folder there)`];
  if (answer === 'clocklab-no-node') return [`${name}: node is not on the PATH of a non-interactive ssh session`];
  let found: { node?: unknown; version?: unknown; build?: unknown; logs?: unknown };
  try {
    found = JSON.parse(answer) as typeof found;
  } catch {
    return [`${name}: unexpected answer to the version probe: ${answer.slice(0, 80)}`];
  }
  const problems: string[] = [];
  const major = Number(/^v(\d+)\./.exec(String(found.node))?.[1] ?? 0);
  if (major < 20) problems.push(`${name}: node ${String(found.node)}; clocklab needs node 20 or newer`);
  if (found.version === null) problems.push(`${name}: no clocklab in ${dir} (no package.json)`);
  else if (found.version !== local.version) {
    problems.push(`${name}: clocklab ${String(found.version)} in ${dir}; the launcher runs ${local.version}`);
  }
  if (found.build === null) problems.push(`${name}: ${dir}/dist/vm/main.js is missing: run npm ci there`);
  else if (found.version === local.version && found.build !== local.build) {
    problems.push(
      `${name}: ${dir}/dist/vm/main.js is another build (${String(found.build)}; the launcher's is ${local.build}): rebuild both from one commit`,
    );
  }
  if (typeof found.logs === 'string') {
    problems.push(`${name}: cannot write in ${dir}/logs (${found.logs}), where its VMs write their CSVs`);
  }
  return problems;
}

/** clocklab's own folder (dist/<folder>/ is two levels under it): a host's default `dir`. */
export const clocklabRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The launcher's side: its own version and build against each host's; `stop` ends every probe's ssh at once. */
export async function checkHosts(
  hosts: readonly HostConfig[],
  spawner: SshSpawner,
  stop?: AbortSignal,
): Promise<string[]> {
  if (hosts.length === 0) return [];
  const local = await localIdentity(join(clocklabRoot, 'dist/vm/main.js'), join(clocklabRoot, 'package.json'));
  return preflightHosts(hosts, clocklabRoot, local, spawner, stop);
}

/** Every host the configs name, once each (the same destination and folder is one host to check). */
export function distinctHosts(configs: readonly { hosts?: readonly HostConfig[] | undefined }[]): HostConfig[] {
  const seen = new Map<string, HostConfig>();
  for (const host of configs.flatMap((config) => config.hosts ?? [])) {
    seen.set(JSON.stringify([host.ssh, host.dir ?? null]), host);
  }
  return [...seen.values()];
}
