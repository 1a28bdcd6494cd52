/**
 * Views for tests and tools (docs/stream-buffer.md, "getReduction and dataBuffer"): entries of
 * one reduction level, and the calibrated ring in slot order as the reference exposes it.
 */
import { STATS_RECORD_LENGTH, StatsArray, statsRecordToRow } from '@joulescope/stats';
import { KERNEL_CHUNK, pointer } from './_kernel';
import type { Kernel } from './_kernel';
import type { PyramidLevels } from './_pyramid-levels';

/**
 * Complete entries of the user's reduction level `index` within `[start, stop)` and within the
 * held `[lo, hi)` (unlike the reference, which indexes ring slots and so wraps a whole ring to
 * nothing).
 */
export function reductionEntries(kernel: Kernel, levels: PyramidLevels, index: number, start: number, stop: number, lo: number, hi: number): StatsArray {
  const level = levels.publicLevels[index];
  const R = levels.steps[level];
  const entries = levels.entries[level];
  const first = Math.max(Math.floor(start / R), Math.ceil(lo / R));
  const last = Math.min(Math.floor(stop / R), Math.floor(hi / R));
  const n = Math.max(0, last - first);
  const out = new StatsArray(n);
  const f64 = kernel.f64;
  const base = pointer(kernel.exports.levelPointer(level)) / 8;
  for (let r = 0; r < n; r++) statsRecordToRow(f64, base + ((first + r) % entries) * STATS_RECORD_LENGTH, out, r);
  return out;
}

/**
 * The calibrated ring in slot order (`id % length`), current and voltage interleaved: a copy
 * derived from the raw words. Slots of no held sample are 0 (a fresh ring's content).
 */
export function calibratedRing(kernel: Kernel, length: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(2 * length);
  for (let id = lo; id < hi; id += KERNEL_CHUNK) {
    const c = Math.min(KERNEL_CHUNK, hi - id);
    kernel.exports.derive(id, c, false, false);
    const f32 = kernel.f32;
    const ci = pointer(kernel.exports.scratchCurrentPointer()) / 4;
    const cv = pointer(kernel.exports.scratchVoltagePointer()) / 4;
    for (let j = 0, slot = id % length; j < c; j++, slot = slot + 1 === length ? 0 : slot + 1) {
      out[2 * slot] = f32[ci + j];
      out[2 * slot + 1] = f32[cv + j];
    }
  }
  return out;
}
