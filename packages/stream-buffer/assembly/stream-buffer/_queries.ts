// Queries (docs/stream-buffer.md, "Queries"): statistics of any held range from whole pyramid
// entries where they tile it and the output samples at its ragged edges, and the output
// samples themselves (calibration on read). Output samples come from their raw word, its
// voltage range and the calibration in force at its id, unless an override run holds them.
import { accAdd, accClear, accRun, accToRecord } from './_accumulator';
import { bitsOf, calEnd, calEntryAt, calTableOf, calibrateVoltage, currentGain, currentOffset, voltageGain, voltageOffset } from './_calibration';
import {
  RECORD_BYTES,
  ROWS,
  entriesOf,
  idDiv,
  idMod,
  levelCount,
  levelOf,
  physicalLength,
  queryAccPtr,
  rawPtr,
  recordAPtr,
  recordBPtr,
  ringLength,
  rowsPtr,
  scratchBitsPtr,
  scratchCurrentPtr,
  scratchPowerPtr,
  scratchVoltagePtr,
  slotOf,
  planAPtr,
  planBPtr,
  voltageBitsPtr,
  stepOf,
} from './_memory';
import { recordReduceSpans, recordToRow, singleToRow } from './_records';
import { RUN_CONST, RUN_FILLER, RUN_INTERP, RUN_NAN, runA, runAt, runB, runCount, runFind, runKind, runStart, runsSize } from './_runs';
import { voltageRangeAt, voltageRangeRun } from './_voltage-range';

/** Words from `p` (at most n) of current range `r`, none missing. */
function rangeLength(p: usize, n: i64, r: i32): i64 {
  const pattern = (r & 3) | ((r & 4) << 14);
  const pat = i32x4.splat(pattern);
  const mask = i32x4.splat(0x10003);
  const missing = i32x4.splat(-1);
  let k: i64 = 0;
  const n4 = n & ~3;
  while (k < n4) {
    const w = v128.load(p + (<usize>k << 2));
    const ok = v128.andnot(i32x4.eq(v128.and(w, mask), pat), i32x4.eq(w, missing));
    const bm = i32x4.bitmask(ok);
    if (bm != 15) return k + <i64>ctz(~bm);
    k += 4;
  }
  while (k < n) {
    const w = load<u32>(p + (<usize>k << 2));
    if ((w & 0x10003) != <u32>pattern || w == 0xffffffff) break;
    k++;
  }
  return k;
}

/** Missing words (0xFFFFFFFF) from `p`, at most n. */
function missingLength(p: usize, n: i64): i64 {
  let k: i64 = 0;
  while (k < n && load<u32>(p + (<usize>k << 2)) == 0xffffffff) k++;
  return k;
}

@inline function rangeOf(w: u32): i32 {
  return <i32>((w & 3) | ((w >>> 14) & 4));
}

/** The voltage of id's raw word as calibrated at ingest (NaN for a missing sample). */
@inline function originalVoltage(id: i64, table: usize): f32 {
  const slot = slotOf(id);
  const w = load<u32>(rawPtr + (<usize>slot << 2));
  if (w == 0xffffffff) return NaN;
  return calibrateVoltage(w, table, voltageRangeAt(slot));
}

@inline function rawBits(id: i64): u32 {
  return bitsOf(load<u32>(rawPtr + (<usize>slotOf(id) << 2)));
}

/** The current that run `r` gives id `id` (INTERP and CONST runs). */
function runCurrent(r: usize, id: i64): f32 {
  if (runKind(r) == RUN_CONST) return runA(r);
  let x = runA(r);
  const b = runB(r);
  for (let k = runStart(r); k <= id; k++) x = x + b;
  return x;
}

/**
 * Adds the output samples of ids [a, b) to the accumulator `acc`, in id order: override runs
 * sample by sample, the rest in plain runs (one calibration, one voltage range, no ring wrap)
 * split by current range for `accRun`. `derive` walks the same way.
 */
