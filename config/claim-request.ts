/** The claims an experiment file can ask to have judged: by id, or with the variants each is judged on. */
import { z } from 'zod';

/** The engineering notebook's claims an experiment can judge (README, Experiments: Claims). */
export const claimIds = [
  'slow-vms-mostly-receive',
  'slow-vms-bigger-jumps',
  'slow-vms-more-drift',
  'slow-vms-longer-queues',
  'variation-smaller-jumps',
  'variation-shorter-queues',
  'variation-less-drift',
] as const;
export const ClaimId = z.enum(claimIds);
export type ClaimId = z.infer<typeof ClaimId>;

/** A claim by id (its defaults), or with the variants it is judged on named. */
export const ClaimRequest = z.union(
  [
    ClaimId,
    z.strictObject({
      id: ClaimId,
      variants: z
        .array(z.string())
        .min(1)
        .optional()
        .describe('slow-vms-*: the variants judged (default: every variant).'),
      baseline: z.string().optional().describe('variation-*: the variant compared against (default "original").'),
      changed: z.string().optional().describe('variation-*: the changed variant (default "smaller-variation").'),
      parts: z
        .array(z.string())
        .optional()
        .describe('variation-*: variants that make one change each (default: "rates-3-5", "events-1-5" if present).'),
    }),
  ],
  {
    error: (issue) =>
      `found ${JSON.stringify(issue.input)}; allowed: one of ${claimIds.join(', ')}, or { "id": one of them, ... }`,
  },
);
export type ClaimRequest = z.infer<typeof ClaimRequest>;
