import { describe, expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
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