export function accumulateIds(acc: usize, a: i64, b: i64): void {
  let id = a;
  let run = runFind(id);
  let e = calEntryAt(id);
  while (id < b) {
    while (calEnd(e) <= id) e++;
    const table = calTableOf(e);
    let end = min<i64>(b, calEnd(e));
    if (run < runsSize()) {
      const r = runAt(run);
      const rs = runStart(r);
      if (rs <= id) {
        const re = rs + runCount(r);
        const m = min<i64>(end, re);
        const kind = runKind(r);
        if (kind == RUN_INTERP) {
          let x = runCurrent(r, id - 1);
          const step = runB(r);
          for (let k = id; k < m; k++) {
            x = x + step;
            accAdd(acc, x, originalVoltage(k, table), rawBits(k));
          }
        } else if (kind == RUN_CONST) {
          const x = runA(r);
          for (let k = id; k < m; k++) accAdd(acc, x, originalVoltage(k, table), rawBits(k));
        } // NaN runs: no finite current, nothing counted
        id = m;
        if (m == re) run++;
        continue;
      }
      end = min<i64>(end, rs);
    }
    const slot = slotOf(id);
    end = min<i64>(end, id + (physicalLength - slot));
    const vr = voltageRangeAt(slot);
    const n = voltageRangeRun(slot, end - id, vr);
    const p = rawPtr + (<usize>slot << 2);
    let k: i64 = 0;
    while (k < n) {
      const q = p + (<usize>k << 2);
      const w = load<u32>(q);
      if (w == 0xffffffff) {
        k += missingLength(q, n - k);
        continue;
      }
      const r = rangeOf(w);
      const m = rangeLength(q, n - k, r);
      accRun(acc, q, <i32>m, table, r, vr);
      k += m;
    }
    id += n;
  }
}

@inline function putSample(o: usize, i: f32, v: f32, b: u32, power: bool, bits: bool): void {
  store<f32>(scratchCurrentPtr + (o << 2), i);
  store<f32>(scratchVoltagePtr + (o << 2), v);
  if (power) store<f32>(scratchPowerPtr + (o << 2), i * v);
  if (bits) store<u8>(scratchBitsPtr + o, <u8>b);
}

/** One raw word calibrated into the scratch at `o` (its own range; NaN and 0x38 when missing). */
@inline function deriveWord(w: u32, table: usize, vr: i32, o: usize, power: bool, bits: bool): void {
  if (w == 0xffffffff) {
    putSample(o, NaN, NaN, 0x38, power, bits);
    return;
  }
  const r = rangeOf(w);
  const i = (<f32>((w >>> 2) & 0x3fff) + currentOffset(table, r)) * currentGain(table, r);
  const v = (<f32>(w >>> 18) + voltageOffset(table, vr)) * voltageGain(table, vr);
  putSample(o, i, v, <u32>r | ((w & 4) << 2) | ((w >>> 13) & 0x20), power, bits);
}

/**
 * Calibrates the `n` raw words from `p` (one calibration, one voltage range) into the scratch
 * from `o`: four words at a time while they share a current range, word by word where they
 * do not (a range switch, a missing sample), in one pass.
 */
@inline function derivePlain(p: usize, n: i64, table: usize, vr: i32, o: usize, power: bool, bits: bool): void {
  const offV4 = f32x4.splat(voltageOffset(table, vr));
  const gainV4 = f32x4.splat(voltageGain(table, vr));
  const mask = i32x4.splat(0x10003);
  const missing = i32x4.splat(-1);
  const code = i32x4.splat(0x3fff);
  // The scratch pointers in locals: the engine reloads globals on every use.
  const oi = scratchCurrentPtr + (o << 2);
  const ov = scratchVoltagePtr + (o << 2);
  const op = scratchPowerPtr + (o << 2);
  const ob = scratchBitsPtr + o;
  const n4 = n & ~3;
  let r = 0;
  let pat = i32x4.splat(0);
  let offI4 = f32x4.splat(currentOffset(table, 0));
  let gainI4 = f32x4.splat(currentGain(table, 0));
  let k: i64 = 0;
  while (k < n4) {
    const q = p + (<usize>k << 2);
    const w = v128.load(q);
    const same = v128.andnot(i32x4.eq(v128.and(w, mask), pat), i32x4.eq(w, missing));
    const at = <usize>k << 2;
    if (i32x4.bitmask(same) == 15) {
      const i = f32x4.mul(f32x4.add(f32x4.convert_i32x4_s(v128.and(i32x4.shr_u(w, 2), code)), offI4), gainI4);
      const v = f32x4.mul(f32x4.add(f32x4.convert_i32x4_s(i32x4.shr_u(w, 18)), offV4), gainV4);
      v128.store(oi + at, i);
      v128.store(ov + at, v);
      if (power) v128.store(op + at, f32x4.mul(i, v));
      if (bits) {
        for (let j: usize = 0; j < 4; j++) {
          const x = load<u32>(q + (j << 2));
          store<u8>(ob + <usize>k + j, <u8>(<u32>r | ((x & 4) << 2) | ((x >>> 13) & 0x20)));
        }
      }
    } else {
      // A switch or a missing sample: these four one by one, then the range of the last.
      let last: u32 = 0xffffffff;
      for (let j: usize = 0; j < 4; j++) {
        const x = load<u32>(q + (j << 2));
        deriveWord(x, table, vr, o + <usize>k + j, power, bits);
        if (x != 0xffffffff) last = x;
      }
      if (last != 0xffffffff) {
        r = rangeOf(last);
        pat = i32x4.splat((r & 3) | ((r & 4) << 14));
        offI4 = f32x4.splat(currentOffset(table, r));
        gainI4 = f32x4.splat(currentGain(table, r));
      }
    }
    k += 4;
  }
  for (; k < n; k++) deriveWord(load<u32>(p + (<usize>k << 2)), table, vr, o + <usize>k, power, bits);
}


