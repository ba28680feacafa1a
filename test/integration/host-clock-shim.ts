/**
 * A test host whose clock is not the launcher's: the VMs started on it over ssh (and only they) preload a module
 * that changes their clocks, as on a host whose clock is off or runs at another rate. Returns the ssh command
 * (CLOCKLAB_SSH_COMMAND) that does it: the test hosts' own, with NODE_OPTIONS set for that host's VM commands.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestHosts } from './test-hosts.js';

/** Date.now `aheadMs` ahead of this machine's. */
export const clockAhead = (aheadMs: number) => `const wall = Date.now;\nDate.now = () => wall() + ${aheadMs};\n`;

/**
 * Both of the process's clocks (Date.now and performance.now, which its epoch clock, its ticks and its pongs read)
 * running `rate` times as fast as this machine's from the process's start: a host whose oscillator runs fast.
 */
export const clockRunningAt = (rate: number) =>
  [
    'const mono = performance.now.bind(performance);',
    'const wall = Date.now;',
    'const base = mono();',
    'const wallBase = wall();',
    `const fast = () => (mono() - base) * ${rate};`,
    'performance.now = () => base + fast();',
    'Date.now = () => Math.floor(wallBase + fast());',
    '',
  ].join('\n');

export async function sshWithHostClock(
  dir: string,
  testHosts: TestHosts,
  host: { name: string; ssh: string },
  shim: string,
): Promise<string> {
  const module = join(dir, `clock-${host.name}.mjs`);
  await writeFile(module, shim);
  const wrapper = join(dir, `ssh-${host.name}-clock.sh`);
  await writeFile(
    wrapper,
    [
      'args=("$@"); n=$#',
      `if [ "\${args[n-2]}" = '${host.ssh}' ]; then`,
      `  case "\${args[n-1]}" in *dist/vm/main.js*) args[n-1]="export NODE_OPTIONS='--import=file://${module}'; \${args[n-1]}";; esac`,
      'fi',
      `exec ${testHosts.sshCommand} "\${args[@]}"`,
      '',
    ].join('\n'),
  );
  return `bash ${wrapper}`;
}
