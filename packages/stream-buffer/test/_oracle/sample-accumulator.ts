/**
 * Statistics of calibrated samples straight from the ring (current, voltage, bits), the hot
 * loop of both ingest (level-0 blocks) and queries (ragged edges).
 *
 * Only samples with a finite current count, for all six fields (docs/stream-buffer.md,
 * "Statistics"); extremes skip NaN (a voltage can be NaN where the current is not).
 * Current, voltage and power sums are shifted by the first finite value (bounded
 * cancellation, no division per sample). The range and LSB fields come from a histogram of
 * the 6-bit bits byte: one increment per sample instead of a dozen integer operations
 * (measured: 4.8 against 7.2 ns per sample for the whole loop).
 */
import { STATS_RECORD_LENGTH } from '@joulescope/stats';

// Accumulator slots.
const STARTED = 0;
const C = 1; // shifts: current, voltage, power
const S1 = 4;
const S2 = 7;
const LO = 10;
const HI = 13;
const HIST = 16;
const BINS = 64;
export const ACCUMULATOR_SIZE = HIST + BINS;

const fround = Math.fround;

export function accumulatorClear(acc: Float64Array): void {
  acc.fill(0);
}

/** Adds ring samples `[j0, j1)` (no wrap) to the accumulator. */
export function accumulateSamples(acc: Float64Array, cur: Float32Array, vol: Float32Array, bits: Uint8Array, j0: number, j1: number): void {
  let j = j0;
  if (acc[STARTED] === 0) {
    while (j < j1 && cur[j] - cur[j] !== 0) j++;
    if (j === j1) return;
    acc[STARTED] = 1;
    // The current's extremes start at the first value (it is finite); the voltage and power
    // ones at ±Infinity, so that a NaN there is skipped.
    acc[C] = acc[LO] = acc[HI] = cur[j];
    acc[C + 1] = vol[j];
    acc[C + 2] = fround(cur[j] * vol[j]);
    acc[LO + 1] = acc[LO + 2] = Infinity;
    acc[HI + 1] = acc[HI + 2] = -Infinity;
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
  for (; j < j1; j++) {
    const i = cur[j];
    if (i - i !== 0) continue;
    const v = vol[j];
    const p = fround(i * v);
    const di = i - ci;
    si += di;
    qi += di * di;
    if (i < loI) loI = i;
    else if (i > hiI) hiI = i;
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
    acc[HIST + (bits[j] & 63)]++;
  }
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
}

function setField(dst: Float64Array, o: number, mean: number, m2: number, min: number, max: number): void {
  dst[o] = mean;
  dst[o + 1] = m2 < 0 ? 0 : m2; // NaN (a NaN voltage) stays NaN
  dst[o + 2] = min;
  dst[o + 3] = max;
}

/** Writes the accumulated statistics as a record at `dst[d]` (empty when nothing counted). */
export function accumulatorToRecord(acc: Float64Array, dst: Float64Array, d: number): void {
  let k = 0;
  let rs = 0;
  let rq = 0;
  let mask = 0;
  let li = 0;
  let lv = 0;
  for (let b = 0; b < BINS; b++) {
    const n = acc[HIST + b];
    if (n === 0) continue;
    const r = b & 15;
    k += n;
    rs += n * r;
    rq += n * r * r;
    mask |= 1 << r;
    if (b & 16) li += n;
    if (b & 32) lv += n;
  }
  if (k === 0) {
    dst.fill(0, d, d + STATS_RECORD_LENGTH);
    return;
  }
  dst[d] = k;
  for (let f = 0; f < 3; f++) {
    const s1 = acc[S1 + f];
    const lo = acc[LO + f];
    const hi = acc[HI + f];
    // No value seen (all NaN): NaN extremes.
    const none = lo > hi;
    setField(dst, d + 1 + 4 * f, acc[C + f] + s1 / k, acc[S2 + f] - (s1 * s1) / k, none ? NaN : lo, none ? NaN : hi);
  }
  setField(dst, d + 13, rs / k, rq - (rs * rs) / k, 31 - Math.clz32(mask & -mask), 31 - Math.clz32(mask));
  setField(dst, d + 17, li / k, li - (li * li) / k, li === k ? 1 : 0, li > 0 ? 1 : 0);
  setField(dst, d + 21, lv / k, lv - (lv * lv) / k, lv === k ? 1 : 0, lv > 0 ? 1 : 0);
}
