/**
 * A command line the user is told to run again, as words a shell reads back as they were: a path with a space, a
 * quote or a `$` in it is single-quoted, so the line can be pasted as it is. A word with a control character (a
 * newline or an escape sequence in a folder's name) is written `$'...'` with the character as a backslash escape
 * (bash, zsh and ksh read it back; POSIX sh since 2024): in single quotes it reached the terminal raw, a line
 * broken in two or the terminal's colours changed.
 */
import { shellWord } from '../launcher/remote-ssh.js';

const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const controlCharacter = /[\u0000-\u001f\u007f]/;

export function shellWords(words: readonly string[]): string {
  return words
    .map((word) => {
      if (plainWord.test(word)) return word;
      return controlCharacter.test(word) ? ansiCQuoted(word) : shellWord(word);
    })
    .join(' ');
}

function ansiCQuoted(word: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
  const body = word.replace(/[\\'\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\' || c === "'") return `\\${c}`;
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `$'${body}'`;
}
