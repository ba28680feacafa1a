/**
 * The launcher's messages as a VM over SSH reads them off stdin: parsed and checked by hand (the VM's launched path
 * loads no zod). Anything else is refused as a value, never thrown.
 */
import type { LauncherToRemoteVm } from '../shared/remote-messages.js';

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numbers = (o: Fields, keys: readonly string[]) => keys.every((key) => isNumber(o[key]));
const strings = (o: Fields, keys: readonly string[]) => keys.every((key) => typeof o[key] === 'string');
const isNumberArray = (v: unknown) => Array.isArray(v) && v.every(isNumber);
const isOffsets = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((o) => o === null || isNumber(o)));

const specNumbers = ['id', 'machines', 'clockRate', 'eventRange', 'seed', 'port'] as const;
const specStrings = ['runId', 'host', 'outDir', 'secret'] as const;

function isSpec(spec: unknown): boolean {
  if (!isObject(spec) || !numbers(spec, specNumbers) || !strings(spec, specStrings)) return false;
  if (typeof spec.verbose !== 'boolean') return false;
  const peerHosts = spec.peerHosts;
  if (peerHosts !== undefined && !(Array.isArray(peerHosts) && peerHosts.every((h) => typeof h === 'string'))) {
    return false;
  }
  return (spec.faults === undefined || isObject(spec.faults)) && (spec.restart === undefined || isObject(spec.restart));
}

export type CheckedLine = { ok: true; message: LauncherToRemoteVm } | { ok: false; detail: string };

export function checkLauncherLine(line: string): CheckedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, detail: `not JSON: ${line.slice(0, 40)}` };
  }
  if (!isObject(value)) return { ok: false, detail: 'not an object' };
  const valid = (() => {
    switch (value.type) {
      case 'init':
        return isSpec(value.spec);
      case 'peers':
        return isNumberArray(value.ports);
      case 'start':
        return numbers(value, ['startEpochMs', 'stopEpochMs']) && isOffsets(value.peerOffsetsMs);
      case 'stop':
        return numbers(value, ['atEpochMs']);
      case 'rejoin':
        return numbers(value, ['id', 'port']);
      case 'ping':
        return numbers(value, ['n', 't1']);
      case 'alive':
      case 'hold':
        return true;
      default:
        return false;
    }
  })();
  return valid
    ? { ok: true, message: value as LauncherToRemoteVm }
    : { ok: false, detail: `malformed or unknown message ${JSON.stringify(value.type)}` };
}
