import { STATS_FIELD_COUNT } from './fields';
import type { RunningStats } from './running-stats';
import { sampleVariance } from './sample-variance';

/** The statistics of one field in one row of a StatsArray, as a plain object. */
export interface FieldStats {
  count: number;
  mean: number;
  /** Bessel-corrected sample variance. */
  variance: number;
  min: number;
  max: number;
}

/** The five columns, in their order in the buffer. */
const COLUMNS = 5;
const BYTES_PER_ROW = COLUMNS * STATS_FIELD_COUNT * Float64Array.BYTES_PER_ELEMENT;

function checkRows(rows: number): void {
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw new RangeError(`StatsArray rows must be a non-negative integer, got ${String(rows)}`);
  }
}

function isBuffer(x: unknown): x is ArrayBuffer | SharedArrayBuffer {
  return x instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer);
}

/**
 * N rows × 6 fields of statistics, struct of arrays: element `row * 6 + field` of each column.
 * `variance` is the Bessel-corrected sample variance. An empty record is count 0 and NaN elsewhere.
 *
 * The five columns are consecutive Float64Arrays of `rows * 6` elements in one buffer, in the order
 * count, mean, variance, min, max. So `new StatsArray(rows, a.buffer, a.byteOffset)` rebuilds `a`
 * over the same bytes, for instance after `postMessage(a.buffer, [a.buffer])` to or from a Worker.
 */
export class StatsArray {
  /** Number of rows. */
  readonly rows: number;
  /** Finite samples of each record. */
  readonly count: Float64Array;
  readonly mean: Float64Array;
  /** Bessel-corrected sample variance of each record. */
  readonly variance: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;

  /** Bytes a StatsArray of `rows` rows occupies in its buffer: 240 per row. */
  static byteLength(rows: number): number {
    checkRows(rows);
    return rows * BYTES_PER_ROW;
  }

  /**
   * Without `buffer`: a new array of `rows` empty records. With `buffer`: the columns are views of
   * `buffer` from `byteOffset` (a multiple of 8; `StatsArray.byteLength(rows)` bytes are needed),
   * its contents kept as they are. Throws RangeError/TypeError for a bad row count or buffer.
   */
  constructor(rows: number, buffer?: ArrayBuffer | SharedArrayBuffer, byteOffset = 0) {
    checkRows(rows);
    const n = rows * STATS_FIELD_COUNT;
    let all: Float64Array;
    if (buffer === undefined) {
      // One allocation for the five columns: a 1000-row result is one buffer, not five.
      all = new Float64Array(COLUMNS * n);
      all.fill(NaN, n);
    } else {
      if (!isBuffer(buffer)) {
        throw new TypeError(`StatsArray buffer must be an ArrayBuffer or SharedArrayBuffer, got ${describe(buffer)}`);
      }
      if (!Number.isSafeInteger(byteOffset) || byteOffset < 0 || byteOffset % Float64Array.BYTES_PER_ELEMENT !== 0) {
        throw new RangeError(`StatsArray byteOffset must be a non-negative multiple of 8, got ${String(byteOffset)}`);
      }
      const need = rows * BYTES_PER_ROW;
      if (byteOffset > buffer.byteLength || buffer.byteLength - byteOffset < need) {
        throw new RangeError(
          `StatsArray of ${String(rows)} rows needs ${String(need)} bytes from offset ${String(byteOffset)}, the buffer has ${String(buffer.byteLength)}`,
        );
      }
      all = new Float64Array(buffer, byteOffset, COLUMNS * n);
    }
    this.rows = rows;
    this.count = all.subarray(0, n);
    this.mean = all.subarray(n, 2 * n);
    this.variance = all.subarray(2 * n, 3 * n);
    this.min = all.subarray(3 * n, 4 * n);
    this.max = all.subarray(4 * n, 5 * n);
  }

  /** The buffer holding the five columns (transfer it to move the array to a Worker). */
  get buffer(): ArrayBuffer | SharedArrayBuffer {
    return this.count.buffer;
  }

  /** Offset of the first column in `buffer`. */
  get byteOffset(): number {
    return this.count.byteOffset;
  }

  /** Makes every record of `row` empty (count 0, NaN elsewhere). */
  clearRow(row: number): void {
    this.checkRow('clearRow', row, 1);
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
    const i = this.index('setFromRunning', row, field);
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
    this.variance[i] = sampleVariance(s.count, s.m2);
    this.min[i] = s.min;
    this.max[i] = s.max;
  }

  /** The record at (row, field) as a plain object. */
  record(row: number, field: number): FieldStats {
    const i = this.index('record', row, field);
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
    if (!(src instanceof StatsArray)) throw new TypeError('copyRows: src must be a StatsArray');
    if (!Number.isSafeInteger(rows) || rows < 0) {
      throw new RangeError(`copyRows: rows must be a non-negative integer, got ${String(rows)}`);
    }
    src.checkRow('copyRows (source)', srcRow, rows);
    this.checkRow('copyRows (destination)', dstRow, rows);
    const a = srcRow * STATS_FIELD_COUNT;
    const b = a + rows * STATS_FIELD_COUNT;
    const d = dstRow * STATS_FIELD_COUNT;
    this.count.set(src.count.subarray(a, b), d);
    this.mean.set(src.mean.subarray(a, b), d);
    this.variance.set(src.variance.subarray(a, b), d);
    this.min.set(src.min.subarray(a, b), d);
    this.max.set(src.max.subarray(a, b), d);
  }

  /** This array when it has `rows` rows, else a new StatsArray holding a copy of its first `rows` rows. */
  head(rows: number): StatsArray {
    if (rows === this.rows) return this;
    if (!Number.isSafeInteger(rows) || rows < 0 || rows > this.rows) {
      throw new RangeError(`head: rows must be an integer in [0, ${String(this.rows)}], got ${String(rows)}`);
    }
    const out = new StatsArray(rows);
    out.copyRows(this, 0, 0, rows);
    return out;
  }

  /** Checks that rows [row, row + n) exist (n ≥ 1), or that row ≤ rows when n is 0. */
  private checkRow(what: string, row: number, n: number): void {
    if (!Number.isSafeInteger(row) || row < 0 || row + n > this.rows || (n === 0 && row > this.rows)) {
      const span = n === 1 ? `row ${String(row)}` : `rows [${String(row)}, ${String(row + n)})`;
      throw new RangeError(`StatsArray.${what}: ${span} outside the ${String(this.rows)} rows`);
    }
  }

  private index(what: string, row: number, field: number): number {
    this.checkRow(what, row, 1);
    if (!Number.isInteger(field) || field < 0 || field >= STATS_FIELD_COUNT) {
      throw new RangeError(`StatsArray.${what}: field must be an integer in [0, 5], got ${String(field)}`);
    }
    return row * STATS_FIELD_COUNT + field;
  }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return Object.prototype.toString.call(x).slice(8, -1); // e.g. Float64Array
  return typeof x;
}
