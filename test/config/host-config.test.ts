import { describe, expect, test } from '@jest/globals';
import { placeVms } from '../../config/host-config.js';
import { type LoadConfigResult, parseRunConfig } from '../../config/load-config.js';

const hosts = [
  { name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2', dir: '/opt/clocklab' },
  { name: 'h2', ssh: 'lab-two', address: '10.0.0.3' },
];
const base = { machines: 4, clockRate: { min: 1, max: 6 }, network: { allowNonLoopback: true }, hosts };

const problemsOf = (result: LoadConfigResult): string[] => {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.problems;
};

describe('hosts in the run config', () => {
  test('a hosts config with allowNonLoopback passes, placement optional', () => {
    expect(parseRunConfig(base, 'h.json')).toMatchObject({ ok: true, config: { hosts } });
    const placed = parseRunConfig({ ...base, placement: ['h2', 'h2', 'h1', 'h2'] }, 'h.json');
    expect(placed).toMatchObject({ ok: true, config: { placement: ['h2', 'h2', 'h1', 'h2'] } });
  });

  const cases: [string, unknown, string][] = [
    [
      'hosts without allowNonLoopback',
      { ...base, network: {} },
      'h.json: network.allowNonLoopback: must be true with hosts: the VMs then listen where other machines can reach them',
    ],
    ['placement without hosts', { machines: 2, placement: ['h1', 'h1'] }, 'h.json: placement: allowed only with hosts'],
    [
      'a placement of the wrong length',
      { ...base, placement: ['h1'] },
      'h.json: placement: found 1 host name; allowed: exactly one per machine (4)',
    ],
    [
      'a placement naming an unknown host',
      { ...base, placement: ['h1', 'h3', 'h1', 'h1'] },
      'h.json: placement[1]: found "h3"; allowed: a name from hosts (h1, h2)',
    ],
    [
      'two hosts with one name',
      { ...base, hosts: [hosts[0], { ...hosts[1], name: 'h1' }] },
      'h.json: hosts[1].name: found "h1" twice; allowed: unique host names',
    ],
    [
      'an ssh destination that is an option',
      { ...base, hosts: [{ ...hosts[0], ssh: '-oProxyCommand=x' }] },
      'h.json: hosts[0].ssh: found "-oProxyCommand=x"; allowed: an ssh destination such as root@10.0.0.2 or an alias from ~/.ssh/config',
    ],
    [
      'a relative dir',
      { ...base, hosts: [{ ...hosts[0], dir: 'clocklab' }] },
      `h.json: hosts[0].dir: found "clocklab"; allowed: an absolute path without quotes (')`,
    ],
    ['no hosts at all', { ...base, hosts: [] }, 'h.json: hosts: found []; allowed: >= 1 entry'],
    [
      'an unknown key in a host',
      { ...base, hosts: [{ ...hosts[0], port: 22 }] },
      'h.json: hosts[0]: unknown key "port"; allowed: only the keys in config/schema.json',
    ],
  ];

  test.each(cases)('%s is refused in one line', (_, raw, expected) => {
    const problems = problemsOf(parseRunConfig(raw, 'h.json'));
    expect(problems).toContain(expected);
  });

  test('VM k goes to hosts[k mod H] unless placed', () => {
    expect(placeVms(5, hosts, undefined)).toEqual([0, 1, 0, 1, 0]);
    expect(placeVms(3, hosts, ['h2', 'h2', 'h1'])).toEqual([1, 1, 0]);
  });
});
