import { describe, expect, test } from '@jest/globals';
import { experimentStopLines } from '../../cli/experiment-stop-lines.js';

describe('experimentStopLines', () => {
  test('Ctrl-C says what becomes of the running trials, as they answered', () => {
    const line = experimentStopLines.interrupt;
    const press = ' (press it again to kill the running VMs at once)';
    expect(line([])).toBe(`Ctrl-C: no new trials start; the running ones stop and are rerun on resume${press}`);
    expect(line(['stopping', 'stopping'])).toBe(line([]));
    expect(line(['ticks-complete'])).toBe(
      `Ctrl-C: no new trials start; the running trial has its ticks complete and finishes as it is${press}`,
    );
    expect(line(['ticks-complete', 'ticks-complete'])).toBe(
      `Ctrl-C: no new trials start; the 2 running trials have their ticks complete and finish as they are${press}`,
    );
    expect(line(['stopping', 'ticks-complete'])).toBe(
      `Ctrl-C: no new trials start; 1 running trial stops and is rerun on resume, 1 has its ticks complete and finishes as it is${press}`,
    );
  });
});
