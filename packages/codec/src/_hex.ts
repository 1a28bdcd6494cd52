// Hexadecimal text for keys, serial numbers and error messages.

/** 8 lowercase hex digits of an unsigned 32-bit value. */
export function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

/** Lowercase hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, '0');
  return s;
}

/** Bytes of an even-length hex string (either case), or null when it is not one. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
