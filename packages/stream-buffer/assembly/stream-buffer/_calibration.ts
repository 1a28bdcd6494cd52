// Calibration tables and the calibration log (docs/stream-buffer.md, "Storage"): the host
// writes float32 tables (codec's calibrationTables) into slots and a log of
// (first sample id, table slot) entries; a sample is calibrated with the entry in force at
// its id, so a calibrationSet while streaming leaves the buffered samples as they were.
import { CAL_TABLE_BYTES, calLogPtr, calTablesPtr } from './_memory';

/** Entries of the log (≥ 1: the first starts at id 0). */
export let calCount: i32 = 0;

export function setCalibrationCount(count: i32): void {
  calCount = count;
}

/** Address of table slot `t`. */
@inline export function calTable(t: i32): usize {
  return calTablesPtr + <usize>t * CAL_TABLE_BYTES;
}

@inline export function currentOffset(table: usize, range: i32): f32 {
  return load<f32>(table + (<usize>range << 2));
}

@inline export function currentGain(table: usize, range: i32): f32 {
  return load<f32>(table + 36 + (<usize>range << 2));
}

@inline export function voltageOffset(table: usize, vr: i32): f32 {
  return load<f32>(table + 72 + (<usize>vr << 2));
}

@inline export function voltageGain(table: usize, vr: i32): f32 {
  return load<f32>(table + 80 + (<usize>vr << 2));
}

/** First sample id of log entry `e`. */
@inline export function calFrom(e: i32): i64 {
  return <i64>load<f64>(calLogPtr + (<usize>e << 4));
}

/** Table of log entry `e`. */
@inline export function calTableOf(e: i32): usize {
  return calTable(load<i32>(calLogPtr + (<usize>e << 4), 8));
}

/** The log entry in force at `id`. */
export function calEntryAt(id: i64): i32 {
  let lo = 0;
  let hi = calCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (calFrom(mid) <= id) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** First id of the entry after `e`, or i64.MAX_VALUE for the last. */
@inline export function calEnd(e: i32): i64 {
  return e + 1 < calCount ? calFrom(e + 1) : i64.MAX_VALUE;
}

/** Calibrated current of raw word `w` (not missing) with `table`. */
@inline export function calibrateCurrent(w: u32, table: usize): f32 {
  const r = <i32>((w & 3) | ((w >>> 14) & 4));
  return (<f32>((w >>> 2) & 0x3fff) + currentOffset(table, r)) * currentGain(table, r);
}

/** Calibrated voltage of raw word `w` (not missing) with `table` in voltage range `vr`. */
@inline export function calibrateVoltage(w: u32, table: usize, vr: i32): f32 {
  return (<f32>(w >>> 18) + voltageOffset(table, vr)) * voltageGain(table, vr);
}

/** The bits byte of raw word `w` (0x38 for a missing sample). */
@inline export function bitsOf(w: u32): u32 {
  if (w == 0xffffffff) return 0x38;
  return (w & 3) | ((w >>> 14) & 4) | ((w & 4) << 2) | ((w >>> 13) & 0x20);
}
