/**
 * The vega builds inlined into the page before its own script (html/page-scripts.ts) define these globals; vega-embed's
 * build itself reads `vega` and `vegaLite`. The page's bundle uses them rather than bundling vega a second time.
 */
import type { View } from 'vega';

export type EmbedResult = { view: View; finalize(): void };
type Globals = {
  vegaEmbed: (el: HTMLElement | string, spec: unknown, options: object) => Promise<EmbedResult>;
  vega: typeof import('vega');
};

/** Read when called, not when the module loads: unit tests import modules that use it under Node, without vega. */
export const vegaGlobals = (): Globals => globalThis as unknown as Globals;
