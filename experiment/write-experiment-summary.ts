/** Writes the experiment summary beside the variant folders: summary.json, summary.md and summary.html. */
import { join } from 'node:path';
import { readPageScripts } from '../report/html/page-scripts.js';
import { writeFileAtomically } from '../run-folder/exclusive-file.js';
import { type IoFailure, orIoFailure } from '../run-folder/io-failure.js';
import type { ExperimentSummary } from './summarize-experiment.js';
import { experimentHtml } from './summary-html.js';
import { experimentMarkdown } from './summary-markdown.js';

export const summaryFiles = { json: 'summary.json', markdown: 'summary.md', html: 'summary.html' } as const;

/**
 * Each file whole or not at all, and never through a link planted in the folder (writeFileAtomically: an exclusive
 * temporary name, renamed over the file, removed when that fails). A full disk or a name in the way is a value.
 */
export async function writeExperimentSummary(
  dir: string,
  summary: ExperimentSummary,
): Promise<{ kind: 'written' } | IoFailure> {
  const scripts = await readPageScripts();
  return orIoFailure(async () => {
    await writeFileAtomically(join(dir, summaryFiles.json), `${JSON.stringify(summary, null, 2)}\n`);
    await writeFileAtomically(join(dir, summaryFiles.markdown), experimentMarkdown(summary));
    await writeFileAtomically(join(dir, summaryFiles.html), experimentHtml(summary, scripts));
    return { kind: 'written' as const };
  });
}
