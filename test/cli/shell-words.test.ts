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

  test("a word with a control character is written $'...' with escapes: no raw newline or escape sequence, read back as it was", () => {
    const words = ['logs/a\nb\u001b[31mred', "it's\tx\\y"];
    const line = shellWords(words);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may be left in the line
    expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    const echoed = execFileSync('bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
    expect(echoed).toBe(`${words.join('\0')}\0`);
  });
});
