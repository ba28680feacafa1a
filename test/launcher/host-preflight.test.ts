import { describe, expect, test } from '@jest/globals';
import { distinctHosts, judgeProbe, probeCommand } from '../../launcher/host-preflight.js';

const host = { name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2' };
const local = { version: '0.1.0', build: 'abcdef0123456789' };
const answer = (found: object) => ({ code: 0, signal: null, stdout: `${JSON.stringify(found)}\n`, stderr: '' });

describe('host preflight', () => {
  test('a host with node 20 and the same version and build passes', () => {
    expect(judgeProbe(host, '/opt/c', local, answer({ node: 'v20.20.2', ...local, logs: null }))).toEqual([]);
  });

  const cases: [string, Parameters<typeof judgeProbe>[3], string[]][] = [
    [
      'unreachable',
      { code: 255, signal: null, stdout: '', stderr: 'ssh: connect to host 10.0.0.2 port 22: Connection refused\n' },
      [
        'host h1 (root@10.0.0.2): not reachable over ssh in batch mode (ssh: connect to host 10.0.0.2 port 22: Connection refused)',
      ],
    ],
    [
      'no answer',
      { code: null, signal: 'SIGKILL', stdout: '', stderr: '' },
      ['host h1 (root@10.0.0.2): no answer over ssh within 20 s'],
    ],
    [
      'no folder',
      { code: 0, signal: null, stdout: 'clocklab-no-dir\n', stderr: '' },
      ["host h1 (root@10.0.0.2): no folder /opt/c (set hosts[].dir to clocklab's folder there)"],
    ],
    [
      'no node',
      { code: 0, signal: null, stdout: 'clocklab-no-node\n', stderr: '' },
      ['host h1 (root@10.0.0.2): node is not on the PATH of a non-interactive ssh session'],
    ],
    [
      'old node and another version',
      answer({ node: 'v18.19.0', version: '0.0.9', build: 'ffff' }),
      [
        'host h1 (root@10.0.0.2): node v18.19.0; clocklab needs node 20 or newer',
        'host h1 (root@10.0.0.2): clocklab 0.0.9 in /opt/c; the launcher runs 0.1.0',
      ],
    ],
    [
      'the same version, another build',
      answer({ node: 'v22.1.0', version: '0.1.0', build: '0000000000000000' }),
      [
        "host h1 (root@10.0.0.2): /opt/c/dist/vm/main.js is another build (0000000000000000; the launcher's is abcdef0123456789): rebuild both from one commit",
      ],
    ],
    [
      'not built',
      answer({ node: 'v20.1.0', version: '0.1.0', build: null }),
      ['host h1 (root@10.0.0.2): /opt/c/dist/vm/main.js is missing: run npm ci there'],
    ],
    [
      'logs not writable',
      answer({ node: 'v20.1.0', ...local, logs: 'EROFS' }),
      ['host h1 (root@10.0.0.2): cannot write in /opt/c/logs (EROFS), where its VMs write their CSVs'],
    ],
  ];
  test.each(cases)('%s: one line per problem, naming the host', (_, result, expected) => {
    expect(judgeProbe(host, '/opt/c', local, result)).toEqual(expected);
  });

  test('the probe quotes the folder for the shell', () => {
    expect(probeCommand('/opt/my lab')).toMatch(/^cd '\/opt\/my lab' /);
  });

  test("an experiment's variants name each host once", () => {
    const other = { ...host, name: 'h9', dir: '/srv/c' };
    expect(distinctHosts([{ hosts: [host] }, {}, { hosts: [host, other] }])).toEqual([host, other]);
    expect(distinctHosts([{}, {}])).toEqual([]);
  });
});
