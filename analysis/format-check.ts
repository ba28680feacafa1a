/** A check result as terminal lines: the verdict, each violation with its rule and row, then the notes. */

import { counted } from '../shared/counted.js';
import type { CheckResult } from './check-run.js';
import { ruleText } from './violation.js';

export function formatCheck(result: CheckResult): string[] {
  if (!result.ok && result.reason === 'unreadable') {
    return [`unreadable: ${result.file}: ${result.detail}`];
  }
  const notes = result.notes.map((note) => `note: ${note.text}`);
  const scope = `${counted(result.rows, 'row')}, ${counted(result.messages, 'message')}`;
  if (result.ok) return [`valid: ${result.runDir} (${scope})`, ...notes];
  const lines = [`${counted(result.violationCount, 'violation')} in ${result.runDir} (${scope})`];
  for (const v of result.violations) {
    const row = v.line === null ? '' : ` tick ${v.tick ?? '?'} (line ${v.line})`;
    lines.push(`${v.rule}: vm-${v.vm}.csv${row}: found ${v.found}; expected ${v.expected}`);
  }
  const shown = result.violations.length;
  if (shown < result.violationCount) {
    const counts = Object.entries(result.countsByRule).map(([rule, n]) => `${rule} ${n}`);
    lines.push(`(${shown} shown; all: ${counts.join(', ')})`);
  }
  const broken = Object.keys(result.countsByRule) as (keyof typeof ruleText)[];
  lines.push(...broken.map((rule) => `rule ${rule}: ${ruleText[rule]}`), ...notes);
  return lines;
}
