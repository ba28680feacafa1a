/**
 * At most a few ssh connections being set up at once per host. sshd drops new connections at random once 10 are
 * unauthenticated at a time (its default MaxStartups 10:30:100): 16 VMs started at once on one host would lose some,
 * and a dropped connection looks like a lost host. A VM holds its place from its ssh start until it says hello.
 */
export class ConnectGate {
  readonly #limit: number;
  #inside = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit = 8) {
    this.#limit = limit;
  }

  /** Resolves with `leave` once there is room; call `leave` once (later calls do nothing). */
  enter(): Promise<() => void> {
    return new Promise((resolve) => {
      const admit = () => {
        this.#inside += 1;
        let left = false;
        resolve(() => {
          if (left) return;
          left = true;
          this.#inside -= 1;
          this.#waiting.shift()?.();
        });
      };
      if (this.#inside < this.#limit) admit();
      else this.#waiting.push(admit);
    });
  }
}
