/**
 * The VM process's command line: `--id K`; when run by hand, `--config FILE [--out DIR] [--verbose]`; on another
 * host under the launcher, `--stdio` (the control channel on stdin/stdout).
 */
export type VmArgs = { id: number; config?: string; out?: string; verbose: boolean; stdio?: boolean };

export type VmArgsResult = { ok: true; args: VmArgs } | { ok: false; problem: string };

export const vmUsage = 'usage: vm --id K [--config FILE] [--out DIR] [--verbose] [--stdio]';

export function parseVmArgs(argv: readonly string[]): VmArgsResult {
  let id: number | undefined;
  let config: string | undefined;
  let out: string | undefined;
  let verbose = false;
  let stdio = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--verbose':
        verbose = true;
        continue;
      case '--stdio':
        stdio = true;
        continue;
      case '--id':
      case '--config':
      case '--out':
        if (value === undefined || value.startsWith('--')) return { ok: false, problem: `${flag} needs a value` };
        i += 1;
        if (flag === '--id') {
          if (!/^\d{1,9}$/.test(value))
            return { ok: false, problem: `--id: found "${value}"; allowed: an integer >= 0` };
          id = Number(value);
        } else if (flag === '--config') config = value;
        else out = value;
        continue;
      default:
        return { ok: false, problem: `unknown argument "${flag}"` };
    }
  }
  if (id === undefined) return { ok: false, problem: '--id is required' };
  return {
    ok: true,
    args: {
      id,
      verbose,
      ...(config === undefined ? {} : { config }),
      ...(out === undefined ? {} : { out }),
      ...(stdio ? { stdio } : {}),
    },
  };
}
