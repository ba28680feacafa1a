/**
 * How long a run's VMs get to link up, by their number: every VM dials every other and proves the run secret on
 * each link, so the work grows with the square of the number of VMs, all of it on the same cores.
 *
 * Measured with `launcher run config/default.json --machines N --clock-rate 1 --duration 2` on the 2-core machine
 * shared with other test runs (load 65-105), from the ports handed out to every VM connected: 100 VMs 3.5 s,
 * 150 VMs 6.9 s, 200 VMs 14.6 s and 21.7 s. Spawning the VMs and their listening took 0.3-0.5 s more at most.
 * One millisecond per VM squared (200 VMs: 40 s, 256: 65.5 s) leaves about twice the worst measured; never under
 * the 10 s that was the fixed limit (with the old fixed 10 s, 200 VMs failed every time: peer-timeout).
 */
export function meshConnectMs(machines: number): number {
  return Math.max(10_000, machines * machines);
}

/**
 * One link's handshake, on the listening side (a dialer waits twice this for the challenge; once it sent its hello,
 * it waits for the answer until its connect deadline: outbound-link.ts says why). Under a mesh's linking every VM
 * has ~2 x (N - 1) handshakes in flight on the same cores: at 200 VMs a fixed 3 s refused 129 of them as late, each
 * one a redial; 30 ms per VM from 100 VMs on.
 */
export function handshakeTimeoutMs(machines: number): number {
  return Math.max(3000, 30 * machines);
}
