/**
 * Ctrl-C at each instant of a run's start, 6 VMs on 3 hosts (network namespaces over ssh, test-hosts.ts): every VM
 * is named once, with what happened to it, in the manifest and in what the launcher prints, and the folder checks
 * (ctrl-c-phases.ts). A VM whose kill (a round trip through its host's shell) came after its channel, closed by the
 * same stop, ended it was left out of the launcher's line as `exit code 1`: 2 of 6 in some runs. Needs root and sshd.
 */
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcherBin, track } from './cli-harness.js';
import { ctrlCAt, expectEveryVmAccounted, type StartInstant, startInstants } from './ctrl-c-phases.js';
import { type HostsSuite, onTestHosts } from './hosts-suite.js';

const machines = 6;
/** Each instant this many times: the kill and the channel race, so one run may not show a wrong end. */
const tries = 3;

describe('Ctrl-C at each instant of the start, 6 VMs on 3 hosts', () => {
  let suite: HostsSuite;
  onTestHosts(3, { machines, clockRates: [20, 25, 30, 35, 40, 45], durationSeconds: 8, seed: 11 }, (ready) => {
    suite = ready;
  });

  test.each(Object.keys(startInstants) as StartInstant[])(
    '%s',
    async (instant) => {
      for (let attempt = 0; attempt < tries; attempt++) {
        const out = join(suite.dir.path, `${instant.replaceAll(' ', '-')}-${attempt}`);
        const launched = track(
          execaNode(launcherBin, ['run', suite.config, '--out', out, '--verbose'], {
            cwd: suite.dir.path,
            reject: false,
            detached: true,
            env: { CLOCKLAB_SSH_COMMAND: suite.testHosts.sshCommand },
          }),
          { group: true },
        );
        await expectEveryVmAccounted(await ctrlCAt(launched, instant), out, machines, instant);
        // Nothing left on any host: no VM, and no shell of a VM's session.
        for (const host of suite.testHosts.hosts) {
          const nodes = suite.testHosts.nodesIn(host);
          expect({ host: host.name, nodes }).toEqual({ host: host.name, nodes: [] });
        }
      }
    },
    240_000,
  );
});
