import { describe, expect, test } from '@jest/globals';
import { checkLauncherLine } from '../../vm/stdio-messages.js';

describe("a remote VM's start line", () => {
  test('carries its peers clock offsets (null: unknown); anything else there is refused', () => {
    const start = { type: 'start', startEpochMs: 1, stopEpochMs: 2, peerOffsetsMs: [0, 5000.5, null] };
    expect(checkLauncherLine(JSON.stringify(start))).toEqual({ ok: true, message: start });
    expect(checkLauncherLine('{"type":"start","startEpochMs":1,"stopEpochMs":2}').ok).toBe(true);
    expect(checkLauncherLine('{"type":"start","startEpochMs":1,"stopEpochMs":2,"peerOffsetsMs":["5"]}').ok).toBe(false);
    expect(checkLauncherLine('{"type":"start","startEpochMs":1,"stopEpochMs":2,"peerOffsetsMs":5}').ok).toBe(false);
  });
});
