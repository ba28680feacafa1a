/**
 * A full garbage collection just before the VM reports ready, so that the run starts with an empty young generation
 * and start-up's heap already settled. Without it the first collections came during the run, in every VM at about
 * the same moment (VMs start together and allocate alike): the first scavenge copied everything start-up had left
 * alive in the 8 MB young generation (~6 MB), and the heap grown by start-up set off a mark-compact.
 * Seen with --trace-gc: at 64 VMs x 100/s the first scavenge of every VM fell ~2 s after the start (105-213 ms each
 * on a busy host): the moments when many VMs ran late together. At 1000/s a 13 ms scavenge and a 12 ms
 * mark-compact came in the first seconds. With this, a 3 s run at 64 VMs had no collection at all after the start.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `gc` is exposed in a context of its own: the VM's own global is left as it is. */
export function collectBeforeStart(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}
