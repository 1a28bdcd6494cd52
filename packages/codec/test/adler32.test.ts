import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adler32 } from '../src/_adler32';

/** RFC 1950's definition, one byte at a time. */
function reference(data: Uint8Array, adler = 1): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

describe('adler32', () => {
  it('matches known values', () => {
    expect(adler32(new Uint8Array(0))).toBe(1);
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });

  it('equals the byte-at-a-time definition for any bytes, offset and continuation (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 9000 }), fc.nat(7), fc.nat(), (bytes, shift, cut) => {
        const buf = new Uint8Array(bytes.length + shift);
        buf.set(bytes, shift);
        const view = buf.subarray(shift);
        expect(adler32(view)).toBe(reference(bytes));
        const k = bytes.length === 0 ? 0 : cut % (bytes.length + 1);
        expect(adler32(view.subarray(k), adler32(view.subarray(0, k)))).toBe(reference(bytes));
      }),
    );
  });

  it('stays exact over long runs of 0xFF (the largest sums)', () => {
    const ff = new Uint8Array(100_003).fill(0xff);
    expect(adler32(ff)).toBe(reference(ff));
    expect(adler32(ff.subarray(1))).toBe(reference(ff.subarray(1)));
  });
});
