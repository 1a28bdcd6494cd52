// Statistics of calibrated samples (docs/stream-buffer.md, "Statistics"), the hot loop of
// ingest (level-0 blocks) and of queries (ragged edges). Only samples with a finite current
// count, for all six fields; current, voltage and power sums are shifted by the first counted
// value (bounded cancellation, no division per sample); extremes skip NaN. `accRun` is the
// SIMD loop over raw words of one current range: calibration, power and the sums in one pass.
import { currentGain, currentOffset, voltageGain, voltageOffset } from './_calibration';
import { RECORD_BYTES } from './_memory';
import { recordClear } from './_records';

// Accumulator slots (f64).
const STARTED: usize = 0;
const C: usize = 8; // shifts: current, voltage, power
const S1: usize = 32;
const S2: usize = 56;
const LO: usize = 80;
const HI: usize = 104;
const K: usize = 128;
const RSUM: usize = 136;
const RSQ: usize = 144;
const RMIN: usize = 152;
const RMAX: usize = 160;
const LSBI: usize = 168;
const LSBV: usize = 176;

export function accClear(acc: usize): void {
  const z = f64x2.splat(0);
  for (let o: usize = 0; o < 176; o += 16) v128.store(acc + o, z);
  store<f64>(acc, 0, 176);
  for (let f: usize = 0; f < 24; f += 8) {
    store<f64>(acc + LO + f, Infinity);
    store<f64>(acc + HI + f, -Infinity);
  }
  store<f64>(acc + RMIN, Infinity);
  store<f64>(acc + RMAX, -Infinity);
}

@inline function start(acc: usize, i: f64, v: f64, p: f64): void {
  store<f64>(acc + STARTED, 1);
  store<f64>(acc + C, i);
  store<f64>(acc + C + 8, v);
  store<f64>(acc + C + 16, p);
}

@inline function addField(acc: usize, f: usize, x: f64): void {
  const d = x - load<f64>(acc + C + f);
  store<f64>(acc + S1 + f, load<f64>(acc + S1 + f) + d);
  store<f64>(acc + S2 + f, load<f64>(acc + S2 + f) + d * d);
  if (x < load<f64>(acc + LO + f)) store<f64>(acc + LO + f, x);
  if (x > load<f64>(acc + HI + f)) store<f64>(acc + HI + f, x);
}

/** Adds one sample (skipped unless its current is finite). */
export function accAdd(acc: usize, i: f32, v: f32, bits: u32): void {
  if (i - i != 0) return;
  const p = i * v;
  if (load<f64>(acc + STARTED) == 0) start(acc, <f64>i, <f64>v, <f64>p);
  addField(acc, 0, <f64>i);
  addField(acc, 8, <f64>v);
  addField(acc, 16, <f64>p);
  const r = <f64>(bits & 15);
  store<f64>(acc + K, load<f64>(acc + K) + 1);
  store<f64>(acc + RSUM, load<f64>(acc + RSUM) + r);
  store<f64>(acc + RSQ, load<f64>(acc + RSQ) + r * r);
  if (r < load<f64>(acc + RMIN)) store<f64>(acc + RMIN, r);
  if (r > load<f64>(acc + RMAX)) store<f64>(acc + RMAX, r);
  store<f64>(acc + LSBI, load<f64>(acc + LSBI) + <f64>((bits >> 4) & 1));
  store<f64>(acc + LSBV, load<f64>(acc + LSBV) + <f64>((bits >> 5) & 1));
}

@inline function finite(x: f32): bool {
  return x - x == 0;
}

/** Samples per tile of `accRun`: its LSB counts are 16-bit lanes, which a tile cannot fill. */
const TILE: i32 = 2048;

