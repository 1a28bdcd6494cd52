// Ingest (docs/stream-buffer.md, "process()"): every inserted raw word through the sample
// counters and the glitch filter, the outputs into the level-0 statistics and the pyramid.
// The filter is the reference's state machine (the codec's RawProcessor, step for step); the
// common case (same range, no window open, toggle alternating, not missing) is a SIMD scan
// plus one SIMD statistics pass over the raw words, and writes nothing per sample: outputs
// equal to their calibrated raw word are derived again on read, the others go to the
// override log.
import { accAdd, accClear, accRun, accToRecord } from './_accumulator';
import { calCount, calTableOf, calibrateCurrent, calibrateVoltage } from './_calibration';
import {
  MAX_LEVELS,
  RECORD_BYTES,
  blockAccPtr,
  countersPtr,
  entriesOf,
  factorOf,
  gatherPtr,
  histBitsPtr,
  histIPtr,
  histVPtr,
  idDiv,
  idMod,
  levelCount,
  levelOf,
  matrixPtr,
  physicalLength,
  rawPtr,
  ringLength,
  slotOf,
  stagePtr,
  stepOf,
} from './_memory';
import { recordClear, recordReduce } from './_records';
import { RUN_CONST, RUN_FILLER, RUN_INTERP, RUN_LOST, RUN_NAN, runAppend, runsClear, runsReserve, runsTrim } from './_runs';
import { voltageRangeAt, voltageRangeRun } from './_voltage-range';

/** Called once per entry of the last level (when enabled) with the record and its end id. */
@external("env", "onEntry")
declare function onEntry(record: usize, endId: f64): void;

/** Raw words processed per pass (bounds the override runs one pass can add). */
const PASS: i64 = 8192;
/** Samples before a jump marked lost after an overrun (the filter's reach). */
const LOST_SLACK: i64 = 64;

export const FILTER_OFF: i32 = 0;
export const FILTER_NAN: i32 = 1;
export const FILTER_INTERP: i32 = 2;
export const FILTER_MEAN: i32 = 3;

// Ids.
export let preprocessed: i64 = 0;
export let processed: i64 = 0;
let blockRemaining: i64 = 0;
/** Voltage range of the last samples processed. */
export let processVoltageRange: i32 = 0;
let callbackOn: bool = false;

// Filter configuration.
let fType: i32 = FILTER_INTERP;
let fPre: i32 = 1;
let fWindow: i32 = 0;
let fPost: i32 = 1;
let fMatrix: bool = true;

// Filter state.
let idxOut: i32 = 0;
let idxSuppressStart: i32 = 0;
let rangeLast: i32 = 7;
let remaining: i32 = 0;
let counter: i32 = 0;
let calIPre: f32 = NaN;

// Sample counters.
export let missingCount: i64 = 0;
export let skipCount: i64 = 0;
export let syncCount: i64 = 0;
export let contiguousCount: i64 = 0;
let isSkipping: i32 = 1;
let toggleLast: i32 = 0;
let toggleMask: i32 = 0;

// The next mode, while a window opened under the current one is still open.
let nextType: i32 = 0;
let nextPre: i32 = 0;
let nextWindow: i32 = 0;
let nextPost: i32 = 0;
let nextMatrix: bool = false;
let nextPending: bool = false;

/**
 * Sets the filter mode (its matrix, if any, at `matrixPtr + 96`). A window open now finishes
 * under the mode that opened it, so that output stays one sample per input sample; the new
 * mode takes over after it.
 */
export function setFilter(type: i32, pre: i32, window: i32, post: i32, matrix: bool): void {
  nextType = type;
  nextPre = pre;
  nextWindow = window;
  nextPost = post;
  nextMatrix = matrix;
  nextPending = true;
  if (counter == 0 && remaining == 0) applyFilter();
}

function applyFilter(): void {
  fType = nextType;
  fPre = nextPre;
  fWindow = nextWindow;
  fPost = nextPost;
  fMatrix = nextMatrix;
  if (nextMatrix) memory.copy(matrixPtr, matrixPtr + 96, 81);
  nextPending = false;
}

export function setCallbackEnabled(on: bool): void {
  callbackOn = on;
}

@inline function histI(h: i32): usize {
  return histIPtr + (<usize>(h & 63) << 2);
}
@inline function histV(h: i32): usize {
  return histVPtr + (<usize>(h & 63) << 2);
}
@inline function histBits(h: i32): usize {
  return histBitsPtr + <usize>(h & 63);
}

