import { sampleVariance } from './sample-variance';

/** Numeric arrays that `RunningStats.addArray` reads. */
export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | readonly number[];

/**
 * Running statistics of one signal: count, mean, M2 (sum of squared deviations), min and max.
 *
 * `add` is Welford's update and `combine` the pairwise merge of Chan et al., both written in the
 * operation order of pyjoulescope (docs/samples.md, "Statistics") so results match it bit for
 * bit. Non-finite inputs are skipped, as the reference skips samples without a finite current,
 * and a NaN extreme never replaces a number.
 */
export class RunningStats {
  /** Number of values added. */
  count = 0;
  /** Mean of the values (0 while empty: see `meanOrNaN`). */
  mean = 0;
  /** Sum of squared deviations from the mean (not a variance). */
  m2 = 0;
  /** Smallest value (+Infinity while empty). */
  min = Infinity;
  /** Largest value (−Infinity while empty). */
  max = -Infinity;

  /** Empties the statistics. */
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

  /**
   * Adds the finite values of `values[start, end)` (the whole array by default), exactly as
   * `add` would one by one, without allocating. Throws RangeError for a range outside the array.
   */
  addArray(values: NumericArray, start = 0, end: number = values.length): this {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > values.length || start > end) {
      throw new RangeError(
        `RunningStats.addArray: range [${String(start)}, ${String(end)}) must be integers within [0, ${String(values.length)}]`,
      );
    }
    let k = this.count;
    let mean = this.mean;
    let m2 = this.m2;
    let min = this.min;
    let max = this.max;
    for (let i = start; i < end; i++) {
      const x = values[i];
      if (x - x !== 0) continue; // NaN or ±Infinity
      k += 1;
      const meanOld = mean;
      mean = meanOld + (x - meanOld) / k;
      m2 += (x - meanOld) * (x - mean);
      if (x < min) min = x;
      if (x > max) max = x;
    }
    this.count = k;
    this.mean = mean;
    this.m2 = m2;
    this.min = min;
    this.max = max;
    return this;
  }

  /** Merges `other` into this (reference operation order; either side may be empty). */
  combine(other: RunningStats): this {
    return this.combineParts(other.count, other.mean, other.m2, other.min, other.max);
  }

  /** Merges the statistics given by their parts (count, mean, M2, min, max) into this. */
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
    // The reference's `a < b ? a : b` (ties take the other side), except that NaN never wins.
    if (!(this.min < min) && min === min) this.min = min;
    if (!(this.max > max) && max === max) this.max = max;
    this.count = kt;
    return this;
  }

  /** Bessel-corrected sample variance: M2 / (count − 1); 0 for one value, NaN for none. */
  get variance(): number {
    return sampleVariance(this.count, this.m2);
  }

  /** Sample standard deviation (square root of `variance`). */
  get std(): number {
    return Math.sqrt(this.variance);
  }

  /** The mean, or NaN when empty. */
  get meanOrNaN(): number {
    return this.count === 0 ? NaN : this.mean;
  }

  /** Makes this a copy of `other`. */
  copyFrom(other: RunningStats): this {
    this.count = other.count;
    this.mean = other.mean;
    this.m2 = other.m2;
    this.min = other.min;
    this.max = other.max;
    return this;
  }

  /** A new RunningStats equal to this one. */
  clone(): RunningStats {
    return new RunningStats().copyFrom(this);
  }
}
