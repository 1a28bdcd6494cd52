// zlib streams (RFC 1950: 2-byte header, deflate, Adler-32) for compressed record values.
import { Unzlib, zlibSync } from 'fflate';

/** Compressed input fed per step: one step inflates at most ~1032× this, bounding the overshoot. */
const INPUT_STEP = 16 * 1024;

/** zlib level 1, as the reference writer (`zlib.compress(data, level=1)`). */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return zlibSync(data, { level: 1 });
}

/**
 * Inflates a zlib stream whose result must not exceed `maxSize` bytes. The input is fed in
 * steps so that a small hostile stream (deflate expands up to ~1032:1) is stopped soon after
 * crossing the limit instead of allocating gigabytes. Throws an Error saying what is wrong.
 */
export function zlibInflate(data: Uint8Array, maxSize: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  // fflate reports a truncated or corrupt stream by throwing once the final chunk is pushed.
  const stream = new Unzlib((chunk) => {
    if (chunk.length > 0) chunks.push(chunk);
    total += chunk.length;
  });
  let offset = 0;
  do {
    const end = Math.min(data.length, offset + INPUT_STEP);
    stream.push(data.subarray(offset, end), end === data.length);
    offset = end;
    if (total > maxSize) throw new Error(`inflated value exceeds the ${maxSize}-byte limit`);
  } while (offset < data.length);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
