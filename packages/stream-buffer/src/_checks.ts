/**
 * The argument checks of the package, one per kind of value, each throwing a TypeError (wrong
 * type) or RangeError (wrong value) that says what was given and what is allowed. They run
 * before anything changes, so a refused call leaves the buffer as it was.
 */
import { StatsArray } from '@joulescope/stats';
import type { StatisticsCallback } from './types';

/** "No limit" of `sampleIdMax` / `contiguousMax`: 2^63, as the reference. */
export const NO_LIMIT = 2 ** 63;

/** A short description of a value for error messages: `"abc"`, `NaN`, `null`, `a Float64Array`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `a ${Object.prototype.toString.call(value).slice(8, -1)}`;
  return `a ${typeof value}`;
}

/** A sample id: an integer within ±(2^53 − 1), where every id is exact. */
export function checkSampleId(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a sample id (an integer), got ${describe(value)}`);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be an integer sample id within ±(2^53 − 1), got ${describe(value)}`);
  }
  return value;
}

/** The `increment` of `dataGet`: a whole number of samples ≥ 1. */
export function checkIncrement(value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`increment must be a number of samples, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`increment must be a whole number of samples of at least 1, got ${describe(value)}`);
  }
  return value;
}

/** A time in seconds: any finite number. */
export function checkTime(value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`time must be a number of seconds, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`time must be a finite number of seconds, got ${describe(value)}`);
  return value;
}

/** An offset into caller arrays: a non-negative integer. */
export function checkOffset(value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`offset must be a number, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`offset must be a non-negative integer, got ${describe(value)}`);
  return value;
}

/** An optional `out` StatsArray with at least `rows` rows. */
export function checkStatsOut(what: string, out: unknown, rows: number): StatsArray | undefined {
  if (out === undefined) return undefined;
  if (!(out instanceof StatsArray)) throw new TypeError(`${what}: out must be a StatsArray, got ${describe(out)}`);
  if (out.rows < rows) {
    throw new RangeError(`${what}: out has ${String(out.rows)} rows, ${String(rows)} are needed`);
  }
  return out;
}

/** `sampleIdMax` / `contiguousMax`: a whole number of samples, or 2^63 / Infinity for no limit. */
export function checkLimit(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number of samples, got ${describe(value)}`);
  if (value === NO_LIMIT || value === Infinity) return value;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number of samples from 0 to 2^53 − 1, or 2^63 (or Infinity) for no limit; got ${describe(value)}`);
  }
  return value;
}

/** The statistics callback: a function or null. */
export function checkCallback(value: unknown): StatisticsCallback | null {
  if (value === null || typeof value === 'function') return value as StatisticsCallback | null;
  throw new TypeError(`callback must be a function or null, got ${describe(value)}`);
}

/** The voltage range: 0 (15 V) or 1 (5 V). */
export function checkVoltageRange(value: unknown): number {
  if (value !== 0 && value !== 1) throw new RangeError(`voltageRange must be 0 (15 V) or 1 (5 V), got ${describe(value)}`);
  return value;
}
