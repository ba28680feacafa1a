/**
 * A full garbage collection just before the VM reports ready, so that the run starts with an empty young generation
 * and start-up's heap already settled. Without it the first collections came during the run, in every VM at about
 * the same moment (VMs start together and allocate alike): the first scavenge copied everything start-up had left
 * alive in the 8 MB young generation (~6 MB), and the heap grown by start-up set off a mark-compact.
 * Seen with --trace-gc: at 64 VMs x 100/s the first scavenge of every VM fell ~2 s after the start (105-213 ms each
 * on a busy host): the moments when many VMs ran late together. At 1000/s a 13 ms scavenge and a 12 ms
 * mark-compact came in the first seconds. With this, a 3 s run at 64 VMs had no collection at all after the start.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `gc` is exposed in a context of its own: the VM's own global is left as it is. */
export function collectBeforeStart(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}

/**
 * Fills the young generation to `share` (0 to 1) of 80% of it with garbage, so that this VM's scavenges come at a phase of
 * their cycle of its own. VMs allocate alike, so after the collection above every VM's young generation filled, and
 * was scavenged, at about the same moment (--trace-gc, 64 VMs x 100/s: every ~6.8 s, pauses of ~5 ms and up to 36 ms,
 * the 64 within ~1-2 s of each other, where the bench saw a quarter of the VMs late together). With VM k filling it to
 * k / machines of 80%, the scavenges spread over most of the cycle. Returns the bytes allocated (tests; and so the work
 * is not optimised away).
 */
export function phaseYoungGeneration(share: number): number {
  const used = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_used_size;
  const start = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (start === undefined) return 0;
  // Up to 80% full: the last VMs keep room for their first second (at 100/s) and do not scavenge at the start.
  const target = 0.8 * Math.min(Math.max(share, 0), 1) * (start.space_used_size + start.space_available_size);
  let allocated = 0;
  for (let previous = start.space_used_size; previous < target; ) {
    for (let i = 0; i < 64; i++) allocated += new Array<number>(1024).fill(i).length * 8;
    const now = used() ?? target;
    // A scavenge came meanwhile (the space was fuller than it looked): the phase is what it is.
    if (now < previous) break;
    previous = now;
  }
  return allocated;
}
