/**
 * The summary pyramid's arithmetic, exactly as the C writer does it (docs/jls.md, "Summaries"),
 * so that our files hold the same bytes:
 * - level 1: per group of sdf samples, skipping non-finite samples, in float64 and sequential
 *   order: mean, population std (0 for one sample), min, max; NaN for a group with no finite
 *   sample;
 * - level N: per group of sumdf entries of the level below: the mean of the finite child means,
 *   min and max over those children, and var = sum over all children of (std^2 +
 *   (mean_child - mean)^2) / n.
 * Entries are [mean, std, min, max], stored as f32 (or f64 for the 32/64-bit integer types and
 * f64), rounded once from float64.
 */

/** Summary storage: four values per entry. */
export type SummaryArray = Float32Array | Float64Array;

/**
 * Appends floor(count / sdf) level-1 entries for `x[0, count)` into `out` from entry `outEntry`.
 * Returns the number of entries written. (f32 samples: the hot path of every recording.)
 *
 * A first pass assumes every sample is finite; a finite sum proves it (f32 values cannot
 * overflow a float64 sum of any group size used here), and then the sums are exactly those of
 * the checked loop. A group with a NaN or an infinity is redone with the checks.
 */
export function summarizeF32(x: Float32Array, count: number, sdf: number, out: SummaryArray, outEntry: number): number {
  const groups = Math.floor(count / sdf);
  for (let g = 0; g < groups; g++) {
    const a = g * sdf;
    const b = a + sdf;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = a; i < b; i++) {
      const v = x[i];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const o = (outEntry + g) * 4;
    if (!(sum - sum === 0)) {
      summarizeChecked(x, a, b, out, o);
      continue;
    }
    const mean = sum / sdf;
    let m2 = 0;
    for (let i = a; i < b; i++) {
      const d = x[i] - mean;
      m2 += d * d;
    }
    out[o] = mean;
    out[o + 1] = sdf === 1 ? 0 : Math.sqrt(m2 / sdf);
    out[o + 2] = min;
    out[o + 3] = max;
  }
  return groups;
}

/** One level-1 entry of `x[a, b)` at `out[o...]`, skipping non-finite samples. */
function summarizeChecked(x: ArrayLike<number>, a: number, b: number, out: SummaryArray, o: number): void {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = a; i < b; i++) {
    const v = x[i];
    if (v - v === 0) {
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (n === 0) {
    out[o] = NaN;
    out[o + 1] = NaN;
    out[o + 2] = NaN;
    out[o + 3] = NaN;
    return;
  }
  const mean = sum / n;
  let m2 = 0;
  for (let i = a; i < b; i++) {
    const v = x[i];
    if (v - v === 0) {
      const d = v - mean;
      m2 += d * d;
    }
  }
  out[o] = mean;
  out[o + 1] = n === 1 ? 0 : Math.sqrt(m2 / n);
  out[o + 2] = min;
  out[o + 3] = max;
}

/**
 * `summarizeF32` for byte samples (u1, u4, u8: one value per byte): every value is finite, so
 * no sample is skipped; the arithmetic is the same.
 */
export function summarizeBytes(x: Uint8Array, count: number, sdf: number, out: SummaryArray, outEntry: number): number {
  const groups = Math.floor(count / sdf);
  for (let g = 0; g < groups; g++) {
    const a = g * sdf;
    const b = a + sdf;
    let sum = 0;
    let min = 255;
    let max = 0;
    for (let i = a; i < b; i++) {
      const v = x[i];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // Integer sums are exact, so a constant group (the usual range or GPI) has mean == value
    // and every deviation is exactly 0: its variance needs no second pass.
    const mean = sum / sdf;
    let m2 = 0;
    if (min !== max) {
      for (let i = a; i < b; i++) {
        const d = x[i] - mean;
        m2 += d * d;
      }
    }
    const o = (outEntry + g) * 4;
    out[o] = mean;
    out[o + 1] = sdf === 1 ? 0 : Math.sqrt(m2 / sdf);
    out[o + 2] = min;
    out[o + 3] = max;
  }
  return groups;
}

/** `summarizeF32` for samples of any other number-valued type (always checked). */
export function summarizeNumbers(x: ArrayLike<number>, count: number, sdf: number, out: SummaryArray, outEntry: number): number {
  const groups = Math.floor(count / sdf);
  for (let g = 0; g < groups; g++) summarizeChecked(x, g * sdf, (g + 1) * sdf, out, (outEntry + g) * 4);
  return groups;
}

/** `summarizeF32` for 64-bit integer samples (converted to float64 as C's `(double)` cast). */
export function summarizeBigInts(x: ArrayLike<bigint>, count: number, sdf: number, out: SummaryArray, outEntry: number): number {
  const groups = Math.floor(count / sdf);
  const tmp = new Float64Array(sdf);
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < sdf; i++) tmp[i] = Number(x[g * sdf + i]);
    summarizeNumbers(tmp, sdf, sdf, out, outEntry + g);
  }
  return groups;
}

/**
 * Appends floor(srcCount / sumdf) entries to `out` (from entry `outEntry`) that each combine
 * sumdf consecutive entries of `src`. Returns the number written.
 */
export function reduceSummaries(
  src: SummaryArray,
  srcCount: number,
  sumdf: number,
  out: SummaryArray,
  outEntry: number,
): number {
  const groups = Math.floor(srcCount / sumdf);
  for (let g = 0; g < groups; g++) {
    const a = g * sumdf;
    const b = a + sumdf;
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let e = a; e < b; e++) {
      const m = src[e * 4];
      if (m - m === 0) {
        n++;
        sum += m;
        const lo = src[e * 4 + 2];
        const hi = src[e * 4 + 3];
        if (lo < min) min = lo;
        if (hi > max) max = hi;
      }
    }
    const o = (outEntry + g) * 4;
    if (n === 0) {
      out.fill(NaN, o, o + 4);
      continue;
    }
    const mean = sum / n;
    let v = 0;
    for (let e = a; e < b; e++) {
      const d = src[e * 4] - mean;
      const s = src[e * 4 + 1];
      v += s * s + d * d;
    }
    out[o] = mean;
    out[o + 1] = Math.sqrt(v / n);
    out[o + 2] = min;
    out[o + 3] = max;
  }
  return groups;
}