/** Forgets every sample: ids, counters, filter, level-0 block, level counters, overrides. */
export function ingestReset(): void {
  preprocessed = 0;
  processed = 0;
  blockRemaining = levelCount > 0 ? <i64>factorOf(0) : 0;
  for (let h = 0; h < 64; h++) {
    store<f32>(histI(h), NaN);
    store<f32>(histV(h), NaN);
    store<u8>(histBits(h), 0xff);
  }
  idxOut = 0;
  idxSuppressStart = 0;
  rangeLast = 7;
  remaining = 0;
  counter = 0;
  calIPre = NaN;
  missingCount = 0;
  skipCount = 0;
  syncCount = 0;
  contiguousCount = 0;
  isSkipping = 1;
  toggleLast = 0;
  toggleMask = 0;
  accClear(blockAccPtr);
  memory.fill(countersPtr, 0, <usize>MAX_LEVELS * 4);
  runsClear();
  if (nextPending) applyFilter();
}

/** Slot of the entry of level `n` that the sample before `processed` completed. */
@inline function levelSlot(n: i32): i32 {
  const s = <i32>idDiv(idMod(processed, ringLength), stepOf(n)) - 1;
  return s < 0 ? entriesOf(n) - 1 : s;
}

/** The level-0 block is full: store it, update the levels above, call back. */
function finishBlock(): void {
  accToRecord(blockAccPtr, levelOf(0) + <usize>levelSlot(0) * RECORD_BYTES);
  accClear(blockAccPtr);
  blockRemaining = <i64>factorOf(0);
  for (let n = 1; n < levelCount; n++) {
    const c = countersPtr + (<usize>n << 2);
    const count = load<i32>(c) + 1;
    const f = factorOf(n);
    if (count < f) {
      store<i32>(c, count);
      return;
    }
    store<i32>(c, 0);
    const target = levelSlot(n);
    recordReduce(levelOf(n) + <usize>target * RECORD_BYTES, levelOf(n - 1) + <usize>target * <usize>f * RECORD_BYTES, f);
  }
  if (callbackOn) {
    const last = levelCount - 1;
    onEntry(levelOf(last) + <usize>levelSlot(last) * RECORD_BYTES, <f64>processed);
  }
}

/** One output sample, the next processed id. */
@inline function emit(i: f32, v: f32, bits: u32): void {
  processed++;
  if (levelCount == 0) return;
  accAdd(blockAccPtr, i, v, bits);
  if (--blockRemaining == 0) finishBlock();
}

/** `m` outputs equal to the raw words at `words` (range `r`, no window). */
function emitWords(words: usize, m: i64, r: i32, vr: i32, table: usize): void {
  if (levelCount == 0) {
    processed += m;
    return;
  }
  let p = words;
  let left = m;
  while (left > 0) {
    const take = min<i64>(left, blockRemaining);
    accRun(blockAccPtr, p, <i32>take, table, r, vr);
    p += <usize>take << 2;
    left -= take;
    processed += take;
    blockRemaining -= take;
    if (blockRemaining == 0) finishBlock();
  }
}

/** How many words from `p` (at most n) follow the fast pattern (toggle alternating). */
function fastLength(p: usize, n: i64, pattern: u32): i64 {
  const pat = i32x4(<i32>pattern, <i32>(pattern ^ 0x20000), <i32>pattern, <i32>(pattern ^ 0x20000));
  const mask = i32x4.splat(0x30003);
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
  let pt = pattern;
  while (k < n) {
    const w = load<u32>(p + (<usize>k << 2));
    if ((w & 0x30003) != pt || w == 0xffffffff) break;
    pt ^= 0x20000;
    k++;
  }
  return k;
}

