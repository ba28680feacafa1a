import { execFileSync } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import { shellWords } from '../../cli/shell-words.js';

describe('shellWords', () => {
  test('plain words stay as they are', () => {
    expect(shellWords(['launcher', 'report', 'logs/run-1', '--speed', '2.5'])).toBe(
      'launcher report logs/run-1 --speed 2.5',
    );
  });

  test('a shell reads every word back as it was: spaces, quotes, $, non-ASCII, an empty word', () => {
    const words = ['/tmp/sp ace ü/exp', "it's", 'a$HOME`x`', '', 'semi;colon'];
    const line = shellWords(words);
    const echoed = execFileSync('sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
    expect(echoed).toBe(`${words.join('\n')}\n`);
  });
});
