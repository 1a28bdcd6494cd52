/** Argument checks of the public API: one message style, TypeError for kinds, RangeError for values. */

/** `value` must be an integer in [min, max]. */
export function checkInteger(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/** A file sample id: a non-negative safe integer. */
export function checkSampleId(what: string, value: unknown): number {
  return checkInteger(what, value, 0, Number.MAX_SAFE_INTEGER);
}

/**
 * `value` must be a string. Names stored as C strings (sources, signals) must not contain NUL,
 * which would cut them short in the C library.
 */
export function checkString(what: string, value: unknown, cString: boolean): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${typeof value}`);
  if (cString && value.includes('\u0000')) throw new RangeError(`${what} must not contain NUL characters`);
  return value;
}