/** Emits the `counter` samples held by the window at its last sample (index `h`). */
function closeWindow(calI: f32, h: i32): void {
  const s = idxSuppressStart;
  const held = counter;
  if (fType == FILTER_INTERP) {
    let pre = calIPre;
    if (!isFinite<f32>(pre)) pre = calI;
    const step: f32 = held > 0 ? (calI - pre) / <f32>held : 0;
    runAppend(processed, <i64>(held - 1), RUN_INTERP, pre, step);
    for (let k = 0; k < held - 1; k++) {
      pre = pre + step;
      emit(pre, load<f32>(histV(s + k)), load<u8>(histBits(s + k)));
    }
    calIPre = pre;
  } else if (fType == FILTER_MEAN) {
    let n = fPre;
    let sum = calIPre;
    if (!isFinite<f32>(sum)) {
      n = 0;
      sum = 0;
    }
    for (let k = 0; k < fPost; k++) {
      sum = sum + load<f32>(histI(h - k));
      n++;
    }
    const mean: f32 = n > 0 ? sum / <f32>n : <f32>NaN;
    calIPre = mean;
    runAppend(processed, <i64>(held - fPost), RUN_CONST, mean, 0);
    for (let k = 0; k < held - fPost; k++) emit(mean, load<f32>(histV(s + k)), load<u8>(histBits(s + k)));
  } else {
    runAppend(processed, <i64>held, RUN_NAN, NaN, NaN);
    for (let k = 0; k < held; k++) emit(NaN, NaN, load<u8>(histBits(s + k)));
  }
  for (let k = 0; k < fPost; k++) {
    const e = h + 1 - fPost + k;
    emit(load<f32>(histI(e)), load<f32>(histV(e)), load<u8>(histBits(e)));
  }
  counter = 0;
}

/** The general path for one raw word: counters, calibration, the filter state machine. */
function step(w: u32, vr: i32, table: usize): void {
  let r: i32;
  let calI: f32;
  let calV: f32;
  let bits: u32;
  const isMissing = w == 0xffffffff;
  if (isMissing) {
    r = 8;
    calI = NaN;
    calV = NaN;
    bits = 0x38;
    missingCount++;
    contiguousCount = 0;
    if (isSkipping == 0) {
      skipCount++;
      isSkipping = 1;
    }
  } else {
    r = <i32>((w & 3) | ((w >>> 14) & 4));
    isSkipping = 0;
    contiguousCount++;
    calI = calibrateCurrent(w, table);
    calV = calibrateVoltage(w, table, vr);
    bits = <u32>r | ((w & 4) << 2) | ((w >>> 13) & 0x20);
  }
  const toggle = <i32>((w >>> 17) & 1);
  if (((toggle ^ toggleLast ^ 1) & toggleMask) != 0 && !isMissing) {
    skipCount++;
    isSkipping = 1;
    syncCount++;
  }
  toggleLast = toggle;
  toggleMask = 1;
  const h = idxOut;
  store<f32>(histI(h), calI);
  store<f32>(histV(h), calV);
  store<u8>(histBits(h), <u8>bits);
  if (r != rangeLast) {
    let width = 0;
    if (fType != FILTER_OFF) width = fMatrix ? <i32>load<u8>(matrixPtr + <usize>(r * 9 + rangeLast)) : fWindow;
    if (width > 0) {
      const armed = width + fPost;
      if (armed > remaining) remaining = armed;
      if (counter == 0) {
        idxSuppressStart = h;
        if (fType == FILTER_MEAN) {
          let sum: f32 = 0;
          for (let k = 0; k < fPre; k++) sum = sum + load<f32>(histI(h - fPre + k));
          calIPre = sum;
        } else {
          calIPre = load<f32>(histI(h - 1));
        }
      }
    }
  }
  if (remaining > 0) {
    counter++;
    if (counter >= 64) {
      // The oldest held sample left the history: it can only become NaN (emitted now, so
      // output stays 1:1 with input).
      runAppend(processed, 1, RUN_FILLER, NaN, NaN);
      emit(NaN, NaN, 0xff);
      counter = 63;
      idxSuppressStart = (idxSuppressStart + 1) & 63;
      calIPre = NaN;
    }
    if (remaining == 1) closeWindow(calI, h);
    remaining--;
    if (remaining == 0 && nextPending) applyFilter();
  } else {
    calIPre = calI;
    emit(calI, calV, bits);
    counter = 0;
  }
  idxOut = (h + 1) & 63;
  rangeLast = r;
}