/**
 * The output samples of ids [a, a + n) (n ≤ CHUNK, held) into the scratch arrays: current
 * and voltage always, power and bits when asked.
 */
export function derive(a: f64, count: i32, power: bool, bits: bool): void {
  // Current and voltage alone (samplesGet's usual request) get a copy of the loop without the
  // power and bits stores.
  if (!power && !bits) deriveWith(a, count, false, false);
  else deriveWith(a, count, power, bits);
}

@inline function deriveWith(a: f64, count: i32, power: bool, bits: bool): void {
  const b = <i64>a + <i64>count;
  let id = <i64>a;
  let run = runFind(id);
  let e = calEntryAt(id);
  while (id < b) {
    while (calEnd(e) <= id) e++;
    const table = calTableOf(e);
    let end = min<i64>(b, calEnd(e));
    const o = <usize>(id - <i64>a);
    if (run < runsSize()) {
      const r = runAt(run);
      const rs = runStart(r);
      if (rs <= id) {
        const re = rs + runCount(r);
        const m = min<i64>(end, re);
        const kind = runKind(r);
        if (kind == RUN_INTERP) {
          let x = runCurrent(r, id - 1);
          const step = runB(r);
          for (let k = id; k < m; k++) {
            x = x + step;
            putSample(<usize>(k - <i64>a), x, originalVoltage(k, table), rawBits(k), power, bits);
          }
        } else if (kind == RUN_CONST) {
          const x = runA(r);
          for (let k = id; k < m; k++) putSample(<usize>(k - <i64>a), x, originalVoltage(k, table), rawBits(k), power, bits);
        } else {
          for (let k = id; k < m; k++) {
            const bb = kind == RUN_NAN ? rawBits(k) : kind == RUN_FILLER ? 0xff : 0x38;
            putSample(<usize>(k - <i64>a), NaN, NaN, bb, power, bits);
          }
        }
        id = m;
        if (m == re) run++;
        continue;
      }
      end = min<i64>(end, rs);
    }
    const slot = slotOf(id);
    end = min<i64>(end, id + (physicalLength - slot));
    const vr = voltageRangeAt(slot);
    const n = voltageRangeRun(slot, end - id, vr);
    derivePlain(rawPtr + (<usize>slot << 2), n, table, vr, o, power, bits);
    id += n;
  }
}

// A range query's plan (`planRange`): the level entries that tile it, as spans of records,
// and its ragged edges [head0, head1) and [tail0, tail1) (empty when equal). Two plans, so
// that `rows` can plan and touch the next row while it reduces this one.
const PLAN_HEAD0: usize = 0;
const PLAN_HEAD1: usize = 8;
const PLAN_TAIL0: usize = 16;
const PLAN_TAIL1: usize = 24;
const PLAN_SPAN_COUNT: usize = 32;
const PLAN_SPANS: usize = 40;

@inline function planSpans(plan: usize): usize {
  return plan + PLAN_SPANS;
}

