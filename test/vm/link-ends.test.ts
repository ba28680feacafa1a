/** How each peer's receiving link finished: its end marker, or closed first (or down); a rejoined peer afresh. */
import { describe, expect, test } from '@jest/globals';
import { LinkEnds } from '../../vm/link-ends.js';

describe('LinkEnds', () => {
  test('an end marker finishes a link with every message; a close first, or a peer down, without', () => {
    const ends = new LinkEnds();
    const peers = [1, 2, 3, 4];
    ends.endMarked(1);
    ends.closed(2);
    ends.endMarked(4);
    // Its link closing after the marker changes nothing.
    ends.closed(4);
    expect(peers.map((p) => ends.finished(p))).toEqual([true, true, false, true]);
    expect(ends.withoutEndMarker(peers)).toEqual({ closed: [2], open: [3] });
  });

  test('a rejoined peer starts afresh: its link is open again, until its own end marker', () => {
    const ends = new LinkEnds();
    ends.closed(1);
    ends.endMarked(2);
    ends.rejoined(1);
    ends.rejoined(2);
    expect(ends.finished(1)).toBe(false);
    expect(ends.withoutEndMarker([1, 2])).toEqual({ closed: [], open: [1, 2] });
    ends.endMarked(1);
    expect(ends.withoutEndMarker([1, 2])).toEqual({ closed: [], open: [2] });
  });
});
