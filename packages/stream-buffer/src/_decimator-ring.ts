/**
 * The ring of downsampled samples and the statistics kernel that reads it
 * (docs/downsampling.md, "Output ring"). 15 bytes per output sample in one allocation:
 * current, voltage and power as float32, then the averaged bit fields as bytes
 * (current range × 16, current LSB × 255, voltage LSB × 255, floored).
 */
import { STATS_RECORD_LENGTH } from '@joulescope/stats';
import type { StatsArray } from '@joulescope/stats';

/** Bytes per output sample. */
export const RING_BYTES_PER_SAMPLE = 3 * 4 + 3;

/** Scale from a stored byte to the statistics value, per bit field. */
const RANGE_SCALE = 16;
const LSB_SCALE = 255;

export class DecimatorRing {
  readonly length: number;
  readonly current: Float32Array;
  readonly voltage: Float32Array;
  readonly power: Float32Array;
  /** floor(mean current range × 16). */
  readonly currentRange: Uint8Array;
  /** floor(mean current LSB × 255). */
  readonly currentLsb: Uint8Array;
  /** floor(mean voltage LSB × 255). */
  readonly voltageLsb: Uint8Array;
  readonly byteLength: number;

  constructor(length: number) {
    const buffer = new ArrayBuffer(length * RING_BYTES_PER_SAMPLE);
    this.length = length;
    this.byteLength = buffer.byteLength;
    this.current = new Float32Array(buffer, 0, length);
    this.voltage = new Float32Array(buffer, 4 * length, length);
    this.power = new Float32Array(buffer, 8 * length, length);
    this.currentRange = new Uint8Array(buffer, 12 * length, length);
    this.currentLsb = new Uint8Array(buffer, 13 * length, length);
    this.voltageLsb = new Uint8Array(buffer, 14 * length, length);
  }
}

// Accumulator slots: count, then per field (current, voltage, power, range, current LSB,
// voltage LSB) the shift, Σ(x − shift), Σ(x − shift)², min, max.
const COUNT = 0;
const SHIFT = 1;
const S1 = 7;
const S2 = 13;
const LO = 19;
const HI = 25;
/** Float64 slots of one statistics accumulator. */
export const ACCUMULATOR_SIZE = 31;

/** Empties an accumulator. */
export function accumulatorClear(acc: Float64Array): void {
  acc.fill(0);
  acc.fill(Infinity, LO, LO + 6);
  acc.fill(-Infinity, HI, HI + 6);
}

/**
 * Adds ring slots `[j0, j1)` (no wrap) to the accumulator. Only samples with a finite
 * current count, for all six fields; min and max skip NaN. Sums are shifted by the first
 * counted sample (bounded cancellation, no division per sample).
 */