@inline function addSpan(plan: usize, records: usize, n: i64): void {
  const i = load<i32>(plan + PLAN_SPAN_COUNT);
  const at = planSpans(plan) + (<usize>i << 3);
  store<u32>(at, <u32>n);
  store<u32>(at, <u32>records, 4);
  store<i32>(plan + PLAN_SPAN_COUNT, i + 1);
}

/** Adds `count` entries of level `n` from the one holding sample `first` (two spans across the ring's end). */
function levelSpans(plan: usize, n: i32, first: i64, count: i64): void {
  const data = levelOf(n);
  const entries = <i64>entriesOf(n);
  const slot = idDiv(idMod(first, ringLength), stepOf(n));
  const a = min<i64>(count, entries - slot);
  addSpan(plan, data + <usize>slot * RECORD_BYTES, a);
  if (a < count) addSpan(plan, data, count - a);
}

@inline function ceilTo(x: i64, R: i64): i64 {
  return idDiv(x + R - 1, R) * R;
}

/**
 * Plans the held ids [xs, xe): the coarsest level entries that tile the range first, then
 * finer ones toward each edge; what no entry covers is left as the edges.
 */
function planRange(plan: usize, xs: i64, xe: i64): void {
  store<i32>(plan + PLAN_SPAN_COUNT, 0);
  const h1 = xs;
  let h2 = xe;
  let head = xs < xe;
  let t1: i64 = 0;
  let t2: i64 = 0;
  let tail = false;
  for (let n = levelCount - 1; n >= 0 && (head || tail); n--) {
    const R = stepOf(n);
    if (R > xe - xs) continue; // no entry of this level fits
    if (head) {
      const k1 = ceilTo(h1, R);
      const k2 = idDiv(h2, R) * R;
      if (k1 < k2) {
        levelSpans(plan, n, k1, idDiv(k2 - k1, R));
        const r2 = h2;
        if (h1 == k1) head = false;
        else h2 = k1;
        if (!tail && k2 < r2) {
          tail = true;
          t1 = k2;
          t2 = r2;
        }
      }
    }
    if (tail) {
      const k1 = ceilTo(t1, R);
      const k2 = idDiv(t2, R) * R;
      if (k1 < k2) {
        levelSpans(plan, n, k1, idDiv(k2 - k1, R));
        if (t2 == k2) tail = false;
        else t1 = k2;
      }
    }
  }
  store<i64>(plan + PLAN_HEAD0, h1);
  store<i64>(plan + PLAN_HEAD1, head ? h2 : h1);
  store<i64>(plan + PLAN_TAIL0, t1);
  store<i64>(plan + PLAN_TAIL1, tail ? t2 : t1);
}

/**
 * The statistics of a planned range into `dst`: the edge samples in one accumulation, then
 * all entries and the edges' record reduced in one pass (a row's dozen entries cost one
 * setup, not one per level).
 */
function reducePlan(plan: usize, dst: usize): void {
  const h1 = load<i64>(plan + PLAN_HEAD0);
  const h2 = load<i64>(plan + PLAN_HEAD1);
  const t1 = load<i64>(plan + PLAN_TAIL0);
  const t2 = load<i64>(plan + PLAN_TAIL1);
  if (h1 < h2 || t1 < t2) {
    accClear(queryAccPtr);
    if (h1 < h2) accumulateIds(queryAccPtr, h1, h2);
    if (t1 < t2) accumulateIds(queryAccPtr, t1, t2);
    accToRecord(queryAccPtr, recordBPtr);
    addSpan(plan, recordBPtr, 1);
  }
  recordReduceSpans(dst, planSpans(plan), load<i32>(plan + PLAN_SPAN_COUNT));
}

/** Keeps the touches of `touchPlan` from being optimised away. */
let touched: u32 = 0;

/** Raw words of the edge [a, b): one load per cache line, its voltage-range word too. */
@inline function touchEdge(a: i64, b: i64): u32 {
  if (a >= b) return 0;
  const slot = slotOf(a);
  const end = min<i64>(slot + (b - a), physicalLength);
  let t = load<u32>(voltageBitsPtr + (<usize>(<u32>slot >>> 5) << 2));
  for (let s = slot; s < end; s += 16) t ^= load<u32>(rawPtr + (<usize>s << 2));
  return t ^ load<u32>(rawPtr + (<usize>(end - 1) << 2));
}

/**
 * Loads one word of every cache line a planned range will read (its entries, its edges'
 * raw words), so that the lines are on their way while the row before is computed: rows
 * read memory all over the ring, and waiting for it costs as much as their arithmetic.
 */
