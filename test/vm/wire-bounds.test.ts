import { describe, expect, test } from '@jest/globals';
import {
  maxStartAheadMs,
  maxWireClock,
  maxWireEpochMs,
  messageOutOfBounds,
  startedOutOfBounds,
  startOutOfBounds,
} from '../../vm/wire-bounds.js';
import type { MessageFrame } from '../../vm/wire-frames.js';

const msg = (extra: Partial<MessageFrame> = {}): MessageFrame => ({
  t: 'msg',
  id: '2-7',
  from: 2,
  clock: 40,
  sentAt: 1,
  vc: [3, 0, 9],
  ...extra,
});

describe('messageOutOfBounds', () => {
  test('an ordinary message, with or without a vector, is fine', () => {
    expect(messageOutOfBounds(msg(), 3)).toBeUndefined();
    const { vc: _, ...bare } = msg();
    expect(messageOutOfBounds(bare, 3)).toBeUndefined();
    expect(messageOutOfBounds(msg({ clock: maxWireClock, vc: [maxWireClock, 0, 1] }), 3)).toBeUndefined();
  });

  test('a clock whose successor would not be a safe integer is refused, with the value', () => {
    for (const clock of [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, maxWireClock + 1]) {
      expect(messageOutOfBounds(msg({ clock }), 3)).toMatch(new RegExp(`Lamport clock of ${clock}.*safe integers`));
    }
  });

  test('the receiver stays exact for 2^32 events past the largest clock allowed', () => {
    expect(Number.isSafeInteger(maxWireClock + 2 ** 32)).toBe(true);
  });

  test('a vector with more entries than VMs is refused (30,000 entries)', () => {
    const vc = new Array<number>(30_000).fill(1);
    expect(messageOutOfBounds(msg({ vc }), 3)).toBe('a vector clock of 30000 entries in a run of 3 VMs');
    expect(messageOutOfBounds(msg({ vc: [1, 2, 3, 4] }), 3)).toMatch(/4 entries/);
  });

  test('a vector entry that is negative or past the bound is refused, naming the entry', () => {
    expect(messageOutOfBounds(msg({ vc: [1, -1, 0] }), 3)).toMatch(/entry 1 = -1/);
    expect(messageOutOfBounds(msg({ vc: [1, 0, Number.MAX_SAFE_INTEGER] }), 3)).toMatch(/entry 2 = 9007199254740991/);
  });

  test('a send time that is no epoch clock reading is refused', () => {
    for (const sentAt of [-1, -1e300, 1e300, 1e13 + 1]) {
      expect(messageOutOfBounds(msg({ sentAt }), 3)).toBe(`a send time of ${sentAt} ms, not a clock reading`);
    }
    expect(messageOutOfBounds(msg({ sentAt: 1_764_000_000_000.125 }), 3)).toBeUndefined();
  });

  test('a message id that is not "<sender>-<n>" is refused', () => {
    for (const id of ['1-7', '2', '2-', '-7', '2-7\n', '2-7,x', '02x-1', `2-${'9'.repeat(16)}`]) {
      expect(messageOutOfBounds(msg({ id }), 3)).toBe('a message id that is not "2-<n>"');
    }
  });
});

describe('startOutOfBounds', () => {
  const now = 1_764_000_000_000;
  test('a start within the window, or in the past, is fine', () => {
    for (const startAt of [now - 5000, now, now + 500, now + maxStartAheadMs]) {
      expect(startOutOfBounds(startAt, now)).toBeUndefined();
    }
  });

  test('a start further ahead is refused, saying how far (20 and 30 days)', () => {
    const day = 86_400_000;
    expect(startOutOfBounds(now + maxStartAheadMs + 1000, now)).toBe('a start 61 s ahead (at most 60 s allowed)');
    expect(startOutOfBounds(now + 20 * day, now)).toMatch(/^a start 1728000 s ahead/);
    expect(startOutOfBounds(now + 30 * day, now)).toMatch(/^a start 2592000 s ahead/);
  });
});

describe('messageOutOfBounds on a received Uint32Array vector', () => {
  test('its entries are in range by construction; its length is still checked', () => {
    expect(messageOutOfBounds(msg({ vc: new Uint32Array([2 ** 32 - 1, 0, 5]) }), 3)).toBeUndefined();
    expect(messageOutOfBounds(msg({ vc: new Uint32Array(4) }), 3)).toBe(
      'a vector clock of 4 entries in a run of 3 VMs',
    );
  });
});

describe('startedOutOfBounds', () => {
  const now = 1_764_117_000_000;
  test('a session that started in the past, or starts within the lead a proposal may lie ahead, is believed', () => {
    for (const at of [0, now - 86_400_000, now, now + maxStartAheadMs])
      expect(startedOutOfBounds(at, now)).toBeUndefined();
  });

  test('a start that is no clock reading, or further ahead than a proposal may be, is refused with the value', () => {
    expect(startedOutOfBounds(-1, now)).toBe('a session start of -1 ms, not a clock reading');
    expect(startedOutOfBounds(maxWireEpochMs + 1, now)).toBe(
      `a session start of ${maxWireEpochMs + 1} ms, not a clock reading`,
    );
    expect(startedOutOfBounds(now + maxStartAheadMs + 1000, now)).toBe('a start 61 s ahead (at most 60 s allowed)');
  });
});
