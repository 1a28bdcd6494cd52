/**
 * The 34Q30 fixed-point timestamps of datafile HDR records and calibration JSON: signed 64-bit,
 * 2^30 units per second, counted from 2018-01-01T00:00:00Z (pyjoulescope `joulescope.time`).
 */

import { describeValue } from './_describe';

/** 2018-01-01T00:00:00Z in POSIX seconds. */
export const TIMESTAMP_EPOCH_SECONDS = 1514764800;
const UNITS_PER_SECOND = 2 ** 30;

/**
 * The timestamp of `date`, computed in float64 and truncated exactly as the reference
 * `int((posix_seconds - EPOCH) * 2**30)`, so records written here match Python-written ones.
 */
export function timestampFromDate(date: Date): bigint {
  if (!(date instanceof Date)) throw new TypeError(`timestampFromDate needs a Date, got ${describeValue(date)}`);
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('timestamp needs a valid Date, got an invalid one');
  return BigInt(Math.trunc((ms / 1000 - TIMESTAMP_EPOCH_SECONDS) * UNITS_PER_SECOND));
}

/** The Date of a timestamp, rounded to the millisecond. */
export function timestampToDate(timestamp: bigint): Date {
  if (typeof timestamp !== 'bigint') throw new TypeError(`timestampToDate needs a bigint timestamp, got ${describeValue(timestamp)}`);
  const seconds = Number(timestamp) / UNITS_PER_SECOND + TIMESTAMP_EPOCH_SECONDS;
  return new Date(Math.round(seconds * 1000));
}
