// The decimator's hot loops in WebAssembly SIMD (docs/downsampling.md, "Speed"), loaded by
// src/_fir-wasm.ts. Pointers are byte offsets into the memory the host imports; the host lays
// the arrays out and keeps the stage state (src/_decimator.ts).

/** x*[k] = float64 of the float32 current and voltage, and their float64 product, for k < n. */
export function widen(cur: usize, vol: usize, n: i32, xi: usize, xv: usize, xp: usize): void {
  let k = 0;
  for (; k + 2 <= n; k += 2) {
    const i = f64x2.promote_low_f32x4(v128.load64_zero(cur + (<usize>k << 2)));
    const v = f64x2.promote_low_f32x4(v128.load64_zero(vol + (<usize>k << 2)));
    const o = <usize>k << 3;
    v128.store(xi + o, i);
    v128.store(xv + o, v);
    v128.store(xp + o, f64x2.mul(i, v));
  }
  if (k < n) {
    const i = <f64>load<f32>(cur + (<usize>k << 2));
    const v = <f64>load<f32>(vol + (<usize>k << 2));
    const o = <usize>k << 3;
    store<f64>(xi + o, i);
    store<f64>(xv + o, v);
    store<f64>(xp + o, i * v);
  }
}

/**
 * For t = first, first + step, … < end: out*[k] = Σ h[j]·x*[t − taps + 1 + j] over j < taps
 * (an even number), for the three channels. Returns how many outputs were written. Two
 * outputs at a time share the loads of the taps; two taps per lane pair.
 */
export function fir3(
  xi: usize,
  xv: usize,
  xp: usize,
  h: usize,
  taps: i32,
  first: i32,
  end: i32,
  step: i32,
  oi: usize,
  ov: usize,
  op: usize,
): i32 {
  const bytes = <usize>taps << 3;
  const shift = <usize>step << 3; // from one output's window to the next
  let k = 0;
  let t = first;
  for (; t + step < end; t += 2 * step) {
    const w = <usize>(t - taps + 1) << 3;
    let pi = xi + w;
    let pv = xv + w;
    let pp = xp + w;
    let ai = f64x2.splat(0);
    let av = f64x2.splat(0);
    let ap = f64x2.splat(0);
    let bi = f64x2.splat(0);
    let bv = f64x2.splat(0);
    let bp = f64x2.splat(0);
    for (let q = h, e = h + bytes; q < e; q += 16, pi += 16, pv += 16, pp += 16) {
      const hh = v128.load(q);
      ai = f64x2.add(ai, f64x2.mul(v128.load(pi), hh));
      bi = f64x2.add(bi, f64x2.mul(v128.load(pi + shift), hh));
      av = f64x2.add(av, f64x2.mul(v128.load(pv), hh));
      bv = f64x2.add(bv, f64x2.mul(v128.load(pv + shift), hh));
      ap = f64x2.add(ap, f64x2.mul(v128.load(pp), hh));
      bp = f64x2.add(bp, f64x2.mul(v128.load(pp + shift), hh));
    }
    const o = <usize>k << 3;
    store<f64>(oi + o, f64x2.extract_lane(ai, 0) + f64x2.extract_lane(ai, 1));
    store<f64>(ov + o, f64x2.extract_lane(av, 0) + f64x2.extract_lane(av, 1));
    store<f64>(op + o, f64x2.extract_lane(ap, 0) + f64x2.extract_lane(ap, 1));
    store<f64>(oi + o, f64x2.extract_lane(bi, 0) + f64x2.extract_lane(bi, 1), 8);
    store<f64>(ov + o, f64x2.extract_lane(bv, 0) + f64x2.extract_lane(bv, 1), 8);
    store<f64>(op + o, f64x2.extract_lane(bp, 0) + f64x2.extract_lane(bp, 1), 8);
    k += 2;
  }
  if (t < end) {
    const w = <usize>(t - taps + 1) << 3;
    let pi = xi + w;
    let pv = xv + w;
    let pp = xp + w;
    let ai = f64x2.splat(0);
    let av = f64x2.splat(0);
    let ap = f64x2.splat(0);
    for (let q = h, e = h + bytes; q < e; q += 16, pi += 16, pv += 16, pp += 16) {
      const hh = v128.load(q);
      ai = f64x2.add(ai, f64x2.mul(v128.load(pi), hh));
      av = f64x2.add(av, f64x2.mul(v128.load(pv), hh));
      ap = f64x2.add(ap, f64x2.mul(v128.load(pp), hh));
    }
    const o = <usize>k << 3;
    store<f64>(oi + o, f64x2.extract_lane(ai, 0) + f64x2.extract_lane(ai, 1));
    store<f64>(ov + o, f64x2.extract_lane(av, 0) + f64x2.extract_lane(av, 1));
    store<f64>(op + o, f64x2.extract_lane(ap, 0) + f64x2.extract_lane(ap, 1));
    k++;
  }
  return k;
}

