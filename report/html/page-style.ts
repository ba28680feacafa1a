/**
 * The pages' stylesheet (report, comparison, experiment): plain and legible, printed and on screen, and fitting any
 * window from 1024 px up: charts take their box's width, a wide table scrolls inside its own box with its first
 * column kept in view, and nothing makes the page itself scroll sideways.
 */
export const pageStyle = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem 2rem; color: #222; max-width: 1800px; }
h1 { margin: 0 0 0.3rem; } h2 { margin: 1.6rem 0 0.4rem; font-size: 1.15rem; }
table { border-collapse: collapse; margin: 0.4rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 0.15rem 0.5rem; text-align: right; }
td { white-space: nowrap; }
th { background: #f3f3f3; font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
.table-box { max-width: 100%; overflow-x: auto; margin: 0.4rem 0; }
.table-box table { margin: 0; }
.table-box td:first-child, .table-box th:first-child { position: sticky; left: 0; z-index: 1; }
.table-box td:first-child { background: #fff; }
.chart { width: 100%; min-width: 0; }
.chart .vega-embed { width: 100%; display: flex; }
.chart .vega-embed details, .chart .vega-embed summary { position: relative; }
.verdict { padding: 0.5rem 0.8rem; border-radius: 4px; margin: 0.6rem 0; }
.verdict.ok { background: #e8f5e9; border: 1px solid #a5d6a7; }
.verdict.bad { background: #ffebee; border: 1px solid #ef9a9a; }
.verdict ul { margin: 0.3rem 0 0; padding-left: 1.2rem; font: 12px/1.4 ui-monospace, monospace; overflow-wrap: anywhere; }
.note { color: #a33; } .small { color: #555; font-size: 12px; margin: 0.2rem 0; }
.controls { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.4rem 0; }
.controls input[type=range] { flex: 1; min-width: 12rem; }
.overview { cursor: pointer; } .spacetime { cursor: grab; touch-action: none; }
.status { background: #f7f7f7; padding: 0.4rem 0.6rem; border-radius: 4px; min-height: 1.4em; }
.legend { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; font-size: 12px; margin: 0.3rem 0; }
.legend span { display: inline-flex; align-items: center; gap: 0.3rem; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; }
.swatch.line { width: 18px; height: 2px; border-radius: 0; }
.swatch.band { width: 14px; height: 10px; border-radius: 0; opacity: 0.45; }
`;
