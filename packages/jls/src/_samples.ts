/**
 * Sample values between the API (one typed-array element per sample) and DATA payloads (plain
 * little-endian arrays; u1 packed 8 per byte LSB first, u4 and i4 2 per byte low nibble first,
 * docs/jls.md, "Data types").
 */
import { dataTypeBits, integerRange, newSampleArray, type DataType, type SampleArray, type SampleArrayOf } from './data-type';

/** What `JlsWriter.fsr` accepts: the type's own typed array, or values it converts and checks. */
export type SampleInput = SampleArray | ArrayLike<number | bigint>;

const BIG = new Set<DataType>(['u64', 'i64']);

function isNativeArray(type: DataType, v: unknown): boolean {
  switch (type) {
    case 'u1':
    case 'u4':
    case 'u8':
      return v instanceof Uint8Array;
    case 'u16':
      return v instanceof Uint16Array;
    case 'u32':
      return v instanceof Uint32Array;
    case 'u64':
      return v instanceof BigUint64Array;
    case 'i4':
    case 'i8':
      return v instanceof Int8Array;
    case 'i16':
      return v instanceof Int16Array;
    case 'i32':
      return v instanceof Int32Array;
    case 'i64':
      return v instanceof BigInt64Array;
    case 'f32':
      return v instanceof Float32Array;
    default:
      return v instanceof Float64Array;
  }
}

/**
 * `values` as the typed array of `type`, checked: integers in the type's range (u1 0..1, u4
 * 0..15, i4 -8..7), 64-bit integers as bigints (or safe integers). The type's own typed array
 * passes without a copy (only u1, u4 and i4 values are range-checked). Throws TypeError or
 * RangeError naming the first bad element.
 */
export function checkSamples<T extends DataType>(type: T, values: SampleInput): SampleArrayOf[T] {
  if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<unknown>).length !== 'number') {
    throw new TypeError(`samples for a ${type} signal must be a typed array or an array of numbers`);
  }
  const n = (values as ArrayLike<unknown>).length;
  if (isNativeArray(type, values)) {
    const v = values as SampleArrayOf[T];
    if (type === 'u1' || type === 'u4' || type === 'i4') checkRange(type, v as ArrayLike<number>, n);
    return v;
  }
  if (type === 'f32' || type === 'f64') {
    const out = newSampleArray(type, n);
    for (let i = 0; i < n; i++) {
      const x = (values as ArrayLike<unknown>)[i];
      if (typeof x !== 'number') throw new TypeError(`sample ${i} of a ${type} signal must be a number, got ${typeof x}`);
      (out as Float64Array)[i] = x;
    }
    return out;
  }
  const out = newSampleArray(type, n);
  if (BIG.has(type)) {
    const [lo, hi] = type === 'u64' ? [0n, (1n << 64n) - 1n] : [-(1n << 63n), (1n << 63n) - 1n];
    for (let i = 0; i < n; i++) {
      const x = (values as ArrayLike<unknown>)[i];
      const b = typeof x === 'bigint' ? x : typeof x === 'number' && Number.isSafeInteger(x) ? BigInt(x) : undefined;
      if (b === undefined || b < lo || b > hi) {
        throw new RangeError(`sample ${i} of a ${type} signal must be an integer in [${lo}, ${hi}], got ${String(x)}`);
      }
      (out as BigInt64Array)[i] = b;
    }
    return out;
  }
  const [lo, hi] = integerRange(type);
  for (let i = 0; i < n; i++) {
    const x = (values as ArrayLike<unknown>)[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) {
      throw new RangeError(`sample ${i} of a ${type} signal must be an integer in [${lo}, ${hi}], got ${String(x)}`);
    }
    (out as Int32Array)[i] = x;
  }
  return out;
}

/** u1, u4 and i4 values in range: one OR over the values, the index found only on failure. */
function checkRange(type: DataType, v: ArrayLike<number>, n: number): void {
  const bias = type === 'i4' ? 8 : 0;
  const mask = type === 'u1' ? ~1 : ~15;
  let acc = 0;
  for (let i = 0; i < n; i++) acc |= v[i] + bias;
  if ((acc & mask) === 0) return;
  const [lo, hi] = integerRange(type);
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (x < lo || x > hi) throw new RangeError(`sample ${i} of a ${type} signal must be in [${lo}, ${hi}], got ${x}`);
  }
}

/** Payload bytes of `count` samples: ceil(count * bits / 8). */
export function packedSize(type: DataType, count: number): number {
  return Math.ceil((count * dataTypeBits(type)) / 8);
}

/**
 * Writes samples `src[0, count)` into `out` from byte `at`, packed as on disk. Bits past the last
 * sample in the last byte are zero.
 */
export function packSamples(type: DataType, src: SampleArray, count: number, out: Uint8Array, at: number): void {
  if (type === 'u1') {
    const s = src as Uint8Array;
    const bytes = count >>> 3;
    for (let b = 0; b < bytes; b++) {
      const i = b << 3;
      out[at + b] =
        s[i] | (s[i + 1] << 1) | (s[i + 2] << 2) | (s[i + 3] << 3) | (s[i + 4] << 4) | (s[i + 5] << 5) | (s[i + 6] << 6) | (s[i + 7] << 7);
    }
    if ((count & 7) !== 0) {
      let v = 0;
      for (let i = bytes << 3, k = 0; i < count; i++, k++) v |= s[i] << k;
      out[at + bytes] = v;
    }
    return;
  }
  if (type === 'u4' || type === 'i4') {
    const s = src as ArrayLike<number>;
    const pairs = count >>> 1;
    for (let b = 0; b < pairs; b++) out[at + b] = (s[2 * b] & 0x0f) | ((s[2 * b + 1] & 0x0f) << 4);
    if ((count & 1) !== 0) out[at + pairs] = s[count - 1] & 0x0f;
    return;
  }
  const t = src;
  out.set(new Uint8Array(t.buffer, t.byteOffset, count * t.BYTES_PER_ELEMENT), at);
}

/**
 * Reads `count` samples from payload bytes `bytes[at...]`, starting `skip` samples in (so u1
 * and u4 may start inside a byte), into `out` from element `outAt`.
 */
export function unpackSamples(
  type: DataType,
  bytes: Uint8Array,
  at: number,
  skip: number,
  count: number,
  out: SampleArray,
  outAt: number,
): void {
  if (type === 'u1') {
    const o = out as Uint8Array;
    for (let i = 0, k = skip; i < count; i++, k++) o[outAt + i] = (bytes[at + (k >>> 3)] >>> (k & 7)) & 1;
    return;
  }
  if (type === 'u4' || type === 'i4') {
    const o = out as Uint8Array | Int8Array;
    for (let i = 0, k = skip; i < count; i++, k++) {
      const nib = (bytes[at + (k >>> 1)] >>> ((k & 1) << 2)) & 0x0f;
      o[outAt + i] = type === 'i4' ? (nib << 28) >> 28 : nib;
    }
    return;
  }
  const o = out;
  const size = o.BYTES_PER_ELEMENT;
  const dst = new Uint8Array(o.buffer, o.byteOffset + outAt * size, count * size);
  dst.set(bytes.subarray(at + skip * size, at + (skip + count) * size));
}
