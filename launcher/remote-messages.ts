/**
 * A remote VM's lines as the launcher reads them off the SSH channel: validated once here (bytes from another host
 * are never trusted), then handed on typed. `done` figures are checked for the fields the launcher adds up.
 */
import { z } from 'zod';
import { vmFailureReasons } from '../shared/ipc-messages.js';
import type { RemoteVmToLauncher } from '../shared/remote-messages.js';
import { unendedCauses } from '../shared/unended-links.js';

const id = z.int().min(0);
const time = z.number().finite();
const count = z.int().min(0);

const Figures = z.looseObject({
  id,
  clockRate: z.number().positive(),
  port: z.int().min(0).max(65535),
  ticks: count,
  sent: count,
  received: count,
  finalClock: count,
  maxJump: count,
  maxQueue: count,
  pendingAtStop: z.array(z.string()),
  lostPeers: z.array(id),
  unendedLinks: z.array(z.strictObject({ from: id, cause: z.enum(unendedCauses) })),
  refused: count,
  stoppedEarly: z.boolean(),
});

const RemoteLine = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), id, pid: z.int().min(1) }),
  z.strictObject({ type: z.literal('pong'), n: count, t1: time, t2: time, t3: time }),
  z.strictObject({ type: z.literal('rows'), id, offset: count, text: z.string() }),
  z.strictObject({ type: z.literal('listening'), id, port: z.int().min(1).max(65535) }),
  z.strictObject({ type: z.literal('connected'), id }),
  z.strictObject({ type: z.literal('progress'), id, tick: count, clock: count, queue: count }),
  z.strictObject({ type: z.literal('done'), id, stats: Figures }),
  z.strictObject({
    type: z.literal('dropped'),
    id,
    copy: z.string().max(200),
    reason: z.enum(['link-down', 'partition', 'injected-drop']),
  }),
  z.strictObject({
    type: z.literal('failed'),
    id,
    reason: z.enum(vmFailureReasons),
    detail: z.string().max(2000),
  }),
]);

export type CheckedRemoteLine = { ok: true; message: RemoteVmToLauncher } | { ok: false; detail: string };

/** `vm`: the only VM id this channel may speak for. */
export function checkRemoteLine(line: string, vm: number): CheckedRemoteLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, detail: `not JSON: ${line.slice(0, 60)}` };
  }
  const parsed = RemoteLine.safeParse(value);
  if (!parsed.success) return { ok: false, detail: `malformed: ${line.slice(0, 60)}` };
  const message = parsed.data as RemoteVmToLauncher;
  if ('id' in message && message.id !== vm) return { ok: false, detail: `speaks for VM ${message.id}, not VM ${vm}` };
  return { ok: true, message };
}
