import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { printable, quoted } from '../../shared/printable-text.js';

/** Anything a terminal acts on rather than shows, or that starts a new line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const unsafeChar = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

describe('printable', () => {
  test('ESC sequences and newlines are shown as escapes, on one line', () => {
    const hostile = '\u001b[2J\u001b[Hvm0: forged line\r\nnext\u0007';
    expect(printable(hostile)).toBe('\\x1b[2J\\x1b[Hvm0: forged line\\r\\nnext\\x07');
  });

  test('C1 controls, bidi overrides, zero-width and line separators are escaped', () => {
    expect(printable('a\u009bb\u202ec\u200bd\u2028e\ufeff')).toBe('a\\x9bb\\u202ec\\u200bd\\u2028e\\ufeff');
  });

  test('ordinary text, accents, emoji and backslashes are left as they are', () => {
    const text = 'VM 2: ré-€-😀 C:\\path "quoted" {json}';
    expect(printable(text)).toBe(text);
  });

  test('long text is cut and says how much was left out', () => {
    expect(printable('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}...(90 more chars)`);
    expect(printable('short', 10)).toBe('short');
  });

  test('a cut through a surrogate pair leaves no lone half', () => {
    expect(printable('ab😀', 3)).toBe('ab\\ud83d...(1 more char)');
  });

  test('quoted: a piece of a file in quotes, escaped and cut', () => {
    expect(quoted('\u001b]0;pwned\u0007')).toBe("'\\x1b]0;pwned\\x07'");
    expect(quoted('y'.repeat(1_000_000), 5)).toBe("'yyyyy...(999995 more chars)'");
  });

  test('property: whatever goes in, nothing unsafe comes out, and escaping again changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 300 }), (text, max) => {
        const once = printable(text, max);
        const found = unsafeChar.exec(once);
        if (found !== null)
          throw new Error(`raw U+${found[0].codePointAt(0)?.toString(16)} in ${JSON.stringify(once)}`);
        expect(/\p{Cs}/u.test(once)).toBe(false); // no lone surrogate half
        expect(printable(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});
