// zlib streams (RFC 1950: 2-byte header, deflate, big-endian Adler-32) for compressed record values.
import { Unzlib, zlibSync } from 'fflate';
import { adler32 } from './_adler32';

/** Compressed input fed per step at most: one step inflates at most ~1032× this. */
const MAX_INPUT_STEP = 16 * 1024;
const MIN_INPUT_STEP = 1024;
/** Deflate's largest expansion, about 1032:1. */
const MAX_RATIO = 1032;

/** Thrown by `zlibInflate` when the inflated bytes pass the limit (the stream itself may be fine). */
export class InflateLimitError extends Error {
  override name = 'InflateLimitError';
}

/** zlib level 1, as the reference writer (`zlib.compress(data, level=1)`). */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return zlibSync(data, { level: 1 });
}

/**
 * Inflates a zlib stream whose result must not exceed `maxSize` bytes, and checks its Adler-32
 * (fflate does not). The input is fed in steps sized to the limit so that a small hostile
 * stream is stopped soon after crossing it instead of allocating gigabytes. Throws an Error
 * saying what is wrong.
 */
export function zlibInflate(data: Uint8Array, maxSize: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let adler = 1;
  // fflate reports a truncated or corrupt stream by throwing once the final chunk is pushed.
  const stream = new Unzlib((chunk) => {
    if (chunk.length === 0) return;
    chunks.push(chunk);
    total += chunk.length;
    adler = adler32(chunk, adler);
  });
  const step = Math.min(MAX_INPUT_STEP, Math.max(MIN_INPUT_STEP, Math.floor(maxSize / MAX_RATIO)));
  let offset = 0;
  do {
    const end = Math.min(data.length, offset + step);
    stream.push(data.subarray(offset, end), end === data.length);
    offset = end;
    if (total > maxSize) throw new InflateLimitError(`it inflates to more than ${String(maxSize)} bytes`);
  } while (offset < data.length);
  // fflate took the last 4 bytes as the checksum without checking it.
  const n = data.length;
  const stored = ((data[n - 4] << 24) | (data[n - 3] << 16) | (data[n - 2] << 8) | data[n - 1]) >>> 0;
  if (stored !== adler) {
    throw new Error(`Adler-32 0x${stored.toString(16).padStart(8, '0')} does not match the inflated bytes (0x${adler.toString(16).padStart(8, '0')})`);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
