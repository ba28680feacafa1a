/**
 * The words beside a claim's verdict: which one-change variant drives a variation claim, and for "slower VMs spend
 * most of their ticks receiving" the share itself at the slowest rate ("most" is a level, not only an order).
 */
import { counted } from '../shared/counted.js';
import type { Estimate, Verdict } from './claim-verdict.js';
import type { VmPoint } from './vm-points.js';

/** "Most of their ticks": the receive share of the VMs at each variant's slowest rate, beside the correlation. */
export function slowestShares(variants: readonly string[], vms: readonly VmPoint[]): string {
  const parts = variants.flatMap((variant) => {
    const own = vms.filter((p) => p.variant === variant && p.receiveShare !== null);
    if (own.length === 0) return [];
    const slowest = Math.min(...own.map((p) => p.configuredRate));
    const shares = own.filter((p) => p.configuredRate === slowest).map((p) => p.receiveShare ?? 0);
    const mean = shares.reduce((s, x) => s + x, 0) / shares.length;
    return [`${variant} ${(mean * 100).toFixed(0)}% at ${slowest}/s (${counted(shares.length, 'VM')})`];
  });
  return `receive share of the VMs at the slowest rate: ${parts.join(', ')}`;
}

/** Which one-change variant reproduces the claim's verdict alone (and which goes the other way). */
export function drivenByText(verdict: Verdict, parts: readonly (Estimate & { variant: string })[]): string {
  if (verdict === 'inconclusive') return parts.map((p) => `${p.variant} alone: ${p.verdict}`).join('; ');
  const opposite: Verdict = verdict === 'confirmed' ? 'refuted' : 'confirmed';
  const same = parts.filter((p) => p.verdict === verdict).map((p) => p.variant);
  const against = parts.filter((p) => p.verdict === opposite).map((p) => p.variant);
  const every = same.length === parts.length && same.length > 1;
  const who =
    same.length === 0 ? 'neither change alone' : every ? `each alone (${same.join(', ')})` : same.join(' and ');
  return against.length === 0 ? who : `${who}; ${against.join(' and ')} alone goes the other way`;
}
