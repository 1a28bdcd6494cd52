/**
 * Layout of the Joulescope tag-length-value "datafile" (docs/datafile.md): a 32-byte file
 * header, then 8-byte-aligned records `tag(3) flags(1) length(u32) value padding crc32(u32)`.
 * All integers are little-endian.
 */
import { crc32 } from './crc32';
import { DatafileError } from './datafile-error';
import { describeValue } from './_describe';
import { hex32 } from './hex';

/** `\xd3` "tagfmt " CR LF " " LF "  " SUB FS: detects text-mode mangling of a binary file. */
export const DATAFILE_MAGIC: Uint8Array = /* @__PURE__ */ Uint8Array.of(
  0xd3, 0x74, 0x61, 0x67, 0x66, 0x6d, 0x74, 0x20, 0x0d, 0x0a, 0x20, 0x0a, 0x20, 0x20, 0x1a, 0x1c,
);
/** Bytes of the file header: magic, total length, reserved, version, CRC. */
export const DATAFILE_HEADER_SIZE = 32;
/** The one file format version. */
export const DATAFILE_VERSION = 1;

/** Record flag: the stored value is a zlib stream (2-byte header, deflate, Adler-32). */
export const RECORD_FLAG_COMPRESSED = 0x80;
/** Record flag: the stored value is encrypted (firmware images only; followed by an ENC record). */
export const RECORD_FLAG_ENCRYPTED = 0x40;

/** Tag, flags and length before the value. */
export const RECORD_HEADER_SIZE = 8;
/** Smallest record: header, empty value, 4 padding bytes, CRC. */
export const RECORD_MIN_SIZE = 16;

/** The tags of the format (docs/datafile.md, "Tags"). Any three bytes are a valid tag; these have a meaning. */
export const DATAFILE_TAG = {
  /** Common header (40-byte value); first record, an SGS may precede it. */
  HDR: 'HDR',
  /** End of file, empty value; reading stops here. */
  END: 'END',
  /** Collection start: u64 CLE offset, u16 id, u8 type, u8 reserved, application bytes. */
  CLS: 'CLS',
  /** Collection end: optional application bytes (e.g. an index). */
  CLE: 'CLE',
  /** Subfile: 128-byte NUL-terminated UTF-8 name, then a complete datafile. */
  SUB: 'SUB',
  IDX: 'IDX',
  MJS: 'MJS',
  AJS: 'AJS',
  ABN: 'ABN',
  UJS: 'UJS',
  UBN: 'UBN',
  /** Deprecated calibration JSON, accepted in place of AJS. */
  CJS: 'CJS',
  USB: 'USB',
  ENC: 'ENC',
  /** Signature start: type, flags, 6 reserved bytes, 32-byte public key. */
  SGS: 'SGS',
  /** Signature end: the 64-byte signature. */
  SGE: 'SGE',
} as const;

/** Collection types stored in a CLS record. */
export const COLLECTION_TYPE = { UNSTRUCTURED: 0, LIST: 1, MAP: 2 } as const;
/** Fixed part of a CLS value: u64 end position, u16 id, u8 type, u8 reserved. */
export const COLLECTION_START_SIZE = 12;
/** The NUL-terminated name field at the start of a SUB value. */
export const SUBFILE_NAME_SIZE = 128;
/** SGS value: u8 type, u8 flags, 6 reserved bytes, 32-byte public key. */
export const SIGNATURE_START_SIZE = 40;
/** Signature type 1: EdDSA on Curve25519 with BLAKE2b-512 (Monocypher ≤ 3 `crypto_sign`). */
export const SIGNATURE_TYPE_EDDSA_BLAKE2B = 1;
/** SGS flag: the SGS record itself is part of the signed message. */
export const SIGNATURE_FLAG_INCLUDE_START = 0x01;
/** SGS flag: only the values are signed. The reference reader does not verify this form; ours reports it as 'unsupported'. */
export const SIGNATURE_FLAG_PAYLOAD_ONLY = 0x02;

/** Zero bytes after a value of `length` bytes so that the record ends 8-byte aligned. */
export function recordPadding(length: number): number {
  return (8 - ((length + 4) & 7)) & 7;
}

/** Total bytes of a record whose stored value has `length` bytes. */
export function recordSize(length: number): number {
  return RECORD_HEADER_SIZE + length + recordPadding(length) + 4;
}

/** The 32-byte file header for a file of `length` bytes (0 = unknown, streaming). */
export function encodeFileHeader(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`datafile length must be a non-negative safe integer, got ${length}`);
  }
  const h = new Uint8Array(DATAFILE_HEADER_SIZE);
  const view = new DataView(h.buffer);
  h.set(DATAFILE_MAGIC, 0);
  view.setUint32(16, length % 0x1_0000_0000, true);
  view.setUint32(20, Math.floor(length / 0x1_0000_0000), true);
  h[27] = DATAFILE_VERSION;
  view.setUint32(28, crc32(h.subarray(0, 28)), true);
  return h;
}

/** Fields of a validated file header. */
export interface FileHeader {
  /** Total file length in bytes as stored; 0 means unknown (streaming). */
  length: number;
  version: number;
}

/**
 * Validates the 32-byte file header at the start of `bytes` (magic, CRC, version 1) and
 * returns its fields. Only the first 32 bytes are needed, so a device read can check the
 * header before fetching the rest (docs/datafile.md, "Reading a calibration from the device").
 */
export function decodeFileHeader(bytes: Uint8Array): FileHeader {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`a datafile must be a Uint8Array, got ${describeValue(bytes)}`);
  if (bytes.length < DATAFILE_HEADER_SIZE) {
    throw new DatafileError(
      'truncated',
      `datafile needs a ${DATAFILE_HEADER_SIZE}-byte header, got ${bytes.length} bytes`,
      0,
    );
  }
  for (let i = 0; i < DATAFILE_MAGIC.length; i++) {
    if (bytes[i] !== DATAFILE_MAGIC[i]) {
      throw new DatafileError('bad_magic', 'not a datafile: the first 16 bytes are not the "\\xd3tagfmt " magic', 0);
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, DATAFILE_HEADER_SIZE);
  const stored = view.getUint32(28, true);
  const computed = crc32(bytes.subarray(0, 28));
  if (stored !== computed) {
    throw new DatafileError('header_crc', `datafile header CRC 0x${hex32(stored)} does not match its bytes (0x${hex32(computed)})`, 0);
  }
  const version = bytes[27];
  if (version !== DATAFILE_VERSION) {
    throw new DatafileError('version', `datafile format version ${version} is not supported (only ${DATAFILE_VERSION})`, 0);
  }
  const length = view.getUint32(16, true) + view.getUint32(20, true) * 0x1_0000_0000;
  if (length !== 0 && length < DATAFILE_HEADER_SIZE) {
    throw new DatafileError('bad_header', `datafile header length ${length} is below the ${DATAFILE_HEADER_SIZE}-byte header (0 means unknown)`, 0);
  }
  return { length, version };
}
