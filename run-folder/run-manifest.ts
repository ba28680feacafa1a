/**
 * Reads `manifest.json` for analysis: only the fields the analysis and the checker rely on are validated, so a
 * manifest from a newer launcher (more fields) still reads. A VM the launcher could not account for (no `vms`
 * entry) gets an empty entry with exit 'unknown' rather than failing the whole run.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../config/format-issues.js';
import { manifestFileName } from './manifest.js';
import { errorCode, type Unreadable, unreadable } from './unreadable.js';

const ManifestVmShape = z.object({
  id: z.int().min(0),
  exit: z.string(),
  pendingAtStop: z.array(z.string()).default([]),
  dropped: z.array(z.string()).default([]),
  stoppedEarly: z.boolean().default(false),
});

/** An injected kill (config.faults.kills): the VM's rows stop, and resume after a tick gap if it is restarted. */
const KillShape = z.object({
  vm: z.int().min(0),
  restartAfterSeconds: z.number().positive().optional(),
  clock: z.enum(['kept', 'reset']).default('kept'),
});

const ManifestShape = z
  .object({
    runId: z.string(),
    status: z.enum(['ok', 'failed', 'interrupted']),
    reason: z.string().optional(),
    seed: z.int(),
    config: z.object({
      machines: z.int().min(1),
      durationSeconds: z.number().positive(),
      faults: z
        .object({
          kills: z.array(KillShape).default([]),
          pauses: z.array(z.object({ vm: z.int().min(0) })).default([]),
        })
        .optional(),
    }),
    clockRates: z.array(z.number().positive()),
    // Manifests from before time compression have no speed: they ran in real time.
    speed: z.number().positive().default(1),
    engine: z.enum(['processes', 'sim']).optional(),
    vms: z.array(ManifestVmShape),
  })
  .superRefine((manifest, ctx) => {
    if (manifest.clockRates.length !== manifest.config.machines) {
      ctx.addIssue({
        code: 'custom',
        path: ['clockRates'],
        message: `found ${manifest.clockRates.length} rates; allowed: one per machine (${manifest.config.machines})`,
      });
    }
    const seen = new Set<number>();
    manifest.vms.forEach((vm, i) => {
      if (vm.id >= manifest.config.machines || seen.has(vm.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['vms', i, 'id'],
          message: `found ${vm.id}; allowed: a unique id below machines`,
        });
      }
      seen.add(vm.id);
    });
  });

export type ManifestVmFacts = z.infer<typeof ManifestVmShape>;

/** What the analysis knows about a run before reading any CSV. `vms[i]` is VM i. */
export type RunFacts = {
  runDir: string;
  runId: string;
  status: 'ok' | 'failed' | 'interrupted';
  reason: string | null;
  seed: number;
  machines: number;
  /** Experiment seconds: real seconds x speed. */
  durationSeconds: number;
  /** Ticks per experiment second (the VMs ran at clockRates x speed per real second). */
  clockRates: number[];
  /** Time compression: elapsed_ms x speed is experiment time. */
  speed: number;
  /** 'sim': made by the simulation engine (virtual time); absent or 'processes': by OS processes. */
  engine?: 'processes' | 'sim';
  vms: ManifestVmFacts[];
  /** Injected kills per VM id (empty for most VMs): how many restarts, and whether each restart reset the clock. */
  kills: KillFacts[];
  /** VMs stopped (SIGSTOP) for a while by an injected pause: their ticks after it run late by design. */
  pausedVms: number[];
};

export type KillFacts = { kills: number; restarts: number; clockReset: boolean };

export type ReadManifestResult = { ok: true; facts: RunFacts } | Unreadable;

export async function readRunManifest(runDir: string): Promise<ReadManifestResult> {
  const file = join(runDir, manifestFileName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT') return unreadable('manifest-missing', file, `cannot read ${manifestFileName} (${code})`);
    const isFolder = await stat(runDir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isFolder) return unreadable('no-run-folder', runDir, 'no such folder');
    return unreadable('manifest-missing', file, `no ${manifestFileName} in ${runDir}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return unreadable('manifest-not-json', file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = ManifestShape.safeParse(raw);
  if (!parsed.success) return unreadable('manifest-invalid', file, formatIssues(parsed.error.issues).join('; '));
  const m = parsed.data;
  const byId = new Map(m.vms.map((vm) => [vm.id, vm]));
  const vms = Array.from(
    { length: m.config.machines },
    (_, id): ManifestVmFacts =>
      byId.get(id) ?? { id, exit: 'unknown', pendingAtStop: [], dropped: [], stoppedEarly: false },
  );
  return {
    ok: true,
    facts: {
      runDir,
      runId: m.runId,
      status: m.status,
      reason: m.reason ?? null,
      seed: m.seed,
      machines: m.config.machines,
      durationSeconds: m.config.durationSeconds,
      clockRates: m.clockRates,
      speed: m.speed,
      ...(m.engine === undefined ? {} : { engine: m.engine }),
      vms,
      kills: Array.from({ length: m.config.machines }, (_, id) => {
        const kills = (m.config.faults?.kills ?? []).filter((kill) => kill.vm === id);
        const restarted = kills.filter((kill) => kill.restartAfterSeconds !== undefined);
        return {
          kills: kills.length,
          restarts: restarted.length,
          clockReset: restarted.some((k) => k.clock === 'reset'),
        };
      }),
      pausedVms: [...new Set((m.config.faults?.pauses ?? []).map((pause) => pause.vm))].sort((a, b) => a - b),
    },
  };
}

/**
 * True when the manifest itself says this VM stopped before the configured end, or lost time to an injected kill,
 * so that a short CSV is expected.
 */
export function stoppedBeforeEnd(facts: RunFacts, vm: ManifestVmFacts): boolean {
  return facts.status !== 'ok' || vm.exit !== 'done' || vm.stoppedEarly || wasKilled(facts, vm.id);
}

/** Killed by an injected fault at some point (restarted or not): what it held in flight and in queue was lost. */
export function wasKilled(facts: RunFacts, vmId: number): boolean {
  return (facts.kills[vmId]?.kills ?? 0) > 0;
}
