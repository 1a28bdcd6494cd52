// Hexadecimal text of bytes: keys, serial numbers, error messages.
import { describeValue } from './_describe';

const DIGITS = '0123456789abcdef';

/** Lowercase hex of `bytes`, two digits per byte. Throws TypeError unless given a Uint8Array. */
export function bytesToHex(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytesToHex needs a Uint8Array, got ${describeValue(bytes)}`);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += DIGITS[bytes[i] >> 4] + DIGITS[bytes[i] & 15];
  return s;
}

/** Value of one hex digit's char code, or -1. */
function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30; // 0-9
  const l = c | 0x20; // A-F → a-f
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * The bytes of a hex string (either case, two digits per byte, nothing else). Throws TypeError
 * for a non-string and RangeError for an odd length or a character that is not a hex digit.
 */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError(`hexToBytes needs a string, got ${describeValue(hex)}`);
  if (hex.length % 2 !== 0) throw new RangeError(`hex string must have an even number of digits, got ${String(hex.length)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      const at = hi < 0 ? 2 * i : 2 * i + 1;
      throw new RangeError(`hex string has ${JSON.stringify(hex[at])} at position ${String(at)}, not a hex digit`);
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** 8 lowercase hex digits of an unsigned 32-bit value (for messages; not exported by the package). */
export function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}
