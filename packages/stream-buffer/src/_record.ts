/**
 * Statistics records of the reduction pyramid, stored flat in Float64Arrays:
 * one shared count, then mean, M2, min, max for each of the six fields.
 * Records with count 0 are empty whatever the other slots hold.
 */
import { STATS_FIELD_COUNT } from '@joulescope/stats';
import type { StatsArray } from '@joulescope/stats';

export const RECORD_STRIDE = 1 + 4 * STATS_FIELD_COUNT;
/** Offset of field f's mean; M2, min and max follow it. */
export const fieldOffset = (f: number): number => 1 + 4 * f;

/** Empties the record at `at`. */
export function recordClear(dst: Float64Array, at: number): void {
  dst.fill(0, at, at + RECORD_STRIDE);
}

/** Copies a record. */
export function recordCopy(dst: Float64Array, d: number, src: Float64Array, s: number): void {
  for (let j = 0; j < RECORD_STRIDE; j++) dst[d + j] = src[s + j];
}

/**
 * Merges the record `src[s]` into `dst[d]` with the reference's pairwise formula
 * (js110-facts §8.4); either may be empty.
 */
export function recordCombine(dst: Float64Array, d: number, src: Float64Array, s: number): void {
  const kb = src[s];
  if (kb === 0) return;
  const ka = dst[d];
  if (ka === 0) {
    recordCopy(dst, d, src, s);
    return;
  }
  const kt = ka + kb;
  const f1 = ka / kt;
  const f2 = 1 - f1;
  for (let f = d + 1, g = s + 1, end = d + RECORD_STRIDE; f < end; f += 4, g += 4) {
    const ma = dst[f];
    const mb = src[g];
    const mean = f1 * ma + f2 * mb;
    const d1 = ma - mean;
    const d2 = mb - mean;
    dst[f + 1] = dst[f + 1] + ka * d1 * d1 + (src[g + 1] + kb * d2 * d2);
    dst[f] = mean;
    if (!(dst[f + 2] < src[g + 2])) dst[f + 2] = src[g + 2];
    if (!(dst[f + 3] > src[g + 3])) dst[f + 3] = src[g + 3];
  }
  dst[d] = kt;
}

/**
 * Reduces `n` consecutive records `src[s ..)` into `dst[d]` (overwritten), one pass per
 * field with moments summed around the first non-empty record's mean (bounded
 * cancellation, no division per record): mean = c + Σk(m − c) / K,
 * M2 = Σ(M2 + k(m − c)²) − (Σk(m − c))² / K. Empty records are skipped.
 */
export function recordReduce(dst: Float64Array, d: number, src: Float64Array, s: number, n: number): void {
  const end = s + n * RECORD_STRIDE;
  let first = s;
  while (first < end && src[first] === 0) first += RECORD_STRIDE;
  if (first === end) {
    recordClear(dst, d);
    return;
  }
  let total = 0;
  for (let e = first; e < end; e += RECORD_STRIDE) total += src[e];
  dst[d] = total;
  for (let f = 1; f < RECORD_STRIDE; f += 4) {
    const c = src[first + f];
    let s1 = 0;
    let s2 = 0;
    let min = src[first + f + 2];
    let max = src[first + f + 3];
    for (let e = first; e < end; e += RECORD_STRIDE) {
      const k = src[e];
      if (k === 0) continue;
      const dm = src[e + f] - c;
      s1 += k * dm;
      s2 += src[e + f + 1] + k * dm * dm;
      const lo = src[e + f + 2];
      const hi = src[e + f + 3];
      if (lo < min) min = lo;
      if (hi > max) max = hi;
    }
    const m2 = s2 - (s1 * s1) / total;
    dst[d + f] = c + s1 / total;
    dst[d + f + 1] = m2 > 0 ? m2 : 0;
    dst[d + f + 2] = min;
    dst[d + f + 3] = max;
  }
}

/** Writes element `i` of a StatsArray as count, mean, variance, min, max. */
function rowSet(out: StatsArray, i: number, count: number, mean: number, variance: number, min: number, max: number): void {
  out.count[i] = count;
  out.mean[i] = mean;
  out.variance[i] = variance;
  out.min[i] = min;
  out.max[i] = max;
}

/** One value as a record (count 1, variance 0, min = max = value); NaN gives the empty record. */
export function rowSingle(out: StatsArray, i: number, x: number): void {
  if (Number.isNaN(x)) rowSet(out, i, 0, NaN, NaN, NaN, NaN);
  else rowSet(out, i, 1, x, 0, x, x);
}

/** Writes a record as row `row` of a StatsArray (Bessel variance; empty → count 0, NaN). */
export function recordToRow(src: Float64Array, s: number, out: StatsArray, row: number): void {
  const k = src[s];
  const base = row * STATS_FIELD_COUNT;
  for (let f = 0; f < STATS_FIELD_COUNT; f++) {
    const o = s + 1 + 4 * f;
    if (k === 0) rowSet(out, base + f, 0, NaN, NaN, NaN, NaN);
    else rowSet(out, base + f, k, src[o], k <= 1 ? 0 : src[o + 1] / (k - 1), src[o + 2], src[o + 3]);
  }
}
