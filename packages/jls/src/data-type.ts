/**
 * Sample data types of JLS FSR signals (docs/jls.md, "Data types"). On disk a type is the u32
 * `basetype | (bits << 8)` with basetype 1 = signed, 3 = unsigned, 4 = float (the fixed-point
 * `q` field in bits 23:16 is always 0 here).
 */
export const DATA_TYPES = {
  u1: 0x0103,
  u4: 0x0403,
  u8: 0x0803,
  u16: 0x1003,
  u32: 0x2003,
  u64: 0x4003,
  i4: 0x0401,
  i8: 0x0801,
  i16: 0x1001,
  i32: 0x2001,
  i64: 0x4001,
  f32: 0x2004,
  f64: 0x4004,
} as const;

/** A sample data type by name: `'f32'`, `'u8'`, `'u1'`, ... */
export type DataType = keyof typeof DATA_TYPES;

/** The typed array that holds samples of each data type, one element per sample. */
export interface SampleArrayOf {
  u1: Uint8Array;
  u4: Uint8Array;
  u8: Uint8Array;
  u16: Uint16Array;
  u32: Uint32Array;
  u64: BigUint64Array;
  i4: Int8Array;
  i8: Int8Array;
  i16: Int16Array;
  i32: Int32Array;
  i64: BigInt64Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** Samples of any data type, one element per sample (u1 and u4 unpacked). */
export type SampleArray = SampleArrayOf[DataType];

const BY_CODE: ReadonlyMap<number, DataType> = /* @__PURE__ */ new Map(
  Object.entries(DATA_TYPES).map(([name, code]) => [code, name as DataType]),
);

/** The name of a u32 data type code, or undefined for codes this library does not decode. */
export function dataTypeName(code: number): DataType | undefined {
  return BY_CODE.get(code);
}

/** Bits per sample. */
export function dataTypeBits(type: DataType): number {
  return (DATA_TYPES[type] >>> 8) & 0xff;
}

/** True when the type is a float (its gaps are filled with NaN; integers are filled with 0). */
export function isFloatType(type: DataType): boolean {
  return (DATA_TYPES[type] & 0xff) === 0x04;
}

/**
 * Summary entries are four f64 for 32- and 64-bit integers and for f64, four f32 otherwise
 * (f32 holds every value of the narrower types exactly).
 */
export function summaryIsF64(type: DataType): boolean {
  return type === 'f64' || type === 'u32' || type === 'u64' || type === 'i32' || type === 'i64';
}

/** The smallest and largest value a sample of an integer type may hold. */
export function integerRange(type: DataType): readonly [number, number] {
  const bits = dataTypeBits(type);
  if ((DATA_TYPES[type] & 0xff) === 0x01) return [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
  return [0, 2 ** bits - 1];
}

/** A new zeroed typed array for `length` samples of `type`. */
export function newSampleArray<T extends DataType>(type: T, length: number): SampleArrayOf[T] {
  switch (type) {
    case 'u1':
    case 'u4':
    case 'u8':
      return new Uint8Array(length) as SampleArrayOf[T];
    case 'u16':
      return new Uint16Array(length) as SampleArrayOf[T];
    case 'u32':
      return new Uint32Array(length) as SampleArrayOf[T];
    case 'u64':
      return new BigUint64Array(length) as SampleArrayOf[T];
    case 'i4':
    case 'i8':
      return new Int8Array(length) as SampleArrayOf[T];
    case 'i16':
      return new Int16Array(length) as SampleArrayOf[T];
    case 'i32':
      return new Int32Array(length) as SampleArrayOf[T];
    case 'i64':
      return new BigInt64Array(length) as SampleArrayOf[T];
    case 'f32':
      return new Float32Array(length) as SampleArrayOf[T];
    default:
      return new Float64Array(length) as SampleArrayOf[T];
  }
}
