import { describeValue } from './_describe';

/**
 * Returns `value` when it is an integer in [0, 2^bits − 1] (`bits` from 1 to 53), the one range
 * check of the fields that PDU and datafile writers store. Throws TypeError when `value` is not
 * a number and RangeError when it is out of range, naming the field by `name`.
 */
export function checkUint(name: string, value: unknown, bits: number): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > 53) {
    throw new RangeError(`checkUint: bits must be an integer in [1, 53], got ${describeValue(bits)}`);
  }
  const max = 2 ** bits - 1;
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be an integer in [0, ${String(max)}], got ${describeValue(value)}`);
  }
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in [0, ${String(max)}], got ${String(value)}`);
  }
  return value;
}
