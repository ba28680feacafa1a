/**
 * Which variants each claim the experiment file names is judged on, settled before anything runs: a claim naming a
 * variant the experiment does not have is refused like a bad variant (one line, exit 2).
 */
import type { ClaimId, ClaimRequest } from '../config/claim-request.js';
import { claimCatalogue } from './claim-catalogue.js';

export type PlannedClaim =
  | { id: ClaimId; kind: 'rate'; variants: string[] }
  | { id: ClaimId; kind: 'variation'; baseline: string; changed: string; parts: string[] };

export const defaultComparison = {
  baseline: 'original',
  changed: 'smaller-variation',
  parts: ['rates-3-5', 'events-1-5'],
} as const;

export type PlanClaimsResult = { ok: true; claims: PlannedClaim[] } | { ok: false; problems: string[] };

/**
 * `written`: the names the file gives its variants, refused ones too: a claim naming one is not blamed (the variant's
 * own lines say what is wrong with it, and nothing runs).
 */
export function planClaims(
  requests: readonly ClaimRequest[],
  variantNames: readonly string[],
  written: readonly string[] = [],
): PlanClaimsResult {
  const problems: string[] = [];
  const claims: PlannedClaim[] = [];
  const known = new Set(variantNames);
  const inFile = [...new Set([...written, ...variantNames])];
  const allowed = `allowed: a variant of this experiment (${inFile.slice(0, 6).join(', ')}${inFile.length > 6 ? ', ...' : ''})`;
  const check = (where: string, name: string) => {
    if (known.has(name)) return true;
    if (inFile.includes(name)) return false;
    problems.push(`${where}: found "${name}"; ${allowed}`);
    return false;
  };
  for (const [i, request] of requests.entries()) {
    const spec = typeof request === 'string' ? { id: request } : request;
    const where = `claims[${i}] (${spec.id})`;
    if (claims.some((claim) => claim.id === spec.id)) {
      problems.push(`${where}: found twice; allowed: each claim once`);
      continue;
    }
    const claim = claimCatalogue[spec.id];
    if (claim.kind === 'rate') {
      const variants = 'variants' in spec && spec.variants !== undefined ? spec.variants : [...variantNames];
      // Every name checked, not up to the first refused: each unknown one is a line.
      if (variants.map((name) => check(`${where}: variants`, name)).every(Boolean))
        claims.push({ id: spec.id, kind: 'rate', variants });
      continue;
    }
    const baseline = ('baseline' in spec ? spec.baseline : undefined) ?? defaultComparison.baseline;
    const changed = ('changed' in spec ? spec.changed : undefined) ?? defaultComparison.changed;
    const named = 'parts' in spec ? spec.parts : undefined;
    const parts = named ?? defaultComparison.parts.filter((name) => known.has(name));
    const ok = [
      check(`${where}: baseline`, baseline),
      check(`${where}: changed`, changed),
      ...parts.map((name) => check(`${where}: parts`, name)),
    ].every(Boolean);
    if (ok) claims.push({ id: spec.id, kind: 'variation', baseline, changed, parts });
  }
  return problems.length === 0 ? { ok: true, claims } : { ok: false, problems };
}
