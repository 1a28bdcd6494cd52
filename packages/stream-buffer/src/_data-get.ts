/**
 * dataGet's rows (docs/stream-buffer.md, "dataGet"): the reference's row plan (rows older than
 * the ring empty, a range reaching past the newest sample none at all), shared with the
 * DownsamplingStreamBuffer; the StreamBuffer's rows constrained to the samples held, computed
 * by the kernel in batches and copied into the StatsArray.
 */
import { StatsArray } from '@joulescope/stats';
import { checkStatsOut } from './_checks';
import { KERNEL_ROWS, pointer } from './_kernel';
import type { Kernel } from './_kernel';

/** What the rows depend on. */
export interface RowContext {
  kernel: Kernel;
  /** Ring length. */
  length: number;
  /** Samples processed. */
  processed: number;
  /** Oldest id held. */
  lo: number;
  /** The first reduction factor (0 without reductions). */
  firstReduction: number;
}

/** Copies `count` kernel rows into `out` from row `row`. */
function copyRows(kernel: Kernel, out: StatsArray, row: number, count: number): void {
  const f64 = kernel.f64;
  const base = pointer(kernel.exports.rowsPointer()) / 8;
  const column = KERNEL_ROWS * 6;
  const n = count * 6;
  const at = row * 6;
  out.count.set(f64.subarray(base, base + n), at);
  out.mean.set(f64.subarray(base + column, base + column + n), at);
  out.variance.set(f64.subarray(base + 2 * column, base + 2 * column + n), at);
  out.min.set(f64.subarray(base + 3 * column, base + 3 * column + n), at);
  out.max.set(f64.subarray(base + 4 * column, base + 4 * column + n), at);
}

/** Where the written rows start: `first` the id of the first computed row, `empty` the empty rows before it. */
export interface RowPlan {
  first: number;
  empty: number;
}

/**
 * The reference's row plan for a ring of `length` samples with `processed` samples in: every
 * row empty if `stop + length < processed`; a negative start moved up by whole increments and
 * rows older than the ring skipped (those rows empty); null (no row at all) for a range that
 * ends after the newest sample or starts at or after it.
 */
export function planRows(start: number, stop: number, inc: number, length: number, processed: number, rowsWanted: number): RowPlan | null {
  let s = start;
  let empty = 0;
  if (stop + length < processed) {
    empty = rowsWanted;
  } else if (s < 0) {
    const f = Math.ceil(-s / inc);
    s += f * inc;
    empty += f;
  }
  if (stop <= s || s >= processed || stop > processed) return null;
  if (s + length < processed) {
    const f = Math.floor((processed - (s + length)) / inc);
    s += f * inc;
    empty += f;
  }
  return { first: s, empty };
}

/**
 * Writes the rows of `[start, stop)` by `inc` into `buf` (room for `rowsWanted`, ≥ 1) and
 * returns how many were written.
 */
export function dataRows(ctx: RowContext, start: number, stop: number, inc: number, buf: StatsArray, rowsWanted: number): number {
  const { kernel, length: L, processed, lo } = ctx;
  const plan = planRows(start, stop, inc, L, processed, rowsWanted);
  if (plan === null) return 0;
  let s = plan.first;
  let row = 0;
  for (; row < plan.empty && row < rowsWanted; row++) buf.clearRow(row);
  const k = kernel.exports;
  if (inc <= 1) {
    // One row per sample; samples not held (overwritten raw words) are empty rows.
    const rows = Math.min(stop - s, rowsWanted - row);
    for (let end = row + rows; row < end && s < lo; row++, s++) buf.clearRow(row);
    while (row < rowsWanted && s < stop) {
      const c = Math.min(KERNEL_ROWS, stop - s, rowsWanted - row);
      k.sampleRows(s, c);
      copyRows(kernel, buf, row, c);
      row += c;
      s += c;
    }
    return row;
  }
  const edges = ctx.firstReduction === 0 || inc < ctx.firstReduction;
  const rows = Math.min(Math.floor((stop - s) / inc), rowsWanted - row);
  for (let done = 0; done < rows; ) {
    const c = Math.min(KERNEL_ROWS, rows - done);
    k.rows(s + done * inc, inc, c, lo, processed, edges);
    copyRows(kernel, buf, row, c);
    row += c;
    done += c;
  }
  return row;
}

/**
 * dataGet of either buffer: checks `out` and the row count (a result is never larger than a
 * ring of `length` `samples` can fill), then lets `write` fill the rows into `out` (returned,
 * its rows past those written emptied) or into a new array of the rows written. `write`
 * returns how many rows it wrote.
 */
export function dataGetRows(
  start: number,
  stop: number,
  inc: number,
  out: StatsArray | undefined,
  length: number,
  samples: string,
  write: (buf: StatsArray, rowsWanted: number) => number,
): StatsArray {
  const rowsWanted = start >= stop ? 0 : Math.floor((stop - start) / inc);
  checkStatsOut('dataGet', out, rowsWanted);
  const maxRows = Math.floor(length / inc) + 1;
  if (rowsWanted > maxRows) {
    throw new RangeError(
      `dataGet(${String(start)}, ${String(stop)}, ${String(inc)}) asks for ${String(rowsWanted)} rows; a ring of ${String(length)} ${samples} fills at most ${String(maxRows)} rows of ${String(inc)} ${samples}: ask for a shorter range or a larger increment`,
    );
  }
  if (out !== undefined) {
    const rows = rowsWanted === 0 ? 0 : write(out, rowsWanted);
    for (let r = rows; r < out.rows; r++) out.clearRow(r);
    return out;
  }
  if (rowsWanted === 0) return new StatsArray(0);
  const buf = new StatsArray(rowsWanted);
  const rows = write(buf, rowsWanted);
  return rows === buf.rows ? buf : buf.head(rows);
}

/** The StreamBuffer's dataGet. */
export function dataGet(ctx: RowContext, start: number, stop: number, inc: number, out: StatsArray | undefined): StatsArray {
  return dataGetRows(start, stop, inc, out, ctx.length, 'samples', (buf, rowsWanted) => dataRows(ctx, start, stop, inc, buf, rowsWanted));
}
