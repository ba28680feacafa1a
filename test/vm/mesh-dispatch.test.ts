/** What a VM does with a frame from an authenticated peer: a session's word that it started, with fake events. */
import { describe, expect, test } from '@jest/globals';
import { dispatchFrame } from '../../vm/mesh-dispatch.js';
import type { MeshEvents } from '../../vm/mesh-types.js';
import { maxStartAheadMs } from '../../vm/wire-bounds.js';
import type { Frame } from '../../vm/wire-frames.js';

/** Every event the mesh would hand the VM, in order. */
function recording(): { events: MeshEvents; heard: string[] } {
  const heard: string[] = [];
  const events: MeshEvents = {
    onMessage: (frame) => heard.push(`message ${frame.id}`),
    onReady: (peer, startAt) => heard.push(`ready ${peer} ${startAt}`),
    onStarted: (peer, at) => heard.push(`started ${peer} ${at}`),
    onStop: (peer, at) => heard.push(`stop ${peer} ${at}`),
    onPeerLost: (peer) => heard.push(`lost ${peer}`),
    onRefused: (reason) => heard.push(`refused ${reason}`),
    onOutOfBounds: (peer, detail) => heard.push(`out of bounds ${peer}: ${detail}`),
  };
  return { events, heard };
}

const dispatch = (frame: Frame, events: MeshEvents) => dispatchFrame(1, frame, 3, events, () => {});

describe('dispatchFrame: started', () => {
  test('a start in the past, or in the lead, reaches the VM with its peer and instant', () => {
    const { events, heard } = recording();
    const past = Date.now() - 5000;
    dispatch({ t: 'started', at: past }, events);
    const lead = Date.now() + 400;
    dispatch({ t: 'started', at: lead }, events);
    expect(heard).toEqual([`started 1 ${past}`, `started 1 ${lead}`]);
  });

  test('a start that is no clock reading, or too far ahead, is out of bounds: it never reaches the VM as a start', () => {
    const { events, heard } = recording();
    dispatch({ t: 'started', at: -5 }, events);
    dispatch({ t: 'started', at: Date.now() + maxStartAheadMs + 10_000 }, events);
    expect(heard).toHaveLength(2);
    expect(heard[0]).toBe('out of bounds 1: a session start of -5 ms, not a clock reading');
    expect(heard[1]).toMatch(/^out of bounds 1: a start \d+ s ahead \(at most 60 s allowed\)$/);
  });
});
