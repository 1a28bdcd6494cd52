/**
 * Statistics rows → the plain columns uPlot draws: one field's mean, min and max per row, with
 * `null` for an empty row (no finite sample: missing samples), which uPlot draws as a gap. The
 * arrays are reused from frame to frame (their length is set, never reallocated while it fits).
 */
import { STATS_FIELD_COUNT, type StatsArray } from '@joulescope/stats';

/** A plot column: a number per row, or null for a gap. */
export type Column = (number | null)[];

/** Writes rows `[0, rows)` of `field` from `stats` into `mean`, `min` and `max`. */
export function fillColumns(stats: StatsArray, field: number, rows: number, mean: Column, min: Column, max: Column): void {
  const { count } = stats;
  const m = stats.mean;
  const lo = stats.min;
  const hi = stats.max;
  mean.length = rows;
  min.length = rows;
  max.length = rows;
  for (let r = 0, i = field; r < rows; r++, i += STATS_FIELD_COUNT) {
    if (count[i] > 0) {
      mean[r] = m[i];
      min[r] = lo[i];
      max[r] = hi[i];
    } else {
      mean[r] = null;
      min[r] = null;
      max[r] = null;
    }
  }
}

/** The y range of what is drawn, padded; a flat or empty signal still gets a readable range. */
export function yRange(min: Column, max: Column, rows: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < rows; r++) {
    const a = min[r];
    const b = max[r];
    if (a !== null && a < lo) lo = a;
    if (b !== null && b > hi) hi = b;
  }
  if (!(hi >= lo)) return [0, 1];
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.max(Math.abs(hi) * 0.01, 1e-12);
  return [lo - pad, hi + pad];
}
