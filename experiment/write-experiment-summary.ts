/** Writes the experiment summary beside the variant folders: summary.json, summary.md and summary.html. */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readPageScripts } from '../report/html/page-scripts.js';
import type { ExperimentSummary } from './summarize-experiment.js';
import { experimentHtml } from './summary-html.js';
import { experimentMarkdown } from './summary-markdown.js';

export const summaryFiles = { json: 'summary.json', markdown: 'summary.md', html: 'summary.html' } as const;

export async function writeExperimentSummary(dir: string, summary: ExperimentSummary): Promise<void> {
  const scripts = await readPageScripts();
  await writeAtomically(join(dir, summaryFiles.json), `${JSON.stringify(summary, null, 2)}\n`);
  await writeAtomically(join(dir, summaryFiles.markdown), experimentMarkdown(summary));
  await writeAtomically(join(dir, summaryFiles.html), experimentHtml(summary, scripts));
}

/** Write then rename, so a reader never sees half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}
