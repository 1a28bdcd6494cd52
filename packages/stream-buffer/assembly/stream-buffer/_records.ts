// Statistics records in memory (docs/stream-buffer.md, "Statistics"): the flat layout of
// @joulescope/stats (count, then mean, M2, min, max of 6 fields), with its reduce formula;
// a NaN extreme never replaces a number.
import { RECORD_BYTES, singleSpanPtr } from './_memory';

// A small fill as plain stores: the engine's memory.fill is a call.
export function recordClear(dst: usize): void {
  const z = f64x2.splat(0);
  for (let o: usize = 0; o < 192; o += 16) v128.store(dst + o, z);
  store<f64>(dst, 0, 192);
}

/** Reduces `n` consecutive records at `src` into `dst` (not one of them), as one span. */
export function recordReduce(dst: usize, src: usize, n: i32): void {
  store<u32>(singleSpanPtr, <u32>n);
  store<u32>(singleSpanPtr, <u32>src, 4);
  recordReduceSpans(dst, singleSpanPtr, 1);
}

@inline function spanCount(spans: usize, s: i32): usize {
  return <usize>load<u32>(spans + (<usize>s << 3));
}

@inline function spanRecords(spans: usize, s: i32): usize {
  return <usize>load<u32>(spans + (<usize>s << 3), 4);
}

/**
 * Reduces the records of `count` spans into `dst` (not one of them); span s is `(n u32,
 * pointer u32)` at `spans + 8s`: n consecutive records. One pass for all of a range's
 * entries: moments summed around the first non-empty record's mean, three fields per pass
 * (their sums stay in registers); extremes as [min, −max] pairs under one NaN-skipping SIMD
 * minimum.
 */
export function recordReduceSpans(dst: usize, spans: usize, count: i32): void {
  let first: usize = 0;
  let total: f64 = 0;
  for (let s = 0; s < count; s++) {
    const e0 = spanRecords(spans, s);
    const end = e0 + spanCount(spans, s) * RECORD_BYTES;
    for (let e = e0; e < end; e += RECORD_BYTES) {
      const k = load<f64>(e);
      if (k != 0 && first == 0) first = e;
      total += k;
    }
  }
  if (first == 0) {
    recordClear(dst);
    return;
  }
  store<f64>(dst, total);
  const neg = f64x2(1, -1);
  for (let g: usize = 8; g < <usize>RECORD_BYTES; g += 96) {
    const c0 = load<f64>(first + g);
    const c1 = load<f64>(first + g + 32);
    const c2 = load<f64>(first + g + 64);
    let a0: f64 = 0;
    let a1: f64 = 0;
    let a2: f64 = 0;
    let b0: f64 = 0;
    let b1: f64 = 0;
    let b2: f64 = 0;
    let x0 = f64x2.splat(Infinity);
    let x1 = f64x2.splat(Infinity);
    let x2 = f64x2.splat(Infinity);
    for (let s = 0; s < count; s++) {
      const e0 = spanRecords(spans, s);
      const end = e0 + spanCount(spans, s) * RECORD_BYTES;
      for (let e = e0; e < end; e += RECORD_BYTES) {
        const k = load<f64>(e);
        if (k == 0) continue;
        const p = e + g;
        const d0 = load<f64>(p) - c0;
        const d1 = load<f64>(p, 32) - c1;
        const d2 = load<f64>(p, 64) - c2;
        a0 += k * d0;
        a1 += k * d1;
        a2 += k * d2;
        b0 += load<f64>(p, 8) + k * d0 * d0;
        b1 += load<f64>(p, 40) + k * d1 * d1;
        b2 += load<f64>(p, 72) + k * d2 * d2;
        x0 = f64x2.pmin(x0, f64x2.mul(v128.load(p, 16), neg));
        x1 = f64x2.pmin(x1, f64x2.mul(v128.load(p, 48), neg));
        x2 = f64x2.pmin(x2, f64x2.mul(v128.load(p, 80), neg));
      }
    }
    put(dst + g, c0, a0, b0, total, x0);
    put(dst + g + 32, c1, a1, b1, total, x1);
    put(dst + g + 64, c2, a2, b2, total, x2);
  }
}

@inline function put(dst: usize, c: f64, s1: f64, s2: f64, total: f64, x: v128): void {
  const m2 = s2 - (s1 * s1) / total;
  store<f64>(dst, c + s1 / total);
  store<f64>(dst, m2 < 0 ? 0 : m2, 8);
  const lo = f64x2.extract_lane(x, 0);
  const hi = -f64x2.extract_lane(x, 1);
  // +Infinity left: only NaN extremes were seen.
  store<f64>(dst, lo == Infinity ? NaN : lo, 16);
  store<f64>(dst, hi == -Infinity ? NaN : hi, 24);
}

/**
 * Writes the record at `src` as row `row` of StatsArray columns at `out` (`stride` rows per
 * column): count, mean, Bessel variance, min, max; an empty record gives count 0 and NaN.
 */
export function recordToRow(src: usize, out: usize, stride: i32, row: i32): void {
  const k = load<f64>(src);
  const column = <usize>stride * 48;
  let o = out + <usize>row * 48;
  for (let f: usize = 8; f < <usize>RECORD_BYTES; f += 32) {
    if (k == 0) {
      store<f64>(o, 0);
      store<f64>(o + column, NaN);
      store<f64>(o + 2 * column, NaN);
      store<f64>(o + 3 * column, NaN);
      store<f64>(o + 4 * column, NaN);
    } else {
      store<f64>(o, k);
      store<f64>(o + column, load<f64>(src + f));
      store<f64>(o + 2 * column, k <= 1 ? 0 : load<f64>(src + f + 8) / (k - 1));
      store<f64>(o + 3 * column, load<f64>(src + f + 16));
      store<f64>(o + 4 * column, load<f64>(src + f + 24));
    }
    o += 8;
  }
}

/** Row `row` holding one value per field (count 1, variance 0); NaN gives an empty field. */
export function singleToRow(out: usize, stride: i32, row: i32, f: i32, x: f64): void {
  const column = <usize>stride * 48;
  const o = out + <usize>row * 48 + (<usize>f << 3);
  if (x != x) {
    store<f64>(o, 0);
    store<f64>(o + column, NaN);
    store<f64>(o + 2 * column, NaN);
    store<f64>(o + 3 * column, NaN);
    store<f64>(o + 4 * column, NaN);
  } else {
    store<f64>(o, 1);
    store<f64>(o + column, x);
    store<f64>(o + 2 * column, 0);
    store<f64>(o + 3 * column, x);
    store<f64>(o + 4 * column, x);
  }
}