export function accumulate(acc: Float64Array, ring: DecimatorRing, j0: number, j1: number): void {
  const cur = ring.current;
  const vol = ring.voltage;
  const pow = ring.power;
  const rng = ring.currentRange;
  const il = ring.currentLsb;
  const vl = ring.voltageLsb;
  let j = j0;
  if (acc[COUNT] === 0) {
    while (j < j1 && cur[j] - cur[j] !== 0) j++;
    if (j === j1) return;
    acc[SHIFT] = cur[j];
    acc[SHIFT + 1] = vol[j];
    acc[SHIFT + 2] = pow[j];
    acc[SHIFT + 3] = rng[j];
    acc[SHIFT + 4] = il[j];
    acc[SHIFT + 5] = vl[j];
  }
  const ci = acc[SHIFT];
  const cv = acc[SHIFT + 1];
  const cp = acc[SHIFT + 2];
  const cr = acc[SHIFT + 3];
  const cil = acc[SHIFT + 4];
  const cvl = acc[SHIFT + 5];
  let k = acc[COUNT];
  let si = acc[S1];
  let sv = acc[S1 + 1];
  let sp = acc[S1 + 2];
  let sr = acc[S1 + 3];
  let sil = acc[S1 + 4];
  let svl = acc[S1 + 5];
  let qi = acc[S2];
  let qv = acc[S2 + 1];
  let qp = acc[S2 + 2];
  let qr = acc[S2 + 3];
  let qil = acc[S2 + 4];
  let qvl = acc[S2 + 5];
  let loI = acc[LO];
  let loV = acc[LO + 1];
  let loP = acc[LO + 2];
  let loR = acc[LO + 3];
  let loIl = acc[LO + 4];
  let loVl = acc[LO + 5];
  let hiI = acc[HI];
  let hiV = acc[HI + 1];
  let hiP = acc[HI + 2];
  let hiR = acc[HI + 3];
  let hiIl = acc[HI + 4];
  let hiVl = acc[HI + 5];
  for (; j < j1; j++) {
    const i = cur[j];
    if (i - i !== 0) continue;
    k++;
    const di = i - ci;
    si += di;
    qi += di * di;
    if (i < loI) loI = i;
    if (i > hiI) hiI = i;
    const v = vol[j];
    const dv = v - cv;
    sv += dv;
    qv += dv * dv;
    if (v < loV) loV = v;
    if (v > hiV) hiV = v;
    const p = pow[j];
    const dp = p - cp;
    sp += dp;
    qp += dp * dp;
    if (p < loP) loP = p;
    if (p > hiP) hiP = p;
    const r = rng[j];
    const dr = r - cr;
    sr += dr;
    qr += dr * dr;
    if (r < loR) loR = r;
    if (r > hiR) hiR = r;
    const a = il[j];
    const da = a - cil;
    sil += da;
    qil += da * da;
    if (a < loIl) loIl = a;
    if (a > hiIl) hiIl = a;
    const b = vl[j];
    const db = b - cvl;
    svl += db;
    qvl += db * db;
    if (b < loVl) loVl = b;
    if (b > hiVl) hiVl = b;
  }
  acc[COUNT] = k;
  acc[S1] = si;
  acc[S1 + 1] = sv;
  acc[S1 + 2] = sp;
  acc[S1 + 3] = sr;
  acc[S1 + 4] = sil;
  acc[S1 + 5] = svl;
  acc[S2] = qi;
  acc[S2 + 1] = qv;
  acc[S2 + 2] = qp;
  acc[S2 + 3] = qr;
  acc[S2 + 4] = qil;
  acc[S2 + 5] = qvl;
  acc[LO] = loI;
  acc[LO + 1] = loV;
  acc[LO + 2] = loP;
  acc[LO + 3] = loR;
  acc[LO + 4] = loIl;
  acc[LO + 5] = loVl;
  acc[HI] = hiI;
  acc[HI + 1] = hiV;
  acc[HI + 2] = hiP;
  acc[HI + 3] = hiR;
  acc[HI + 4] = hiIl;
  acc[HI + 5] = hiVl;
}

/**
 * Writes the accumulated statistics as a flat statistics record (`STATS_RECORD_LENGTH` slots:
 * count, then mean, M2, min, max per field) at `dst[d]`, the bit fields scaled to their means
 * (range / 16, LSBs / 255). Nothing counted gives the empty record.
 */
export function accumulatorToRecord(acc: Float64Array, dst: Float64Array, d: number): void {
  const k = acc[COUNT];
  if (k === 0) {
    dst.fill(0, d, d + STATS_RECORD_LENGTH);
    return;
  }
  dst[d] = k;
  for (let f = 0; f < 6; f++) {
    const scale = f < 3 ? 1 : f === 3 ? RANGE_SCALE : LSB_SCALE;
    const s1 = acc[S1 + f];
    const m2 = acc[S2 + f] - (s1 * s1) / k;
    const lo = acc[LO + f];
    const hi = acc[HI + f];
    const o = d + 1 + 4 * f;
    dst[o] = (acc[SHIFT + f] + s1 / k) / scale;
    // A NaN among the counted values (a voltage whose current is finite) stays NaN.
    dst[o + 1] = m2 < 0 ? 0 : m2 / (scale * scale);
    dst[o + 2] = lo <= hi ? lo / scale : NaN;
    dst[o + 3] = lo <= hi ? hi / scale : NaN;
  }
}

/** One output sample as row `row`: count 1, variance 0, min = max = value; NaN → the empty record. */
export function sampleToRow(ring: DecimatorRing, slot: number, out: StatsArray, row: number): void {
  const base = row * 6;
  single(out, base, ring.current[slot]);
  single(out, base + 1, ring.voltage[slot]);
  single(out, base + 2, ring.power[slot]);
  single(out, base + 3, ring.currentRange[slot] / RANGE_SCALE);
  single(out, base + 4, ring.currentLsb[slot] / LSB_SCALE);
  single(out, base + 5, ring.voltageLsb[slot] / LSB_SCALE);
}

function single(out: StatsArray, i: number, x: number): void {
  const empty = Number.isNaN(x);
  out.count[i] = empty ? 0 : 1;
  out.mean[i] = x;
  out.variance[i] = empty ? NaN : 0;
  out.min[i] = x;
  out.max[i] = x;
}
