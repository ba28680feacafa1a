import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import { loadExperiment } from '../../experiment/load-experiment.js';
import { simFit } from '../../sim/sim-refusals.js';

const config = (raw: Record<string, unknown>) => RunConfig.parse({ machines: 3, ...raw });

describe('what the sim engine refuses or ignores', () => {
  test('a plain config fits with nothing to say', () => {
    expect(simFit(config({}), 'c.json')).toEqual({ refusals: [], notes: [] });
  });

  test('a fixed basePort is ignored with one note naming the key', () => {
    const fit = simFit(config({ network: { basePort: 5000 } }), 'c.json');
    expect(fit.refusals).toEqual([]);
    expect(fit.notes).toEqual([
      expect.stringMatching(/^note: c\.json: network\.basePort 5000 is ignored by the sim engine/),
    ]);
  });

  test('hosts are refused with one line naming the key', () => {
    // The hosts key belongs to the multi-host config; the sim refuses it whatever its shape.
    const withHosts = { ...config({}), hosts: [{ address: '10.0.0.2' }] } as RunConfig;
    const fit = simFit(withHosts, 'c.json');
    expect(fit.refusals).toEqual([
      expect.stringMatching(/^c\.json: hosts: the sim engine .* cannot place VMs on hosts/),
    ]);
  });
});

describe('an experiment under sim', () => {
  test('may keep a fixed basePort with trials in parallel: sim trials open no ports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-test-'));
    try {
      const file = join(dir, 'ports.json');
      const base = { machines: 3, durationSeconds: 5, network: { basePort: 6200 } };
      await writeFile(file, JSON.stringify({ base, trials: 2, parallel: 2, variants: [{ name: 'a' }] }));
      const sim = await loadExperiment(file, { engine: 'sim' });
      const processes = await loadExperiment(file);
      expect(sim.ok).toBe(true);
      expect(processes.ok ? [] : processes.problems).toEqual([expect.stringMatching(/network\.basePort: found 6200/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