@inline function hmin4(v: v128): f32 {
  return min<f32>(min<f32>(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), min<f32>(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

@inline function hmax4(v: v128): f32 {
  return max<f32>(max<f32>(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max<f32>(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

@inline function hsum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Adds `n` raw words at `words`, all of current range `r` (< 8, none missing), calibrated
 * with `table` and voltage range `vr`, in one SIMD pass per tile: code extremes and LSB
 * counts in integers (calibration is monotonic in the code, so the extremes of current and
 * voltage are those of their codes, calibrated); current, voltage and power calibrated and
 * their shifted sums in float64; power extremes in float32. (Three passes kept every value in
 * a register but loaded and calibrated each word three times: one pass spills a few and is
 * faster on the short runs of query edges, and as fast on level-0 blocks.)
 */
export function accRun(acc: usize, words: usize, n: i32, table: usize, r: i32, vr: i32): void {
  if (n <= 0) return;
  const offI = currentOffset(table, r);
  const gainI = currentGain(table, r);
  const offV = voltageOffset(table, vr);
  const gainV = voltageGain(table, vr);
  // Calibration is monotonic in the code: finite at both ends means finite everywhere
  // (else the per-sample path, which skips what is not finite, runs).
  const i0 = offI * gainI;
  const i1 = (<f32>16383 + offI) * gainI;
  const v0 = offV * gainV;
  const v1 = (<f32>16383 + offV) * gainV;
  const big = max<f32>(abs<f32>(i0), abs<f32>(i1)) * max<f32>(abs<f32>(v0), abs<f32>(v1));
  if (!finite(i0) || !finite(i1) || !finite(v0) || !finite(v1) || !finite(big)) {
    const bitsBase = <u32>r;
    for (let k = 0; k < n; k++) {
      const w = load<u32>(words + (<usize>k << 2));
      const i = (<f32>((w >>> 2) & 0x3fff) + offI) * gainI;
      const v = (<f32>(w >>> 18) + offV) * gainV;
      accAdd(acc, i, v, bitsBase | ((w & 4) << 2) | ((w >>> 13) & 0x20));
    }
    return;
  }
  if (load<f64>(acc + STARTED) == 0) {
    const w = load<u32>(words);
    const i = (<f32>((w >>> 2) & 0x3fff) + offI) * gainI;
    const v = (<f32>(w >>> 18) + offV) * gainV;
    start(acc, <f64>i, <f64>v, <f64>(i * v));
  }
  const ci = load<f64>(acc + C);
  const cv = load<f64>(acc + C + 8);
  const cp = load<f64>(acc + C + 16);
  let codeLo: u32 = 0xffffffff; // current code << 2 in the low half, voltage's in the high half
  let codeHi: u32 = 0;
  let lsb: u64 = 0; // current LSBs in the low 32 bits, voltage LSBs in the high
  let sI: f64 = 0;
  let sV: f64 = 0;
  let sP: f64 = 0;
  let qI: f64 = 0;
  let qV: f64 = 0;
  let qP: f64 = 0;
  let loP: f32 = Infinity;
  let hiP: f32 = -Infinity;
  for (let t = 0; t < n; t += TILE) {
    const m = min<i32>(TILE, n - t);
    const p = words + (<usize>t << 2);
    const m4 = m & ~3;
    {
      const codes = i32x4.splat(<i32>0xfffcfffc);
      const ones = i32x4.splat(0x10001);
      const offI4 = f32x4.splat(offI);
      const gainI4 = f32x4.splat(gainI);
      const offV4 = f32x4.splat(offV);
      const gainV4 = f32x4.splat(gainV);
      const cI = f64x2.splat(ci);
      const cV = f64x2.splat(cv);
      const cP = f64x2.splat(cp);
      let lo4 = i32x4.splat(-1);
      let hi4 = i32x4.splat(0);
      let l4 = i32x4.splat(0);
      let s1I = f64x2.splat(0);
      let s1V = f64x2.splat(0);
      let s2I = f64x2.splat(0);
      let s2V = f64x2.splat(0);
      let s1P = f64x2.splat(0);
      let s2P = f64x2.splat(0);
      let loP4 = f32x4.splat(Infinity);
      let hiP4 = f32x4.splat(-Infinity);
      for (let k = 0; k < m4; k += 4) {
        const w = v128.load(p + (<usize>k << 2));
        const c = v128.and(w, codes);
        lo4 = i16x8.min_u(lo4, c);
        hi4 = i16x8.max_u(hi4, c);
        l4 = i32x4.add(l4, v128.and(i32x4.shr_u(w, 2), ones));
        const i = f32x4.mul(f32x4.add(f32x4.convert_i32x4_s(i32x4.shr_u(i32x4.shl(w, 16), 18)), offI4), gainI4);
        const v = f32x4.mul(f32x4.add(f32x4.convert_i32x4_s(i32x4.shr_u(w, 18)), offV4), gainV4);
        const iL = f64x2.sub(f64x2.promote_low_f32x4(i), cI);
        const iH = f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(i, i, 2, 3, 0, 1)), cI);
        const vL = f64x2.sub(f64x2.promote_low_f32x4(v), cV);
        const vH = f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), cV);
        s1I = f64x2.add(s1I, f64x2.add(iL, iH));
        s1V = f64x2.add(s1V, f64x2.add(vL, vH));
        s2I = f64x2.add(s2I, f64x2.add(f64x2.mul(iL, iL), f64x2.mul(iH, iH)));
        s2V = f64x2.add(s2V, f64x2.add(f64x2.mul(vL, vL), f64x2.mul(vH, vH)));
        const pw = f32x4.mul(i, v);
        loP4 = f32x4.pmin(loP4, pw);
        hiP4 = f32x4.pmax(hiP4, pw);
        const pL = f64x2.sub(f64x2.promote_low_f32x4(pw), cP);
        const pH = f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(pw, pw, 2, 3, 0, 1)), cP);
        s1P = f64x2.add(s1P, f64x2.add(pL, pH));
        s2P = f64x2.add(s2P, f64x2.add(f64x2.mul(pL, pL), f64x2.mul(pH, pH)));
      }
      lo4 = i16x8.min_u(lo4, v128.shuffle<i32>(lo4, lo4, 2, 3, 0, 1));
      lo4 = i16x8.min_u(lo4, v128.shuffle<i32>(lo4, lo4, 1, 0, 3, 2));
      hi4 = i16x8.max_u(hi4, v128.shuffle<i32>(hi4, hi4, 2, 3, 0, 1));
      hi4 = i16x8.max_u(hi4, v128.shuffle<i32>(hi4, hi4, 1, 0, 3, 2));
      l4 = i32x4.add(l4, v128.shuffle<i32>(l4, l4, 2, 3, 0, 1));
      l4 = i32x4.add(l4, v128.shuffle<i32>(l4, l4, 1, 0, 3, 2));
      let lo = <u32>i32x4.extract_lane(lo4, 0);
      let hi = <u32>i32x4.extract_lane(hi4, 0);
      let l = <u32>i32x4.extract_lane(l4, 0);
      for (let k = m4; k < m; k++) {
        const w = load<u32>(p + (<usize>k << 2));
        const c = w & 0xfffcfffc;
        lo = (min<u32>(lo & 0xffff, c & 0xffff)) | (min<u32>(lo >>> 16, c >>> 16) << 16);
        hi = (max<u32>(hi & 0xffff, c & 0xffff)) | (max<u32>(hi >>> 16, c >>> 16) << 16);
        l += (w >>> 2) & 0x10001;
      }
      codeLo = (min<u32>(codeLo & 0xffff, lo & 0xffff)) | (min<u32>(codeLo >>> 16, lo >>> 16) << 16);
      codeHi = (max<u32>(codeHi & 0xffff, hi & 0xffff)) | (max<u32>(codeHi >>> 16, hi >>> 16) << 16);
      lsb += <u64>(l & 0xffff) | (<u64>(l >>> 16) << 32);
      sI += hsum2(s1I);
      sV += hsum2(s1V);
      qI += hsum2(s2I);
      qV += hsum2(s2V);
      sP += hsum2(s1P);
      qP += hsum2(s2P);
      loP = min<f32>(loP, hmin4(loP4));
      hiP = max<f32>(hiP, hmax4(hiP4));
    }
    // The tile's last samples, one by one.
    for (let k = m4; k < m; k++) {
      const w = load<u32>(p + (<usize>k << 2));
      const i = (<f32>((w >>> 2) & 0x3fff) + offI) * gainI;
      const v = (<f32>(w >>> 18) + offV) * gainV;
      const pw = i * v;
      const di = <f64>i - ci;
      const dv = <f64>v - cv;
      const dp = <f64>pw - cp;
      sI += di;
      sV += dv;
      sP += dp;
      qI += di * di;
      qV += dv * dv;
      qP += dp * dp;
      loP = min<f32>(loP, pw);
      hiP = max<f32>(hiP, pw);
    }
  }
  // Extremes of current and voltage: their extreme codes calibrated (order by the gain's sign).
  const xa = (<f32>((codeLo & 0xffff) >>> 2) + offI) * gainI;
  const xb = (<f32>((codeHi & 0xffff) >>> 2) + offI) * gainI;
  const ya = (<f32>(codeLo >>> 18) + offV) * gainV;
  const yb = (<f32>(codeHi >>> 18) + offV) * gainV;
  store<f64>(acc + S1, load<f64>(acc + S1) + sI);
  store<f64>(acc + S1 + 8, load<f64>(acc + S1 + 8) + sV);
  store<f64>(acc + S1 + 16, load<f64>(acc + S1 + 16) + sP);
  store<f64>(acc + S2, load<f64>(acc + S2) + qI);
  store<f64>(acc + S2 + 8, load<f64>(acc + S2 + 8) + qV);
  store<f64>(acc + S2 + 16, load<f64>(acc + S2 + 16) + qP);
  // The accumulator's extremes are ±Infinity (nothing yet) or numbers, and so are these.
  store<f64>(acc + LO, min<f64>(load<f64>(acc + LO), <f64>min<f32>(xa, xb)));
  store<f64>(acc + HI, max<f64>(load<f64>(acc + HI), <f64>max<f32>(xa, xb)));
  store<f64>(acc + LO + 8, min<f64>(load<f64>(acc + LO + 8), <f64>min<f32>(ya, yb)));
  store<f64>(acc + HI + 8, max<f64>(load<f64>(acc + HI + 8), <f64>max<f32>(ya, yb)));
  store<f64>(acc + LO + 16, min<f64>(load<f64>(acc + LO + 16), <f64>loP));
  store<f64>(acc + HI + 16, max<f64>(load<f64>(acc + HI + 16), <f64>hiP));
  const count = <f64>n;
  const rf = <f64>r;
  store<f64>(acc + K, load<f64>(acc + K) + count);
  store<f64>(acc + RSUM, load<f64>(acc + RSUM) + rf * count);
  store<f64>(acc + RSQ, load<f64>(acc + RSQ) + rf * rf * count);
  if (rf < load<f64>(acc + RMIN)) store<f64>(acc + RMIN, rf);
  if (rf > load<f64>(acc + RMAX)) store<f64>(acc + RMAX, rf);
  store<f64>(acc + LSBI, load<f64>(acc + LSBI) + <f64>(lsb & 0xffffffff));
  store<f64>(acc + LSBV, load<f64>(acc + LSBV) + <f64>(lsb >>> 32));
}

@inline function setField(dst: usize, mean: f64, m2: f64, lo: f64, hi: f64): void {
  store<f64>(dst, mean);
  store<f64>(dst, m2 < 0 ? 0 : m2, 8); // NaN stays NaN
  const none = lo > hi; // nothing but NaN seen
  store<f64>(dst, none ? NaN : lo, 16);
  store<f64>(dst, none ? NaN : hi, 24);
}

/** Writes the accumulated statistics as a record at `dst` (empty when nothing counted). */
export function accToRecord(acc: usize, dst: usize): void {
  const k = load<f64>(acc + K);
  if (k == 0) {
    recordClear(dst);
    return;
  }
  store<f64>(dst, k);
  for (let f: usize = 0; f < 24; f += 8) {
    const s1 = load<f64>(acc + S1 + f);
    setField(dst + 8 + f * 4, load<f64>(acc + C + f) + s1 / k, load<f64>(acc + S2 + f) - (s1 * s1) / k, load<f64>(acc + LO + f), load<f64>(acc + HI + f));
  }
  const rs = load<f64>(acc + RSUM);
  setField(dst + 104, rs / k, load<f64>(acc + RSQ) - (rs * rs) / k, load<f64>(acc + RMIN), load<f64>(acc + RMAX));
  const li = load<f64>(acc + LSBI);
  setField(dst + 136, li / k, li - (li * li) / k, li == k ? 1 : 0, li > 0 ? 1 : 0);
  const lv = load<f64>(acc + LSBV);
  setField(dst + 168, lv / k, lv - (lv * lv) / k, lv == k ? 1 : 0, lv > 0 ? 1 : 0);
}
