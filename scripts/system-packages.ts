/**
 * Run by `npm test` (pretest) before the tests: the system packages they need are there. Chromium drives the
 * report's browser test, sshd the several-hosts tests. Missing ones are installed when that can be done here (root
 * with apt-get, as on CI or a fresh Debian machine); otherwise one line names exactly what to install, and the exit
 * is non-zero so no test runs half-equipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type SystemPackage = { file: string; pkg: string; why: string };

export const systemPackages: readonly SystemPackage[] = [
  { file: '/usr/bin/chromium', pkg: 'chromium', why: 'the report browser test' },
  { file: '/usr/sbin/sshd', pkg: 'openssh-server', why: 'the several-hosts tests' },
];

export type SystemPorts = {
  exists(file: string): boolean;
  /** Root, with apt-get on the PATH. */
  canInstall(): boolean;
  /** Runs apt-get with these arguments; false when it failed. */
  aptGet(args: readonly string[]): boolean;
  print(line: string): void;
};

/** 0 when every package is there (or now installed); 1 after one line saying what is missing. */
export function ensureSystemPackages(ports: SystemPorts, needed = systemPackages): number {
  const missing = () => needed.filter((p) => !ports.exists(p.file));
  const before = missing();
  if (before.length === 0) return 0;
  const names = before.map((p) => p.pkg).join(' ');
  if (ports.canInstall()) {
    ports.print(`installing system packages the tests need: ${names}`);
    const installed =
      ports.aptGet(['update', '-qq']) &&
      ports.aptGet(['install', '-y', '-qq', '--no-install-recommends', ...before.map((p) => p.pkg)]);
    const after = missing();
    if (installed && after.length === 0) return 0;
    ports.print(
      `npm test: could not install ${after.map((p) => p.pkg).join(' ') || names} with apt-get; install it and run again`,
    );
    return 1;
  }
  const what = before.map((p) => `${p.pkg} (${p.file}, for ${p.why})`).join(', ');
  ports.print(`npm test needs ${what}: run \`sudo apt-get install -y ${names}\` and run again`);
  return 1;
}

function onThisMachine(): SystemPorts {
  const has = (command: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  return {
    exists: existsSync,
    canInstall: () => process.getuid?.() === 0 && has('apt-get'),
    aptGet: (args) => {
      try {
        execFileSync('apt-get', args, {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
        return true;
      } catch {
        return false;
      }
    },
    print: (line) => console.error(line),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = ensureSystemPackages(onThisMachine());
}
