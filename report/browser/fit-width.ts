/**
 * Faceted charts at their container's width. vega-lite sizes only single and layered views to their container
 * (`width: "container"`); a faceted spec says in `usermeta.fit` how many cells it has, how narrow a cell may get and
 * how much room each cell's axes take, and the page picks the number of columns and the cell width from the width
 * of the chart's box, again whenever the window is resized.
 */
export type FacetFit = { cells: number; minCellWidth: number; cellOverhead: number };

type FacetSpec = { usermeta?: { fit?: FacetFit }; facet?: Record<string, unknown>; spec?: Record<string, unknown> };

/** Whether the spec asks to be fitted here (else vega-lite fits it, or it keeps its own size). */
export function needsFit(spec: unknown): boolean {
  const s = spec as FacetSpec;
  return s.usermeta?.fit !== undefined && s.spec !== undefined;
}

/** The spec with its cell width (and, for a wrapping facet, its columns) set for a box `width` px wide. */
export function fittedSpec(spec: unknown, width: number): unknown {
  const s = spec as FacetSpec;
  const fit = s.usermeta?.fit;
  if (fit === undefined || s.spec === undefined) return spec;
  const columns = Math.max(1, Math.min(fit.cells, Math.floor(width / (fit.minCellWidth + fit.cellOverhead))));
  const cellWidth = Math.max(40, Math.floor(width / columns) - fit.cellOverhead);
  // Only a facet on one field wraps into columns; a row facet (`facet: { row }`) stays one column.
  const wraps = s.facet !== undefined && 'field' in s.facet;
  return { ...s, ...(wraps ? { columns } : {}), spec: { ...s.spec, width: cellWidth } };
}
