/**
 * How long a VM refused by a peer of a mismatched session (another secret, another run) still answers dials before
 * it closes: that peer dials this VM too, and told the same by this VM's listener it stops at once as well, instead of
 * finding nobody here and retrying until its connect timeout. It dialed as soon as it listened, before it could refuse
 * this VM, so its hello is usually here already; the margin is for a loaded machine.
 */
export const mismatchLingerMs = 1000;
