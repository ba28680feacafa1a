/**
 * A command line the user is told to run again, as words a POSIX shell reads back as they were: a path with a space,
 * a quote or a `$` in it is single-quoted, so the line can be pasted as it is.
 */
import { shellWord } from '../launcher/remote-ssh.js';

const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellWords(words: readonly string[]): string {
  return words.map((word) => (plainWord.test(word) ? word : shellWord(word))).join(' ');
}
