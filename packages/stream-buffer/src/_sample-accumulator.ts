/**
 * Statistics of calibrated samples straight from the ring (current, voltage, bits), the hot
 * loop of both ingest (level-0 blocks) and queries (ragged edges).
 *
 * Only samples with a finite current count, for all six fields (js110-facts §8.3). Sums are
 * shifted by the first finite value of each field (bounded cancellation, no division per
 * sample); range and LSB fields are exact integer sums.
 */
import { RECORD_STRIDE } from './_record';

// Accumulator slots.
const K = 0;
const C = 1; // shifts: current, voltage, power
const S1 = 4;
const S2 = 7;
const LO = 10;
const HI = 13;
const RANGE_SUM = 16;
const RANGE_SQ = 17;
const RANGE_MASK = 18;
const ILSB = 19;
const VLSB = 20;
export const ACCUMULATOR_SIZE = 21;

const fround = Math.fround;

export function accumulatorClear(acc: Float64Array): void {
  acc.fill(0);
}

/** Adds ring samples `[j0, j1)` (no wrap) to the accumulator. */
export function accumulate(acc: Float64Array, cur: Float32Array, vol: Float32Array, bits: Uint8Array, j0: number, j1: number): void {
  let j = j0;
  let k = acc[K];
  if (k === 0) {
    while (j < j1 && cur[j] - cur[j] !== 0) j++;
    if (j === j1) return;
    acc[C] = cur[j];
    acc[C + 1] = vol[j];
    acc[C + 2] = fround(cur[j] * vol[j]);
    acc[LO] = Infinity;
    acc[LO + 1] = Infinity;
    acc[LO + 2] = Infinity;
    acc[HI] = -Infinity;
    acc[HI + 1] = -Infinity;
    acc[HI + 2] = -Infinity;
  }
  const ci = acc[C];
  const cv = acc[C + 1];
  const cp = acc[C + 2];
  let si = acc[S1];
  let sv = acc[S1 + 1];
  let sp = acc[S1 + 2];
  let qi = acc[S2];
  let qv = acc[S2 + 1];
  let qp = acc[S2 + 2];
  let loI = acc[LO];
  let loV = acc[LO + 1];
  let loP = acc[LO + 2];
  let hiI = acc[HI];
  let hiV = acc[HI + 1];
  let hiP = acc[HI + 2];
  let rs = acc[RANGE_SUM];
  let rq = acc[RANGE_SQ];
  let rm = acc[RANGE_MASK];
  let li = acc[ILSB];
  let lv = acc[VLSB];
  for (; j < j1; j++) {
    const i = cur[j];
    if (i - i !== 0) continue;
    const v = vol[j];
    const b = bits[j];
    const p = fround(i * v);
    k++;
    const di = i - ci;
    si += di;
    qi += di * di;
    if (i < loI) loI = i;
    if (i > hiI) hiI = i;
    const dv = v - cv;
    sv += dv;
    qv += dv * dv;
    if (v < loV) loV = v;
    if (v > hiV) hiV = v;
    const dp = p - cp;
    sp += dp;
    qp += dp * dp;
    if (p < loP) loP = p;
    if (p > hiP) hiP = p;
    const r = b & 15;
    rs += r;
    rq += r * r;
    rm |= 1 << r;
    li += (b >> 4) & 1;
    lv += (b >> 5) & 1;
  }
  acc[K] = k;
  acc[S1] = si;
  acc[S1 + 1] = sv;
  acc[S1 + 2] = sp;
  acc[S2] = qi;
  acc[S2 + 1] = qv;
  acc[S2 + 2] = qp;
  acc[LO] = loI;
  acc[LO + 1] = loV;
  acc[LO + 2] = loP;
  acc[HI] = hiI;
  acc[HI + 1] = hiV;
  acc[HI + 2] = hiP;
  acc[RANGE_SUM] = rs;
  acc[RANGE_SQ] = rq;
  acc[RANGE_MASK] = rm;
  acc[ILSB] = li;
  acc[VLSB] = lv;
}

function setField(dst: Float64Array, o: number, mean: number, m2: number, min: number, max: number): void {
  dst[o] = mean;
  dst[o + 1] = m2 > 0 ? m2 : 0;
  dst[o + 2] = min;
  dst[o + 3] = max;
}

/** Writes the accumulated statistics as a record at `dst[d]` (empty when nothing counted). */
export function accumulatorToRecord(acc: Float64Array, dst: Float64Array, d: number): void {
  const k = acc[K];
  if (k === 0) {
    dst.fill(0, d, d + RECORD_STRIDE);
    return;
  }
  dst[d] = k;
  for (let f = 0; f < 3; f++) {
    const s1 = acc[S1 + f];
    setField(dst, d + 1 + 4 * f, acc[C + f] + s1 / k, acc[S2 + f] - (s1 * s1) / k, acc[LO + f], acc[HI + f]);
  }
  const rs = acc[RANGE_SUM];
  const mask = acc[RANGE_MASK];
  setField(dst, d + 13, rs / k, acc[RANGE_SQ] - (rs * rs) / k, 31 - Math.clz32(mask & -mask), 31 - Math.clz32(mask));
  const li = acc[ILSB];
  setField(dst, d + 17, li / k, li - (li * li) / k, li === k ? 1 : 0, li > 0 ? 1 : 0);
  const lv = acc[VLSB];
  setField(dst, d + 21, lv / k, lv - (lv * lv) / k, lv === k ? 1 : 0, lv > 0 ? 1 : 0);
}
