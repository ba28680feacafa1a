/** Generates `config/schema.json` from the zod schema (`npm run schema`); a test keeps the two in step. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RunConfig } from './run-config.js';

export function runConfigJsonSchema(): string {
  const schema = z.toJSONSchema(RunConfig, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'clocklab run config' }, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? 'config/schema.json';
  await writeFile(target, runConfigJsonSchema());
  console.log(`wrote ${target}`);
}
