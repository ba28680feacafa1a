/**
 * Text that came from somewhere untrusted (a stranger's bytes on a VM port, a child's output) made safe for a
 * terminal: one line, no control characters. Shared by the VM (where wire bytes become text) and the launcher (which
 * relays VM output), so neither can be made to clear a screen or forge a line.
 */
import { counted } from './counted.js';

/**
 * C0 controls (newline, ESC, ...), DEL, C1 controls, and the invisible or direction-changing format characters
 * (zero-width, bidi overrides and isolates, line/paragraph separators, BOM), and lone surrogates.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's purpose
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|\p{Cs}/gu;

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return named[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
}

/**
 * Every unsafe character shown as an escape (`\n`, `\x1b`, `\u202e`); text longer than `maxChars` is cut and says
 * how much was left out. Backslashes are kept as they are, so text escaped once reads the same when escaped again.
 */
export function printable(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  const safe = cut.replace(unsafe, escapeOne);
  return cut === text ? safe : `${safe}...(${counted(text.length - maxChars, 'more char')})`;
}

/**
 * A piece of a file quoted in a message, `'...'`: escaped, and cut at `maxChars` (a planted CSV field or JSON key
 * can be megabytes long).
 */
export function quoted(text: string, maxChars = 60): string {
  return `'${printable(text, maxChars)}'`;
}