function touchPlan(plan: usize): void {
  let t: u32 = 0;
  const spans = planSpans(plan);
  const count = load<i32>(plan + PLAN_SPAN_COUNT);
  for (let i = 0; i < count; i++) {
    const at = spans + (<usize>i << 3);
    const e0 = <usize>load<u32>(at, 4);
    const end = e0 + <usize>load<u32>(at) * RECORD_BYTES;
    for (let e = e0; e < end; e += 64) t ^= load<u32>(e);
    t ^= load<u32>(end - 4);
  }
  t ^= touchEdge(load<i64>(plan + PLAN_HEAD0), load<i64>(plan + PLAN_HEAD1));
  t ^= touchEdge(load<i64>(plan + PLAN_TAIL0), load<i64>(plan + PLAN_TAIL1));
  touched ^= t;
}

/** Statistics of the held ids [xs, xe) into `dst`. */
export function rangeStats(xs: i64, xe: i64, dst: usize): void {
  planRange(planAPtr, xs, xe);
  reducePlan(planAPtr, dst);
}

/** statisticsGet: the record of [xs, xe) at `recordA`. */
export function statistics(xs: f64, xe: f64): usize {
  rangeStats(<i64>xs, <i64>xe, recordAPtr);
  return recordAPtr;
}

/**
 * dataGet rows: `count` (≤ ROWS) rows of `inc` samples from `start`, each constrained to
 * [lo, hi), into the row columns. `edges`: samples only (an increment below the first
 * reduction), else entries and edges.
 */
export function rows(start: f64, inc: f64, count: i32, lo: f64, hi: f64, edges: bool): void {
  const s0 = <i64>start;
  const step = <i64>inc;
  const l = <i64>lo;
  const u = <i64>hi;
  let plan = planAPtr;
  let next = planBPtr;
  if (!edges && count > 0) planRange(plan, rowStart(s0, l), rowEnd(s0, step, l, u));
  for (let r = 0; r < count; r++) {
    const s = s0 + <i64>r * step;
    if (edges) {
      accClear(queryAccPtr);
      accumulateIds(queryAccPtr, rowStart(s, l), rowEnd(s, step, l, u));
      accToRecord(queryAccPtr, recordAPtr);
    } else {
      // This row was planned (and touched) one iteration ago.
      if (r + 1 < count) {
        planRange(next, rowStart(s + step, l), rowEnd(s + step, step, l, u));
        touchPlan(next);
      }
      reducePlan(plan, recordAPtr);
      const p = plan;
      plan = next;
      next = p;
    }
    recordToRow(recordAPtr, rowsPtr, ROWS, r);
  }
}

@inline function rowStart(s: i64, lo: i64): i64 {
  return max<i64>(0, max<i64>(s, lo));
}

@inline function rowEnd(s: i64, step: i64, lo: i64, hi: i64): i64 {
  return max<i64>(rowStart(s, lo), min<i64>(s + step, hi));
}

/** dataGet with increment 1: one row per sample of ids [a, a + count) (count ≤ ROWS). */
export function sampleRows(a: f64, count: i32): void {
  derive(a, count, true, true);
  for (let r = 0; r < count; r++) {
    const o = <usize>r;
    const b = <u32>load<u8>(scratchBitsPtr + o);
    const range = b & 15;
    const i = <f64>load<f32>(scratchCurrentPtr + (o << 2));
    const v = <f64>load<f32>(scratchVoltagePtr + (o << 2));
    const p = <f64>load<f32>(scratchPowerPtr + (o << 2));
    const missing = range >= 8; // a missing sample or an overflow filler: every field empty
    singleToRow(rowsPtr, ROWS, r, 0, missing ? NaN : i);
    singleToRow(rowsPtr, ROWS, r, 1, missing ? NaN : v);
    singleToRow(rowsPtr, ROWS, r, 2, missing ? NaN : p);
    singleToRow(rowsPtr, ROWS, r, 3, missing ? NaN : <f64>range);
    singleToRow(rowsPtr, ROWS, r, 4, missing ? NaN : <f64>((b >> 4) & 1));
    singleToRow(rowsPtr, ROWS, r, 5, missing ? NaN : <f64>((b >> 5) & 1));
  }
}