/** Processes the `n` raw words from ring slot `slot` (no wrap, one voltage range). */
function processRun(slot: i64, n: i64, vr: i32, table: usize): void {
  const base = rawPtr + (<usize>slot << 2);
  let j: i64 = 0;
  while (j < n) {
    if (remaining == 0 && rangeLast < 8 && toggleMask != 0) {
      const r = rangeLast;
      const pattern = <u32>((r & 3) | ((r & 4) << 14) | ((toggleLast ^ 1) << 17));
      const p = base + (<usize>j << 2);
      const m = fastLength(p, n - j, pattern);
      if (m > 0) {
        emitWords(p, m, r, vr, table);
        contiguousCount += m;
        isSkipping = 0;
        const last = load<u32>(p + (<usize>(m - 1) << 2));
        toggleLast = <i32>((last >>> 17) & 1);
        counter = 0;
        calIPre = calibrateCurrent(last, table);
        // The history a later window reads (pre ≤ 8): the last samples of the run.
        const keep = <i32>min<i64>(m, 8);
        let h = <i32>((<i64>idxOut + m - keep) & 63);
        for (let k = m - keep; k < m; k++) {
          const w = load<u32>(p + (<usize>k << 2));
          store<f32>(histI(h), calibrateCurrent(w, table));
          store<f32>(histV(h), calibrateVoltage(w, table, vr));
          store<u8>(histBits(h), <u8>(<u32>r | ((w & 4) << 2) | ((w >>> 13) & 0x20)));
          h = (h + 1) & 63;
        }
        idxOut = h;
        j += m;
        preprocessed += m;
      }
      if (j >= n) break;
    }
    step(load<u32>(base + (<usize>j << 2)), vr, table);
    j++;
    preprocessed++;
  }
}

/**
 * Copies the samples of `count` staged packets (byte offsets at the gather list) into the raw
 * ring from id `device` on: 126 words each, wrapping at the ring end.
 */
export function gather(count: i32, device: f64): void {
  let slot = slotOf(<i64>device);
  for (let e = 0; e < count; e++) {
    const src = stagePtr + <usize>load<u32>(gatherPtr + (<usize>e << 2));
    const first = min<i64>(126, physicalLength - slot);
    memory.copy(rawPtr + (<usize>slot << 2), src, <usize>first << 2);
    if (first < 126) memory.copy(rawPtr, src + (<usize>first << 2), <usize>(126 - first) << 2);
    slot += 126;
    if (slot >= physicalLength) slot -= physicalLength;
  }
}

/** Oldest id whose raw word and output are still held, given `device` inserted. */
@inline export function oldestHeld(device: i64): i64 {
  return max<i64>(0, max<i64>(processed - ringLength, device - physicalLength));
}

/**
 * More was inserted than the ring holds: jump to the newest `ringLength` samples. Unlike the
 * reference, the samples the filter holds are dropped, the slots just before the jump are
 * marked lost, the level blocks stay aligned to ids and the contiguous count restarts.
 */
function overrun(device: i64): void {
  const jump = device - ringLength;
  preprocessed = jump;
  processed = jump;
  counter = 0;
  remaining = 0;
  calIPre = NaN;
  contiguousCount = 0;
  if (nextPending) applyFilter();
  const lost = max<i64>(0, jump - LOST_SLACK);
  runsTrim(lost);
  runAppend(lost, jump - lost, RUN_LOST, NaN, NaN);
  for (let n = 0; n < levelCount; n++) {
    const R = stepOf(n);
    const data = levelOf(n);
    for (let b = idDiv(lost, R); b <= idDiv(jump, R); b++) recordClear(data + <usize>idDiv(idMod(b * R, ringLength), R) * RECORD_BYTES);
    if (n > 0) store<i32>(countersPtr + (<usize>n << 2), <i32>idDiv(idMod(jump, R), stepOf(n - 1)));
  }
  if (levelCount > 0) {
    accClear(blockAccPtr);
    const f0 = <i64>factorOf(0);
    blockRemaining = f0 - idMod(jump, f0);
  }
}

/**
 * Processes everything inserted up to `device`. Returns 0, or -1 when the override log
 * could not grow (memory full; nothing of the pass was processed).
 */
export function ingest(device: f64): i32 {
  const dev = <i64>device;
  if (preprocessed + ringLength < dev) {
    if (!runsReserve(2, oldestHeld(dev))) return -1;
    overrun(dev);
  }
  const table = calTableOf(calCount - 1);
  while (preprocessed < dev) {
    if (!runsReserve(<i32>PASS + 2, oldestHeld(dev))) return -1;
    const slot = slotOf(preprocessed);
    let n = min<i64>(dev - preprocessed, min<i64>(physicalLength - slot, PASS));
    const vr = voltageRangeAt(slot);
    n = voltageRangeRun(slot, n, vr);
    processVoltageRange = vr;
    processRun(slot, n, vr, table);
  }
  return 0;
}
