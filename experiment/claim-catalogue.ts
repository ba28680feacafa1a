/**
 * The engineering notebook's claims, and how each is judged. Two kinds:
 * - `rate`: a per-VM figure against the VM's clock rate, as Spearman's rank correlation over the VMs of a variant's
 *   trials (within a variant: its other settings are fixed), averaged over the variants judged;
 * - `variation`: a per-trial figure, the changed variant minus the baseline, paired by trial seed (same clock rates
 *   and draws), averaged over the pairs.
 * `sign` turns the measure into an effect that is positive when the data go the way the notebook says.
 */
import type { ClaimId } from '../config/claim-request.js';
import type { VmPoint } from './vm-points.js';

export type RateClaim = {
  kind: 'rate';
  statement: string;
  figure: 'receiveShare' | 'jumpMean' | 'driftMean' | 'queueMean';
  label: string;
  sign: 1 | -1;
};

export type VariationClaim = {
  kind: 'variation';
  statement: string;
  figure: 'jumpMean' | 'queueMean' | 'driftMean';
  label: string;
  sign: 1 | -1;
};

export const claimCatalogue: Record<ClaimId, RateClaim | VariationClaim> = {
  'slow-vms-mostly-receive': {
    kind: 'rate',
    statement: 'slower VMs spend most of their ticks receiving',
    figure: 'receiveShare',
    label: 'receive share',
    sign: -1,
  },
  'slow-vms-bigger-jumps': {
    kind: 'rate',
    statement: 'slower VMs have bigger logical clock jumps',
    figure: 'jumpMean',
    label: 'jump mean',
    sign: -1,
  },
  'slow-vms-more-drift': {
    kind: 'rate',
    // Drift is <= 0 (behind the leader): further behind is lower, so drift rising with the rate is the claim.
    statement: 'slower VMs drift further behind',
    figure: 'driftMean',
    label: 'drift mean',
    sign: 1,
  },
  'slow-vms-longer-queues': {
    kind: 'rate',
    statement: 'slower VMs have longer message queues',
    figure: 'queueMean',
    label: 'queue mean',
    sign: -1,
  },
  'variation-smaller-jumps': {
    kind: 'variation',
    statement: 'smaller clock-rate variation and fewer internal events give smaller jumps',
    figure: 'jumpMean',
    label: 'jump mean',
    sign: -1,
  },
  'variation-shorter-queues': {
    kind: 'variation',
    statement: 'smaller clock-rate variation and fewer internal events give shorter queues',
    figure: 'queueMean',
    label: 'queue mean',
    sign: -1,
  },
  'variation-less-drift': {
    kind: 'variation',
    statement: 'smaller clock-rate variation and fewer internal events keep the VMs more synchronized (less drift)',
    figure: 'driftMean',
    label: 'drift mean',
    sign: 1,
  },
};

export function measureOf(claim: RateClaim | VariationClaim): string {
  if (claim.kind === 'rate') {
    const sense = claim.sign === -1 ? 'minus ' : '';
    return (
      `${sense}Spearman rank correlation of each VM's ${claim.label} with its clock rate, over the VMs of a ` +
      "variant's trials, averaged over the variants judged"
    );
  }
  const order = claim.sign === -1 ? 'baseline minus changed' : 'changed minus baseline';
  return `${claim.label} per trial, ${order}, paired by trial seed; mean over the pairs`;
}

export const vmFigure = (point: VmPoint, figure: RateClaim['figure']): number | null => point[figure];
