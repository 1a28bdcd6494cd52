/**
 * JLS UTC timestamps ("time64", docs/jls.md, "Time"): a signed 64-bit count of 2^-30 s since
 * 2018-01-01T00:00:00Z. Values near 2.7e17 are beyond 2^53, so they are bigints.
 */

/** time64 counts per second (2^30). */
export const TIME64_SECOND = 1n << 30n;

/** The time64 epoch, 2018-01-01T00:00:00Z, in Unix seconds. */
export const TIME64_EPOCH_UNIX_SECONDS = 1514764800;

const EPOCH_MS = BigInt(TIME64_EPOCH_UNIX_SECONDS) * 1000n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** True when `t` fits a time64 (a bigint in the signed 64-bit range). */
export function isTime64(t: unknown): t is bigint {
  return typeof t === 'bigint' && t >= I64_MIN && t <= I64_MAX;
}

/**
 * The time64 of a Unix time in milliseconds (`Date.now()`, `date.getTime()`), rounded to the
 * nearest count. Fractions of a millisecond are kept (for `performance.timeOrigin + now()`).
 */
export function time64FromUnixMs(ms: number): bigint {
  if (!Number.isFinite(ms)) throw new RangeError(`a Unix time in ms must be finite, got ${ms}`);
  const whole = Math.floor(ms);
  const frac = ms - whole;
  const counts = ((BigInt(whole) - EPOCH_MS) * TIME64_SECOND) / 1000n;
  return counts + BigInt(Math.round((frac * Number(TIME64_SECOND)) / 1000));
}

/** The Unix time in milliseconds of a time64 (a float; exact to about 0.1 µs today). */
export function time64ToUnixMs(t: bigint): number {
  const s = t / TIME64_SECOND;
  const rem = t - s * TIME64_SECOND;
  return Number(s + BigInt(TIME64_EPOCH_UNIX_SECONDS)) * 1000 + (Number(rem) * 1000) / Number(TIME64_SECOND);
}

/** The time64 of a Date. */
export function time64FromDate(date: Date): bigint {
  return time64FromUnixMs(date.getTime());
}

/** The Date of a time64 (millisecond resolution). */
export function time64ToDate(t: bigint): Date {
  return new Date(time64ToUnixMs(t));
}
