/**
 * The JLS v2 byte layout shared by the writer and the reader (docs/jls.md): file header, chunk
 * header, tags, and the signal sizing rules. Everything is little-endian; chunks start on 8-byte
 * boundaries.
 */
import { crc32c } from './_crc32c';
import { dataTypeBits, type DataType } from './data-type';

/** "jlsfmt\r\n \n \x1a  \xb2\x1c": catches text-mode line-ending mangling and 7-bit transfers. */
export const FILE_IDENTIFICATION = /* @__PURE__ */ new Uint8Array([
  0x6a, 0x6c, 0x73, 0x66, 0x6d, 0x74, 0x0d, 0x0a, 0x20, 0x0a, 0x20, 0x1a, 0x20, 0x20, 0xb2, 0x1c,
]);
export const FILE_HEADER_SIZE = 32;
export const CHUNK_HEADER_SIZE = 32;
/** Format version 1.0.0 as (major << 24) | (minor << 16) | patch. */
export const FORMAT_VERSION = 0x01000000;
export const PAYLOAD_HEADER_SIZE = 16;
export const TRACK_HEAD_PAYLOAD_SIZE = 128;
/** Summary levels 1..15 (level 0 is the sample data). */
export const LEVEL_COUNT = 16;
export const SOURCE_COUNT = 256;
export const SIGNAL_COUNT = 256;

export const TAG = {
  SOURCE_DEF: 0x01,
  SIGNAL_DEF: 0x02,
  USER_DATA: 0x40,
  END: 0xff,
} as const;

export const TRACK_FSR = 0;
export const TRACK_VSR = 1;
export const TRACK_ANNOTATION = 2;
export const TRACK_UTC = 3;
export const CHUNK_DEF = 0;
export const CHUNK_HEAD = 1;
export const CHUNK_DATA = 2;
export const CHUNK_INDEX = 3;
export const CHUNK_SUMMARY = 4;

/** Tag of a track chunk: 0x20 | (track type << 3) | chunk kind. */
export function trackTag(trackType: number, chunk: number): number {
  return 0x20 | (trackType << 3) | chunk;
}

export const STORAGE_BINARY = 1;
export const STORAGE_STRING = 2;
export const STORAGE_JSON = 3;

export const SIGNAL_FSR = 0;
export const SIGNAL_VSR = 1;

/** Bytes on disk of a chunk with this payload: header, payload, zero padding, payload CRC. */
export function chunkSize(payloadLength: number): number {
  if (payloadLength === 0) return CHUNK_HEADER_SIZE;
  return CHUNK_HEADER_SIZE + payloadLength + padding(payloadLength) + 4;
}

/** Zero bytes between a payload and its CRC, so that the chunk ends on an 8-byte boundary. */
export function padding(payloadLength: number): number {
  return (8 - ((payloadLength + 4) & 7)) & 7;
}

/** Fields of a 32-byte chunk header. Offsets are numbers: files stay far below 2^53 bytes. */
export interface ChunkHeader {
  itemNext: number;
  itemPrev: number;
  tag: number;
  meta: number;
  payloadLength: number;
  payloadPrevLength: number;
}

/** A non-negative safe integer as a little-endian u64 (no bigint on the per-chunk path). */
export function setU64(v: DataView, at: number, x: number): void {
  v.setUint32(at, x >>> 0, true);
  v.setUint32(at + 4, Math.floor(x / 0x100000000), true);
}

/** Writes a chunk header with its CRC into `out` at `at`. */
export function encodeChunkHeader(out: Uint8Array, at: number, h: ChunkHeader): void {
  const v = new DataView(out.buffer, out.byteOffset + at, CHUNK_HEADER_SIZE);
  setU64(v, 0, h.itemNext);
  setU64(v, 8, h.itemPrev);
  v.setUint8(16, h.tag);
  v.setUint8(17, 0);
  v.setUint16(18, h.meta, true);
  v.setUint32(20, h.payloadLength, true);
  v.setUint32(24, h.payloadPrevLength, true);
  v.setUint32(28, crc32c(out, at, at + 28), true);
}

