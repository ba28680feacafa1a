/**
 * The bench's figures as the README's Performance table, in markdown, ready to paste: the run it came from on the
 * first line, then every row in the order measured (on time first). Nothing in it that this run did not produce.
 */
import type { BenchRow } from './result-table.js';

export type RunFacts = {
  revision: string;
  date: string;
  machine: { cores: number; cpu: string; node: string };
  loadAvg: number[];
};

const escapePipes = (cell: string) => cell.replaceAll('|', '\\|');

export function readmeBlock(rows: readonly BenchRow[], facts: RunFacts): string {
  const load = facts.loadAvg.map((l) => l.toFixed(2)).join(', ');
  const head =
    `\`npm run bench\` at ${facts.revision}, ${facts.date.slice(0, 16).replace('T', ' ')} UTC, ${facts.machine.cores} ` +
    `cores (${facts.machine.cpu}), Node ${facts.machine.node}; load average at the end ${load}.`;
  const cells = rows.map((r) => [r.metric.trim(), r.figure, r.target, verdict(r.pass)].map(escapePipes));
  const header = ['metric', 'figure (clocklab \\| bare reference \\| difference)', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [head, '', line(header), rule, ...cells.map(line)].join('\n');
}

function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return '';
  return pass ? 'pass' : 'miss';
}
