// Adler-32 (RFC 1950), the checksum ending every zlib stream, over the inflated bytes.

const MOD = 65521;
/** u32 words summed before the sums are reduced: 3600 bytes keep b below 2^31 (int32 arithmetic). */
const WORDS_PER_REDUCTION = 900;
const EMPTY = new Uint32Array(0);

/**
 * Continues an Adler-32 (`adler` = 1 to start) over `data`; returns an unsigned 32-bit value.
 * Reads four bytes per u32 (little-endian, as the rest of the package assumes) and adds them in
 * one step, a' = a + Σx and b' = b + 4a + 4x0 + 3x1 + 2x2 + x3: half the instructions per byte
 * of the byte loop, which matters next to inflation.
 */
export function adler32(data: Uint8Array, adler = 1): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  const n = data.length;
  let i = 0;
  const head = Math.min(n, (4 - (data.byteOffset & 3)) & 3);
  for (; i < head; i++) {
    a += data[i];
    b += a;
  }
  const count = (n - i) >>> 2;
  // Past the head the offset is 4-aligned, unless nothing is left for whole words.
  const words = count > 0 ? new Uint32Array(data.buffer, data.byteOffset + i, count) : EMPTY;
  for (let w = 0; w < count; ) {
    const end = Math.min(count, w + WORDS_PER_REDUCTION);
    for (; w < end; w++) {
      const x = words[w];
      const x0 = x & 0xff;
      const x1 = (x >>> 8) & 0xff;
      const x2 = (x >>> 16) & 0xff;
      const x3 = x >>> 24;
      b += 4 * a + 4 * x0 + 3 * x1 + 2 * x2 + x3;
      a += x0 + x1 + x2 + x3;
    }
    a %= MOD;
    b %= MOD;
  }
  for (i += count * 4; i < n; i++) {
    a += data[i];
    b += a;
  }
  a %= MOD;
  b %= MOD;
  return ((b << 16) | a) >>> 0;
}
