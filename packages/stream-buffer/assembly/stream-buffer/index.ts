// The StreamBuffer kernel (docs/stream-buffer.md, "The kernel"): WebAssembly with SIMD, one
// instance per StreamBuffer over its own imported memory. The host (src/_kernel.ts) writes raw
// words, voltage-range bits, calibration tables and the calibration log into the regions laid
// out here, and calls these functions.
import * as layoutModule from './_memory';
import * as ingestModule from './_ingest';
import { setCalibrationCount } from './_calibration';
import { runsSize } from './_runs';
import { voltageRangeFill } from './_voltage-range';
import { derive, rows, sampleRows, statistics } from './_queries';

export { setCalibrationCount, runsSize, voltageRangeFill, derive, rows, sampleRows, statistics };

/** Bytes a ring needs (`grow` false), or lays it out and grows the memory (-1: too big). */
export function layout(length: f64, physical: f64, levels: i32, runs: i32, grow: bool): f64 {
  return layoutModule.layout(<i64>length, <i64>physical, levels, runs, grow);
}

export function factorsInput(): usize {
  return layoutModule.factorsInput();
}

export function setFilter(type: i32, pre: i32, window: i32, post: i32, matrix: bool): void {
  ingestModule.setFilter(type, pre, window, post, matrix);
}

export function setCallbackEnabled(on: bool): void {
  ingestModule.setCallbackEnabled(on);
}

export function reset(): void {
  ingestModule.ingestReset();
}

export function ingest(device: f64): i32 {
  return ingestModule.ingest(device);
}

export function gather(count: i32, device: f64): void {
  ingestModule.gather(count, device);
}

export function stagePointer(): usize {
  return layoutModule.stagePtr;
}

export function gatherPointer(): usize {
  return layoutModule.gatherPtr;
}

export function processed(): f64 {
  return <f64>ingestModule.processed;
}

export function preprocessed(): f64 {
  return <f64>ingestModule.preprocessed;
}

export function processVoltageRange(): i32 {
  return ingestModule.processVoltageRange;
}

export function missingCount(): f64 {
  return <f64>ingestModule.missingCount;
}

export function skipCount(): f64 {
  return <f64>ingestModule.skipCount;
}

export function syncCount(): f64 {
  return <f64>ingestModule.syncCount;
}

export function contiguousCount(): f64 {
  return <f64>ingestModule.contiguousCount;
}

export function rawPointer(): usize {
  return layoutModule.rawPtr;
}

export function levelPointer(n: i32): usize {
  return layoutModule.levelOf(n);
}

export function matrixPointer(): usize {
  return layoutModule.matrixPtr;
}

export function calTablesPointer(): usize {
  return layoutModule.calTablesPtr;
}

export function calLogPointer(): usize {
  return layoutModule.calLogPtr;
}

export function scratchCurrentPointer(): usize {
  return layoutModule.scratchCurrentPtr;
}

export function scratchVoltagePointer(): usize {
  return layoutModule.scratchVoltagePtr;
}

export function scratchPowerPointer(): usize {
  return layoutModule.scratchPowerPtr;
}

export function scratchBitsPointer(): usize {
  return layoutModule.scratchBitsPtr;
}

export function rowsPointer(): usize {
  return layoutModule.rowsPtr;
}

export function runsCapacity(): i32 {
  return layoutModule.runsCapacity;
}
