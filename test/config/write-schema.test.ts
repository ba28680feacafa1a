import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { runConfigJsonSchema } from '../../config/write-schema.js';

describe('config/schema.json', () => {
  test('is exactly what runConfigJsonSchema() generates (run `npm run schema` after changing run-config.ts)', async () => {
    const committed = await readFile(fileURLToPath(new URL('../../config/schema.json', import.meta.url)), 'utf8');
    expect(committed).toBe(runConfigJsonSchema());
  });

  test('the generated schema is closed and titled', () => {
    const schema = JSON.parse(runConfigJsonSchema());
    expect(schema.title).toBe('clocklab run config');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.network.additionalProperties).toBe(false);
    expect(schema.properties.machines).toMatchObject({ type: 'integer', minimum: 2, maximum: 256, default: 3 });
  });
});