/** The 32-byte file header: identification, total length (0 while writing), version, CRC. */
export function encodeFileHeader(fileLength: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(FILE_HEADER_SIZE);
  out.set(FILE_IDENTIFICATION);
  const v = new DataView(out.buffer);
  v.setBigUint64(16, BigInt(fileLength), true);
  v.setUint32(24, FORMAT_VERSION, true);
  v.setUint32(28, crc32c(out, 0, 28), true);
  return out;
}

/** Writes the 16-byte header of DATA, INDEX and SUMMARY payloads. */
export function writePayloadHeader(v: DataView, timestamp: number, entryCount: number, entryBits: number): void {
  v.setBigInt64(0, BigInt(timestamp), true);
  v.setUint32(8, entryCount, true);
  v.setUint16(12, entryBits, true);
  v.setUint16(14, 0, true);
}

/** Sizing fields of an FSR signal, after defaults and alignment (what SIGNAL_DEF stores). */
export interface SignalSizing {
  samplesPerData: number;
  sampleDecimateFactor: number;
  entriesPerSummary: number;
  summaryDecimateFactor: number;
  annotationDecimateFactor: number;
  utcDecimateFactor: number;
}

const DEFAULTS: Readonly<Record<number, readonly [number, number, number, number]>> = {
  1: [65536, 1024, 1280, 20],
  4: [65536, 1024, 1280, 20],
  8: [32768, 1024, 640, 20],
  16: [16384, 256, 1280, 20],
  32: [8192, 128, 640, 20],
  64: [8192, 128, 640, 20],
};

function roundUp(x: number, m: number): number {
  return Math.ceil(x / m) * m;
}

/**
 * The C library's sizing rules (docs/jls.md, "Signal sizing"): zero fields take the defaults of
 * the sample size, then the decimation factor rounds up to a multiple of 256 bits of samples, the
 * data chunk to a whole number of summary entries, and the summary chunk to a whole number of
 * data chunks. Every reader computes positions from these numbers, so they must match exactly.
 */
export function alignSignalSizing(type: DataType, requested: Partial<SignalSizing>): SignalSizing {
  const bits = dataTypeBits(type);
  const d = DEFAULTS[bits];
  const spd0 = requested.samplesPerData || d[0];
  const sdf0 = requested.sampleDecimateFactor || d[1];
  const eps0 = requested.entriesPerSummary || d[2];
  const sumdf0 = requested.summaryDecimateFactor || d[3];
  const sdf = roundUp(Math.max(sdf0, 10), Math.floor(256 / bits));
  let spd = Math.max(spd0, 10);
  let eps = Math.max(eps0, 10);
  const sumdf = Math.max(sumdf0, 10);
  eps = roundUp(eps, sumdf);
  spd = roundUp(spd, sdf);
  let epd = spd / sdf;
  while (eps % epd !== 0) epd--;
  spd = sdf * epd;
  return {
    samplesPerData: spd,
    sampleDecimateFactor: sdf,
    entriesPerSummary: eps,
    summaryDecimateFactor: sumdf,
    annotationDecimateFactor: requested.annotationDecimateFactor || 100,
    utcDecimateFactor: requested.utcDecimateFactor || 100,
  };
}

/**
 * Samples between consecutive INDEX entries at `level` (docs/jls.md, "Strides"): a data chunk at
 * level 1, a level-1 chunk at level 2, and sumdf times more per level above.
 */
export function indexStride(s: SignalSizing, level: number): number {
  let step = s.samplesPerData;
  if (level > 1) step *= s.entriesPerSummary / (s.samplesPerData / s.sampleDecimateFactor);
  for (let k = 3; k <= level; k++) step *= s.summaryDecimateFactor;
  return step;
}

/** Samples covered by one summary entry at `level` (>= 1). */
export function summaryStep(s: SignalSizing, level: number): number {
  let step = s.sampleDecimateFactor;
  for (let k = 2; k <= level; k++) step *= s.summaryDecimateFactor;
  return step;
}