/** Steps of 16 bytes before the 16-bit lane sums could overflow (15 × 2 per lane and step). */
const FLUSH_STEPS = 2048;

/**
 * Sums the bit fields of the n bits bytes into the packed counter at `state` (i64: current
 * range in bits 0–23, current LSB in 24–43, voltage LSB in 44–63; i32 at state + 8: inputs
 * the output still needs) and writes the floored averages of every output completed to
 * out*[k] (range × 16, LSBs × 255). Returns how many outputs were completed.
 */
export function sumBits(bits: usize, n: i32, state: usize, factor: i32, outRange: usize, outCurrentLsb: usize, outVoltageLsb: usize): i32 {
  let acc = load<i64>(state);
  let left = load<i32>(state, 8);
  let k = 0;
  let p = bits;
  const end = bits + <usize>n;
  const m = <i64>factor;
  const low4 = i8x16.splat(15);
  const one = i8x16.splat(1);
  while (p < end) {
    const run = min(<usize>left, end - p);
    const stop = p + run;
    // 16 bytes at a time: lane sums of the range, and of each LSB, in 16 bits.
    while (p + 16 <= stop) {
      let r = i16x8.splat(0);
      let a = i16x8.splat(0);
      let b = i16x8.splat(0);
      for (let steps = 0; steps < FLUSH_STEPS && p + 16 <= stop; steps++, p += 16) {
        const v = v128.load(p);
        r = i16x8.add(r, i16x8.extadd_pairwise_i8x16_u(v128.and(v, low4)));
        a = i16x8.add(a, i16x8.extadd_pairwise_i8x16_u(v128.and(i8x16.shr_u(v, 4), one)));
        b = i16x8.add(b, i16x8.extadd_pairwise_i8x16_u(v128.and(i8x16.shr_u(v, 5), one)));
      }
      acc += laneSum(r) | (laneSum(a) << 24) | (laneSum(b) << 44);
    }
    for (; p < stop; p++) {
      const x = <i64>load<u8>(p);
      acc += (x & 15) | ((x & 16) << 20) | ((x & 32) << 39);
    }
    left -= <i32>run;
    if (left == 0) {
      store<u8>(outRange + <usize>k, <u8>(((acc & 0xffffff) * 16) / m));
      store<u8>(outCurrentLsb + <usize>k, <u8>((((acc >> 24) & 0xfffff) * 255) / m));
      store<u8>(outVoltageLsb + <usize>k, <u8>((((acc >> 44) & 0xfffff) * 255) / m));
      k++;
      acc = 0;
      left = factor;
    }
  }
  store<i64>(state, acc);
  store<i32>(state, left, 8);
  return k;
}

/** The sum of the eight unsigned 16-bit lanes. */
@inline
function laneSum(v: v128): i64 {
  const w = i32x4.extadd_pairwise_i16x8_u(v);
  return <i64>(i32x4.extract_lane(w, 0) + i32x4.extract_lane(w, 1) + i32x4.extract_lane(w, 2) + i32x4.extract_lane(w, 3));
}
