/**
 * CRC-32C (Castagnoli: reflected polynomial 0x82F63B78, initial value and final xor
 * 0xFFFFFFFF), the checksum of the JLS file header, of every chunk header and of every chunk
 * payload (docs/jls.md, "Checksums").
 *
 * Slicing-by-8 over 32-bit words: eight 256-entry tables let the main loop fold 8 bytes per
 * iteration. Payloads are the bulk of a recording (a JS110 writes about 26 MB/s), so this loop is
 * on the write and the read path of every sample.
 */

const TABLES = /* @__PURE__ */ buildTables();

/** Word loads read little-endian bytes only on a little-endian host; others take the byte loop. */
const LITTLE_ENDIAN = /* @__PURE__ */ new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

/**
 * CRC-32C of `bytes[start, end)`, as an unsigned 32-bit integer. Pass a previous result as
 * `crc` to continue over several pieces: `crc32c(ab) === crc32c(b, 0, b.length, crc32c(a))`.
 */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  const t = TABLES;
  let c = ~crc;
  let i = start;
  const base = bytes.byteOffset;
  // Bytes up to the first 4-byte aligned address, so the word view below is legal.
  while (i < end && ((base + i) & 3) !== 0) c = t[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
  const blocks = LITTLE_ENDIAN ? (end - i) >>> 3 : 0;
  if (blocks > 0) {
    const w = new Uint32Array(bytes.buffer, base + i, blocks * 2);
    for (let k = 0, n = blocks * 2; k < n; k += 2) {
      const a = w[k] ^ c;
      const b = w[k + 1];
      c =
        t[1792 + (a & 0xff)] ^
        t[1536 + ((a >>> 8) & 0xff)] ^
        t[1280 + ((a >>> 16) & 0xff)] ^
        t[1024 + (a >>> 24)] ^
        t[768 + (b & 0xff)] ^
        t[512 + ((b >>> 8) & 0xff)] ^
        t[256 + ((b >>> 16) & 0xff)] ^
        t[b >>> 24];
    }
    i += blocks * 8;
  }
  while (i < end) c = t[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
