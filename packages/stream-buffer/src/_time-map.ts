/**
 * The time map of a ring (docs/stream-buffer.md, "Time"): time 0 is the oldest ring slot,
 * `length / fs` the end of the newest sample, so times move with the data as in the reference.
 */
import { checkSampleId, checkTime } from './_checks';

/** Python's round(): half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Seconds of `sampleId` in a ring of `length` samples at `fs` after `processed` samples. */
export function sampleIdToTime(sampleId: number, processed: number, length: number, fs: number): number {
  const s = checkSampleId('sampleId', sampleId);
  return ((s - (processed - length)) / length) * (length / fs);
}

/** The sample id at `time` seconds (rounded half to even); RangeError beyond ±(2^53 − 1). */
export function timeToSampleId(time: number, processed: number, length: number, fs: number): number {
  const t = checkTime(time);
  const id = roundHalfEven((t / (length / fs)) * length + (processed - length));
  if (!Number.isSafeInteger(id)) {
    throw new RangeError(`time ${String(t)} s maps to sample id ${String(id)}, beyond the exact range ±(2^53 − 1)`);
  }
  return id;
}
