/**
 * Least-squares slope of y against x, accumulated one point at a time. Welford-style running means and
 * co-moments: the textbook sums (n*Sxy - Sx*Sy) lose every digit to cancellation over millions of points at
 * large x, these do not.
 */
export class LeastSquares {
  #n = 0;
  #meanX = 0;
  #meanY = 0;
  #sxx = 0;
  #sxy = 0;

  add(x: number, y: number): void {
    this.#n += 1;
    const dx = x - this.#meanX;
    this.#meanX += dx / this.#n;
    this.#meanY += (y - this.#meanY) / this.#n;
    this.#sxx += dx * (x - this.#meanX);
    this.#sxy += dx * (y - this.#meanY);
  }

  get count(): number {
    return this.#n;
  }

  get meanY(): number | null {
    return this.#n === 0 ? null : this.#meanY;
  }

  /** dy/dx of the best-fit line; null with fewer than two distinct x. */
  slope(): number | null {
    return this.#sxx > 0 ? this.#sxy / this.#sxx : null;
  }
}
