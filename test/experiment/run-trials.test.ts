import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import type { Trial } from '../../experiment/experiment-plan.js';
import { ExperimentProgress } from '../../experiment/experiment-progress.js';
import type { TrialStop } from '../../experiment/run-in-folder.js';
import { runTrials, type TrialPorts } from '../../experiment/run-trials.js';
import { Manifest } from '../../run-folder/manifest.js';
import { fixtureRun, withEarlierRowsOnHost, withRowsOnHost } from '../analysis/fixture-runs.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-run-trials-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function fakeStream(): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = {
    isTTY: false,
    write: (chunk: string) => {
      written += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => written };
}

const trial = (experiment: string, variant: string, k: number): Trial => ({
  variant,
  k,
  of: 2,
  seed: k,
  config: { ...RunConfig.parse({}), seed: k },
  dir: join(experiment, variant, `trial-${k}`),
  runId: 'x',
  realDurationMs: 1000,
});

/** Claims that make the trial's folder as the real one does, noting each claim and release; runs that are noted. */
function fakePorts(onClaim: () => void = () => {}) {
  const events: string[] = [];
  const ports: TrialPorts = {
    async claim(t) {
      await mkdir(t.dir, { recursive: true });
      events.push(`claimed ${t.variant} ${t.k}`);
      onClaim();
      return { kind: 'claimed', release: async () => void events.push(`released ${t.variant} ${t.k}`) };
    },
    async run(t) {
      events.push(`ran ${t.variant} ${t.k}`);
      return { kind: 'io-failure', line: 'cannot write x (ENOSPC)' };
    },
  };
  return { ports, events };
}

function stopSignals(): { stop: TrialStop; interrupt: AbortController } {
  const interrupt = new AbortController();
  return { stop: { interrupt: interrupt.signal, kill: new AbortController().signal, answer: () => {} }, interrupt };
}

describe('runTrials', () => {
  test('Ctrl-C while the first trials claim their folders: none starts, each folder is released and removed', async () => {
    const experiment = join(dir, 'ctrl-c-at-claim');
    const trials = [trial(experiment, 'a', 1), trial(experiment, 'b', 1), trial(experiment, 'a', 2)];
    const { stop, interrupt } = stopSignals();
    const { ports, events } = fakePorts(() => interrupt.abort());
    const out = fakeStream();
    const outcomes = await runTrials(trials, 2, new ExperimentProgress(out.stream, 3, trials, 2), stop, ports);
    const said = outcomes.map((o) => `${o.trial.variant} ${o.trial.k}: ${o.status}, ${'detail' in o ? o.detail : ''}`);
    expect(said.sort()).toEqual([
      'a 1: interrupted, not started',
      'a 2: interrupted, not started',
      'b 1: interrupted, not started',
    ]);
    expect(events.filter((e) => e.startsWith('ran'))).toEqual([]);
    expect(events.filter((e) => e.startsWith('released')).sort()).toEqual(['released a 1', 'released b 1']);
    expect(out.text()).not.toContain('started');
    expect(await readdir(join(experiment, 'a'))).toEqual([]);
    expect(await readdir(join(experiment, 'b'))).toEqual([]);
  });

  test('without a signal each trial is claimed, run and released in turn; a failed one does not stop the others', async () => {
    const experiment = join(dir, 'no-signal');
    const trials = [trial(experiment, 'a', 1), trial(experiment, 'a', 2)];
    const { stop } = stopSignals();
    const { ports, events } = fakePorts();
    const out = fakeStream();
    const outcomes = await runTrials(trials, 1, new ExperimentProgress(out.stream, 2, trials, 1), stop, ports);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(events).toEqual(['claimed a 1', 'ran a 1', 'released a 1', 'claimed a 2', 'ran a 2', 'released a 2']);
    expect(out.text()).toContain('a trial 2/2: FAILED (cannot write x (ENOSPC))');
  });

  test('where a lost host keeps rows, its manifest says so: the line is said and named in the trial`s outcome', async () => {
    const experiment = join(dir, 'kept-rows');
    const trials = [trial(experiment, 'a', 1)];
    const { stop } = stopSignals();
    const { ports } = fakePorts();
    const json = JSON.parse(await readFile(join(fixtureRun('basic'), 'manifest.json'), 'utf8'));
    const manifest = Manifest.parse(withRowsOnHost(json));
    ports.run = async () => ({ kind: 'ended', exitCode: 1, manifest, failure: 'VM 1 was lost' });
    const out = fakeStream();
    const [outcome] = await runTrials(trials, 1, new ExperimentProgress(out.stream, 1, trials, 1), stop, ports);
    const kept = `VM 1: its rows from byte 321 of its CSV are not in the run folder: they stay on host h2 in /opt/clocklab/logs/.remote-basic/vm-1.csv (no answer from the host in 10 s)`;
    expect(outcome).toMatchObject({ status: 'failed', detail: `VM 1 was lost; ${kept}` });
    expect(out.text()).toContain(`a trial 1: ${kept}`);
  });

  test("a restarted VM's first life's rows set aside on a host: said for the trial, which is ok as its run was", async () => {
    const experiment = join(dir, 'set-aside-rows');
    const trials = [trial(experiment, 'a', 1)];
    const { stop } = stopSignals();
    const { ports } = fakePorts();
    const json = JSON.parse(await readFile(join(fixtureRun('basic'), 'manifest.json'), 'utf8'));
    const manifest = Manifest.parse(withEarlierRowsOnHost(json));
    ports.run = async () => ({ kind: 'ended', exitCode: 0, manifest, failure: undefined });
    const out = fakeStream();
    const [outcome] = await runTrials(trials, 1, new ExperimentProgress(out.stream, 1, trials, 1), stop, ports);
    const kept =
      'VM 1: the rows its life 1 wrote from byte 321 of its CSV on are not in the run folder (its life 2 went on from that byte there): they stay on host h2 in /opt/clocklab/logs/.remote-basic/vm-1.life-1.csv (the answer was not base64)';
    expect(outcome?.status).toBe('ok');
    expect(out.text()).toContain(`a trial 1: ${kept}`);
  });

  test('a trial whose run folder failed (a full disk): the rows its manifest says stay on a host are named', async () => {
    const experiment = join(dir, 'kept-rows-failed');
    const trials = [trial(experiment, 'a', 1)];
    const { stop } = stopSignals();
    const { ports } = fakePorts();
    const run = ports.run;
    ports.run = async (t, s) => {
      const json = JSON.parse(await readFile(join(fixtureRun('basic'), 'manifest.json'), 'utf8'));
      const vm1 = withRowsOnHost(json);
      await writeFile(join(t.dir, 'manifest.json'), JSON.stringify(vm1));
      return run(t, s);
    };
    const out = fakeStream();
    const [outcome] = await runTrials(trials, 1, new ExperimentProgress(out.stream, 1, trials, 1), stop, ports);
    expect(outcome).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/^cannot write x \(ENOSPC\); VM 1: its rows from byte 321 .* stay on host h2 in /),
    });
  });
});
