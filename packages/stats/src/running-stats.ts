/**
 * Running statistics of one signal: count, mean, M2 (sum of squared deviations), min and max.
 *
 * `add` is Welford's update and `combine` the pairwise merge of Chan et al., both written in the
 * exact operation order of the reference (js110-facts §8.4) so results match it bit for bit.
 * Non-finite inputs are ignored, as the reference ignores samples without a finite current.
 */
export class RunningStats {
  count = 0;
  mean = 0;
  /** Sum of squared deviations from the mean (not a variance). */
  m2 = 0;
  min = Infinity;
  max = -Infinity;

  reset(): this {
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
    return this;
  }

  /** Adds one value; NaN and ±Infinity are skipped. */
  add(x: number): this {
    if (!Number.isFinite(x)) return this;
    const k = this.count + 1;
    const meanOld = this.mean;
    const mean = meanOld + (x - meanOld) / k;
    this.count = k;
    this.mean = mean;
    this.m2 += (x - meanOld) * (x - mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    return this;
  }

  /** Merges `other` into this (reference operation order; either side may be empty). */
  combine(other: RunningStats): this {
    return this.combineParts(other.count, other.mean, other.m2, other.min, other.max);
  }

  /** Merges a record given by its parts (count, mean, M2, min, max) into this. */
  combineParts(count: number, mean: number, m2: number, min: number, max: number): this {
    if (count === 0) return this;
    if (this.count === 0) {
      this.count = count;
      this.mean = mean;
      this.m2 = m2;
      this.min = min;
      this.max = max;
      return this;
    }
    const kt = this.count + count;
    const f1 = this.count / kt;
    const f2 = 1 - f1;
    const m = f1 * this.mean + f2 * mean;
    const d1 = this.mean - m;
    const d2 = mean - m;
    this.m2 = this.m2 + this.count * d1 * d1 + (m2 + count * d2 * d2);
    this.mean = m;
    if (!(this.min < min)) this.min = min;
    if (!(this.max > max)) this.max = max;
    this.count = kt;
    return this;
  }

  /** Bessel-corrected sample variance: M2 / (count − 1); 0 for one value, NaN for none. */
  get variance(): number {
    if (this.count === 0) return NaN;
    return this.count <= 1 ? 0 : this.m2 / (this.count - 1);
  }

  /** Sample standard deviation (square root of `variance`). */
  get std(): number {
    return Math.sqrt(this.variance);
  }

  /** The mean, or NaN when empty. */
  get meanOrNaN(): number {
    return this.count === 0 ? NaN : this.mean;
  }

  copyFrom(other: RunningStats): this {
    this.count = other.count;
    this.mean = other.mean;
    this.m2 = other.m2;
    this.min = other.min;
    this.max = other.max;
    return this;
  }

  clone(): RunningStats {
    return new RunningStats().copyFrom(this);
  }
}
