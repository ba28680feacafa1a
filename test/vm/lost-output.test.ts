/**
 * A launched VM whose launcher died drops the lines it can no longer write (vm/lost-output.ts): a write error on its
 * stdout or stderr pipe no longer ends it before its end record.
 */
import { PassThrough } from 'node:stream';
import { expect, test } from '@jest/globals';
import { dropLostOutput } from '../../vm/lost-output.js';

const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });

test("a pipe's write error is heard and dropped, on each stream given", () => {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  // Unheard, the error is thrown: what ended the VM at its second line after its launcher's death.
  expect(() => new PassThrough().emit('error', epipe)).toThrow('write EPIPE');
  dropLostOutput([stdout, stderr]);
  expect(() => stdout.emit('error', epipe)).not.toThrow();
  expect(() => stderr.emit('error', epipe)).not.toThrow();
});
