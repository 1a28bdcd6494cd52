// The override log (docs/stream-buffer.md, "Storage"): the few output samples that differ
// from what their raw word calibrates to, kept as runs beside the ring. A glitch-filter window
// is one run (an interpolation line or a mean); NaN runs (the nan mode, window overflow,
// samples lost to an overrun) merge with their neighbours. A FIFO ring of runs in id order,
// pruned as the ring moves on, grown (at the end of memory) only if a stream switches ranges
// so often that the runs held outgrow it.
import { RUN_BYTES, ensureBytes, runsCapacity, runsPtr, setRunsCapacity } from './_memory';

/** Current replaced by a line: value k = a + (k + 1)·b, summed in float32. */
export const RUN_INTERP: u32 = 1;
/** Current replaced by one value `a` (a mean, maybe NaN). */
export const RUN_CONST: u32 = 2;
/** Current and voltage NaN, bits as the raw word says (nan mode). */
export const RUN_NAN: u32 = 3;
/** Current and voltage NaN, bits 0xFF (a window longer than the filter's history). */
export const RUN_FILLER: u32 = 4;
/** Current and voltage NaN, bits 0x38 (samples lost to an overrun). */
export const RUN_LOST: u32 = 5;

let head: i32 = 0;
let size: i32 = 0;

export function runsClear(): void {
  head = 0;
  size = 0;
}

export function runsSize(): i32 {
  return size;
}

@inline export function runAt(i: i32): usize {
  let p = head + i;
  if (p >= runsCapacity) p -= runsCapacity;
  return runsPtr + <usize>p * RUN_BYTES;
}

@inline export function runStart(r: usize): i64 {
  return <i64>load<f64>(r);
}

@inline export function runCount(r: usize): i64 {
  return <i64>load<u32>(r, 8);
}

@inline export function runKind(r: usize): u32 {
  return load<u32>(r, 12);
}

@inline export function runA(r: usize): f32 {
  return load<f32>(r, 16);
}

@inline export function runB(r: usize): f32 {
  return load<f32>(r, 20);
}

/** Appends a run (room was reserved); contiguous NaN runs of one kind merge. */
export function runAppend(start: i64, count: i64, kind: u32, a: f32, b: f32): void {
  if (count <= 0) return;
  if (kind >= RUN_NAN && size > 0) {
    const last = runAt(size - 1);
    if (runKind(last) == kind && runStart(last) + runCount(last) == start && runCount(last) + count < 0xffffffff) {
      store<u32>(last, <u32>(runCount(last) + count), 8);
      return;
    }
  }
  const r = runAt(size);
  store<f64>(r, <f64>start);
  store<u32>(r, <u32>count, 8);
  store<u32>(r, kind, 12);
  store<f32>(r, a, 16);
  store<f32>(r, b, 20);
  size++;
}

/** Drops the runs that end at or before `oldest`. */
export function runsPrune(oldest: i64): void {
  while (size > 0) {
    const r = runAt(0);
    if (runStart(r) + runCount(r) > oldest) break;
    head++;
    if (head == runsCapacity) head = 0;
    size--;
  }
}

/** Makes room for `n` more runs, pruning before `oldest` then growing; false when memory is full. */
export function runsReserve(n: i32, oldest: i64): bool {
  if (runsCapacity - size >= n) return true;
  runsPrune(oldest);
  if (runsCapacity - size >= n) return true;
  const capacity = max<i32>(runsCapacity * 2, size + n);
  if (!ensureBytes(<f64>runsPtr + <f64>capacity * <f64>RUN_BYTES)) return false;
  // The ring may wrap: move its wrapped part after the old end, keeping the order.
  const wrapped = head + size - runsCapacity;
  if (wrapped > 0) memory.copy(runsPtr + <usize>runsCapacity * RUN_BYTES, runsPtr, <usize>wrapped * RUN_BYTES);
  setRunsCapacity(capacity);
  return true;
}

/** The last answer of `runFind`: queries walk forward, so it is usually right or close. */
let hint: i32 = 0;

@inline function endsAfter(i: i32, id: i64): bool {
  const r = runAt(i);
  return runStart(r) + runCount(r) > id;
}

/** Logical index of the first run that ends after `id` (size when none). */
export function runFind(id: i64): i32 {
  // Runs are disjoint and in order, so "ends after id" is false then true along the runs:
  // find where it turns. From the hint, gallop forward (rows a few runs apart touch a few
  // neighbouring runs, not a binary search's lines all over the log), else search below it.
  let lo = 0;
  let hi = size;
  const h = min<i32>(hint, size);
  if (h == 0 || !endsAfter(h - 1, id)) {
    lo = h;
    let step = 1;
    while (lo + step <= size && !endsAfter(lo + step - 1, id)) {
      lo += step;
      step <<= 1;
    }
    hi = min<i32>(size, lo + step - 1);
  } else {
    hi = h - 1;
  }
  // Now every run before lo ends at or before id, and run hi ends after it (or hi is size).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (endsAfter(mid, id)) hi = mid;
    else lo = mid + 1;
  }
  hint = lo;
  return lo;
}

/** Cuts the runs back so that none covers an id at or after `from`. */
export function runsTrim(from: i64): void {
  while (size > 0) {
    const r = runAt(size - 1);
    const s = runStart(r);
    if (s + runCount(r) <= from) return;
    if (s < from) {
      store<u32>(r, <u32>(from - s), 8);
      return;
    }
    size--;
  }
}
