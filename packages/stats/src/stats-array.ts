import { STATS_FIELD_COUNT } from './fields';
import type { RunningStats } from './running-stats';

/** One statistics record read out of a StatsArray. */
export interface StatsRecord {
  count: number;
  mean: number;
  /** Bessel-corrected sample variance. */
  variance: number;
  min: number;
  max: number;
}

/**
 * N rows x 6 fields of statistics, struct of arrays: element `row * 6 + field` of each array.
 * `variance` is the Bessel-corrected sample variance. An empty record is count 0 and NaN elsewhere.
 */
export class StatsArray {
  readonly rows: number;
  readonly count: Float64Array;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;

  constructor(rows: number) {
    if (!Number.isInteger(rows) || rows < 0) {
      throw new RangeError(`StatsArray rows must be a non-negative integer, got ${String(rows)}`);
    }
    this.rows = rows;
    const n = rows * STATS_FIELD_COUNT;
    // One allocation for the five arrays: a 1000-row result is one buffer, not five.
    const all = new Float64Array(5 * n);
    all.fill(NaN, n);
    this.count = all.subarray(0, n);
    this.mean = all.subarray(n, 2 * n);
    this.variance = all.subarray(2 * n, 3 * n);
    this.min = all.subarray(3 * n, 4 * n);
    this.max = all.subarray(4 * n, 5 * n);
  }

  /** Makes every record of `row` empty (count 0, NaN elsewhere). */
  clearRow(row: number): void {
    const i = row * STATS_FIELD_COUNT;
    const j = i + STATS_FIELD_COUNT;
    this.count.fill(0, i, j);
    this.mean.fill(NaN, i, j);
    this.variance.fill(NaN, i, j);
    this.min.fill(NaN, i, j);
    this.max.fill(NaN, i, j);
  }

  /** Makes every record empty. */
  clear(): void {
    this.count.fill(0);
    this.mean.fill(NaN);
    this.variance.fill(NaN);
    this.min.fill(NaN);
    this.max.fill(NaN);
  }

  /** Stores running statistics as the record (row, field); an empty input gives the empty record. */
  setFromRunning(row: number, field: number, s: RunningStats): void {
    const i = row * STATS_FIELD_COUNT + field;
    if (s.count === 0) {
      this.count[i] = 0;
      this.mean[i] = NaN;
      this.variance[i] = NaN;
      this.min[i] = NaN;
      this.max[i] = NaN;
      return;
    }
    this.count[i] = s.count;
    this.mean[i] = s.mean;
    this.variance[i] = s.count <= 1 ? 0 : s.m2 / (s.count - 1);
    this.min[i] = s.min;
    this.max[i] = s.max;
  }

  /** The record at (row, field) as a plain object. */
  record(row: number, field: number): StatsRecord {
    const i = row * STATS_FIELD_COUNT + field;
    return {
      count: this.count[i],
      mean: this.mean[i],
      variance: this.variance[i],
      min: this.min[i],
      max: this.max[i],
    };
  }

  /** Copies `rows` rows of `src` starting at `srcRow` into this array at `dstRow`. */
  copyRows(src: StatsArray, srcRow: number, dstRow: number, rows: number): void {
    const a = srcRow * STATS_FIELD_COUNT;
    const b = a + rows * STATS_FIELD_COUNT;
    const d = dstRow * STATS_FIELD_COUNT;
    this.count.set(src.count.subarray(a, b), d);
    this.mean.set(src.mean.subarray(a, b), d);
    this.variance.set(src.variance.subarray(a, b), d);
    this.min.set(src.min.subarray(a, b), d);
    this.max.set(src.max.subarray(a, b), d);
  }

  /** A new StatsArray holding the first `rows` rows of this one. */
  head(rows: number): StatsArray {
    if (rows === this.rows) return this;
    const out = new StatsArray(rows);
    out.copyRows(this, 0, 0, rows);
    return out;
  }
}
