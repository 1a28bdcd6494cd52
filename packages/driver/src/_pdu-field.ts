import { checkUint } from '@joulescope/codec';
import { Js110RangeError, Js110TypeError } from './errors';

/**
 * codec's `checkUint` in the driver's words: a PDU field that is not an integer in
 * [0, 2^bits − 1] is a `Js110TypeError` / `Js110RangeError` (so `instanceof Js110Error`, with
 * the same message), as every other bad argument of the driver.
 */
export function pduField(name: string, value: unknown, bits: number): number {
  try {
    return checkUint(name, value, bits);
  } catch (error) {
    if (error instanceof TypeError) throw new Js110TypeError(error.message);
    if (error instanceof RangeError) throw new Js110RangeError(error.message);
    throw error;
  }
}
