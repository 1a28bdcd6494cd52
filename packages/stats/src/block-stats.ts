import { RunningStats } from './running-stats';

/** Numeric typed arrays accepted by the block statistics. */
export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | readonly number[];

/**
 * Adds `values[start..end)` to `into` (finite values only), without allocating.
 * Uses Welford's update, so the result equals adding the values one by one.
 */
export function accumulate(values: NumericArray, start: number, end: number, into: RunningStats): RunningStats {
  let k = into.count;
  let mean = into.mean;
  let m2 = into.m2;
  let min = into.min;
  let max = into.max;
  for (let i = start; i < end; i++) {
    const x = values[i];
    if (x - x !== 0) continue; // NaN or ±Infinity
    k += 1;
    const meanOld = mean;
    mean = meanOld + (x - meanOld) / k;
    m2 += (x - meanOld) * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  into.count = k;
  into.mean = mean;
  into.m2 = m2;
  into.min = min;
  into.max = max;
  return into;
}

/** Statistics of the finite values of `values[start..end)` (whole array by default). */
export function blockStats(values: NumericArray, start = 0, end = values.length): RunningStats {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > values.length || start > end) {
    throw new RangeError(`blockStats range [${String(start)}, ${String(end)}) is not within [0, ${String(values.length)}]`);
  }
  return accumulate(values, start, end, new RunningStats());
}
