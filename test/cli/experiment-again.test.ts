import { describe, expect, test } from '@jest/globals';
import { experimentAgain } from '../../cli/experiment-again.js';

describe('experimentAgain', () => {
  test('the file and folder alone when no option was given', () => {
    expect(experimentAgain('config/experiment.json', 'logs/study', {})).toBe(
      'launcher experiment config/experiment.json --out logs/study',
    );
  });

  test('every option given is given again, and a folder with a space is quoted', () => {
    const overrides = { speed: 20, trials: 8, seed: 3, durationSeconds: 30, parallel: 5, engine: 'sim' } as const;
    expect(experimentAgain('e.json', 'my study', overrides)).toBe(
      "launcher experiment e.json --speed 20 --trials 8 --seed 3 --duration 30 --parallel 5 --engine sim --out 'my study'",
    );
  });
});
