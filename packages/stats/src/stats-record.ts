/**
 * The flat statistics record: statistics of the six fields over one span of samples, stored in
 * `STATS_RECORD_LENGTH` (25) consecutive float64 slots of any Float64Array, so that tables of
 * records (a reduction pyramid, a recording's index) are single typed arrays:
 *
 * | slot | holds |
 * |---|---|
 * | 0 | count: samples with a finite current (shared by the six fields) |
 * | 1 + 4f | mean of field f (`STATS_FIELDS` order) |
 * | 2 + 4f | M2 of field f: sum of squared deviations from the mean (not a variance) |
 * | 3 + 4f | min of field f |
 * | 4 + 4f | max of field f |
 *
 * A record with count 0 is empty whatever its other slots hold. The functions take the array and
 * the offset of the record's slot 0 and check nothing: they run inside query and ingest loops.
 */
import { STATS_FIELD_COUNT } from './fields';
import type { StatsArray } from './stats-array';
import { sampleVariance } from './sample-variance';

/** Float64 slots of one record: the count, then mean, M2, min and max of each of the 6 fields. */
export const STATS_RECORD_LENGTH = 1 + 4 * STATS_FIELD_COUNT;

/** Empties the record at `dst[at]` (all slots 0). */
export function statsRecordClear(dst: Float64Array, at: number): void {
  dst.fill(0, at, at + STATS_RECORD_LENGTH);
}

/**
 * Merges the record `src[s]` into `dst[d]` with pyjoulescope's pairwise formula, in its operation
 * order (docs/samples.md, "Statistics"); either may be empty. A NaN extreme never replaces a number.
 * `dst` and `src` may be the same array (not the same record).
 */
export function statsRecordCombine(dst: Float64Array, d: number, src: Float64Array, s: number): void {
  const kb = src[s];
  if (kb === 0) return;
  const ka = dst[d];
  if (ka === 0) {
    for (let j = 0; j < STATS_RECORD_LENGTH; j++) dst[d + j] = src[s + j];
    return;
  }
  const kt = ka + kb;
  const f1 = ka / kt;
  const f2 = 1 - f1;
  for (let f = d + 1, g = s + 1, end = d + STATS_RECORD_LENGTH; f < end; f += 4, g += 4) {
    const ma = dst[f];
    const mb = src[g];
    const mean = f1 * ma + f2 * mb;
    const d1 = ma - mean;
    const d2 = mb - mean;
    dst[f + 1] = dst[f + 1] + ka * d1 * d1 + (src[g + 1] + kb * d2 * d2);
    dst[f] = mean;
    const lo = src[g + 2];
    const hi = src[g + 3];
    if (!(dst[f + 2] < lo) && lo === lo) dst[f + 2] = lo;
    if (!(dst[f + 3] > hi) && hi === hi) dst[f + 3] = hi;
  }
  dst[d] = kt;
}

/**
 * Reduces the `n` consecutive records `src[s ..)` into `dst[d]` (overwritten; it must not be one of
 * them). One pass per field, moments summed around the first non-empty record's mean c (bounded
 * cancellation, no division per record): K = Σk, mean = c + Σk(m − c) / K,
 * M2 = Σ(M2 + k(m − c)²) − (Σk(m − c))² / K, clamped at 0. Empty records are skipped; none
 * non-empty gives the empty record. Equal to folding `statsRecordCombine` up to rounding.
 */
export function statsRecordReduce(dst: Float64Array, d: number, src: Float64Array, s: number, n: number): void {
  const end = s + n * STATS_RECORD_LENGTH;
  let first = s;
  while (first < end && src[first] === 0) first += STATS_RECORD_LENGTH;
  if (first >= end) {
    statsRecordClear(dst, d);
    return;
  }
  let total = 0;
  for (let e = first; e < end; e += STATS_RECORD_LENGTH) total += src[e];
  dst[d] = total;
  for (let f = 1; f < STATS_RECORD_LENGTH; f += 4) {
    const c = src[first + f];
    let s1 = 0;
    let s2 = 0;
    let min = NaN;
    let max = NaN;
    for (let e = first; e < end; e += STATS_RECORD_LENGTH) {
      const k = src[e];
      if (k === 0) continue;
      const dm = src[e + f] - c;
      s1 += k * dm;
      s2 += src[e + f + 1] + k * dm * dm;
      const lo = src[e + f + 2];
      const hi = src[e + f + 3];
      // A NaN extreme never replaces a number (min !== min: nothing yet).
      if (lo < min || min !== min) min = lo;
      if (hi > max || max !== max) max = hi;
    }
    const m2 = s2 - (s1 * s1) / total;
    dst[d + f] = c + s1 / total;
    dst[d + f + 1] = m2 < 0 ? 0 : m2;
    dst[d + f + 2] = min;
    dst[d + f + 3] = max;
  }
}

/**
 * Writes the record `src[s]` as row `row` of `out`: count, mean, Bessel variance
 * (`sampleVariance`), min and max of each field; an empty record gives count 0 and NaN elsewhere.
 */
export function statsRecordToRow(src: Float64Array, s: number, out: StatsArray, row: number): void {
  const k = src[s];
  const base = row * STATS_FIELD_COUNT;
  const { count, mean, variance, min, max } = out;
  for (let f = 0; f < STATS_FIELD_COUNT; f++) {
    const i = base + f;
    const o = s + 1 + 4 * f;
    if (k === 0) {
      count[i] = 0;
      mean[i] = NaN;
      variance[i] = NaN;
      min[i] = NaN;
      max[i] = NaN;
    } else {
      count[i] = k;
      mean[i] = src[o];
      variance[i] = sampleVariance(k, src[o + 1]);
      min[i] = src[o + 2];
      max[i] = src[o + 3];
    }
  }
}
