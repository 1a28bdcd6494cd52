/**
 * JlsReader: opens JLS v2 files written by this package, pyjls or the Joulescope UI (docs/jls.md,
 * "Reading"), in Node (a path) or a browser (a Blob or File), never writing to them. A file that
 * was not closed (a crash) is recovered in memory: every complete DATA chunk is readable, with
 * the missing summary levels rebuilt as the C library would rebuild them.
 *
 * Sample ids at this API are 0-based (file sample id minus the signal's `sampleIdOffset`), as in
 * pyjls. Calls may overlap; they run one at a time.
 */
import { checkInteger } from './_checks';
import { ChunkReader, type Chunk } from './_chunk-reader';
import {
  CHUNK_DATA,
  CHUNK_DEF,
  CHUNK_HEAD,
  CHUNK_HEADER_SIZE,
  FILE_HEADER_SIZE,
  FILE_IDENTIFICATION,
  LEVEL_COUNT,
  SIGNAL_FSR,
  SIGNAL_VSR,
  STORAGE_BINARY,
  STORAGE_JSON,
  STORAGE_STRING,
  TAG,
  TRACK_ANNOTATION,
  TRACK_FSR,
  TRACK_HEAD_PAYLOAD_SIZE,
  TRACK_UTC,
  TRACK_VSR,
  trackTag,
  type SignalSizing,
} from './_format';
import { crc32c } from './_crc32c';
import { FsrReader } from './_fsr-reader';
import { nodeFileSource } from './_node-file';
import { pythonJsonParse, type JsonValue } from './_python-json';
import type { Overlay } from './_overlay';
import { overlayOf, repairFsr, scanChunks, type Scan } from './_recovery';
import { TimeMap } from './_time-map';
import { DATA_TYPES, dataTypeBits, dataTypeName, type DataType, type SampleArray } from './data-type';
import { JlsError } from './errors';
import type { Annotation, AnnotationType, SignalInfo, SourceInfo, StorageType, UserDataEntry, UtcEntry } from './records';
import { blobSource, bytesSource, type BlobLike, type JlsSource } from './source';

/** Options of `JlsReader.open`. */
export interface JlsReaderOptions {
  /**
   * The largest chunk payload the reader accepts (bytes; default 256 MiB, twice the largest a
   * writer with sizing fields up to 2^24 makes). Bigger claims are refused as `too_large` before
   * any allocation.
   */
  maxChunkSize?: number;
}

/** What `JlsReader.open` reads: a path (Node), a JlsSource, a Blob or File, or the bytes. */
export type JlsInput = string | JlsSource | BlobLike | Uint8Array;

/** Most samples one `fsr` call returns (2^28); read longer spans in pieces. */
export const MAX_READ_SAMPLES = 1 << 28;
/** Most rows one `fsrStatistics` call returns (2^24). */
export const MAX_STATISTICS_ROWS = 1 << 24;

const JLS_V1_PREFIX = [0xd3, 0x74, 0x61, 0x67, 0x66, 0x6d, 0x74, 0x20];
const ANNOTATION_TYPES: readonly AnnotationType[] = ['user', 'text', 'vmarker', 'hmarker'];
const STORAGE: Readonly<Record<number, StorageType>> = { [STORAGE_BINARY]: 'binary', [STORAGE_STRING]: 'string', [STORAGE_JSON]: 'json' };
const decoder = new TextDecoder();

interface SignalRecord {
  info: SignalInfo;
  sizing: SignalSizing;
  /** Per track type: HEAD chunk offset and its 16 offsets. */
  heads: Array<{ headOffset: number; offsets: number[] } | null>;
  fsr: FsrReader | null;
  timeMap: TimeMap | null;
}

function view(payload: Uint8Array): DataView {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
}

function safeInt(v: DataView, at: number, offset: number, what: string): number {
  const x = v.getBigInt64(at, true);
  if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new JlsError('bad_chunk', `${what} ${x} is beyond 2^53`, offset);
  }
  return Number(x);
}

/** A NUL-terminated string (the C writer adds 0x1F after the NUL) from `payload[at...]`. */
function readString(payload: Uint8Array, at: number, offset: number): [string, number] {
  const nul = payload.indexOf(0, at);
  if (nul < 0) throw new JlsError('bad_chunk', 'a string without its NUL terminator', offset);
  const s = decoder.decode(payload.subarray(at, nul));
  return [s, payload[nul + 1] === 0x1f ? nul + 2 : nul + 1];
}

/** User or annotation data by storage type: bytes, text (without its NUL), or parsed JSON. */
function decodeData(storage: StorageType, bytes: Uint8Array, offset: number): string | Uint8Array | JsonValue {
  if (storage === 'binary') return bytes.slice();
  const text = decoder.decode(bytes.length > 0 && bytes[bytes.length - 1] === 0 ? bytes.subarray(0, bytes.length - 1) : bytes);
  if (storage === 'string') return text;
  try {
    return pythonJsonParse(text);
  } catch (e) {
    throw new JlsError('bad_chunk', `JSON data that does not parse: ${(e as Error).message}`, offset, { cause: e });
  }
}

/** Why an FSR signal's sizing cannot be read safely (null: it can). */
function sizingProblem(type: DataType, s: SignalSizing, maxChunkSize: number): string | null {
  const { samplesPerData: spd, sampleDecimateFactor: sdf, entriesPerSummary: eps, summaryDecimateFactor: sumdf } = s;
  const limit = 1 << 30;
  if (![spd, sdf, eps, sumdf].every((x) => Number.isInteger(x) && x >= 1 && x <= limit)) return 'sizing fields out of range';
  if (spd % sdf !== 0) return 'samples_per_data is not a multiple of sample_decimate_factor';
  if (eps % (spd / sdf) !== 0) return 'entries_per_summary is not a multiple of the entries per data chunk';
  if (sumdf < 2) return 'summary_decimate_factor below 2';
  // Buffers are sized from these fields: they must describe chunks the reader would accept.
  if (Math.ceil((spd * dataTypeBits(type)) / 8) > maxChunkSize || eps * 32 > maxChunkSize) {
    return `its chunks would exceed maxChunkSize (${maxChunkSize} bytes)`;
  }
  return null;
}

/**
 * A JLS v2 file open for reading: its sources and signals, and methods for samples,
 * statistics, annotations, UTC entries and user data. Create with `JlsReader.open`.
 */
export class JlsReader {
  /** Sources in id order (0 is the file's reserved global source). */
  readonly sources: readonly SourceInfo[];
  /** Signals in id order; FSR signals carry `length`. */
  readonly signals: readonly SignalInfo[];
  /** True when the file was not closed and was recovered in memory. */
  readonly recovered: boolean;
  /** What the reader ignored or repaired, one sentence each (empty for a sound file). */
  readonly warnings: readonly string[];
  private readonly byId: Map<number, SignalRecord>;
  private queue: Promise<unknown> = Promise.resolve();
  private open = true;

  private constructor(
    private readonly file: JlsSource,
    private readonly chunks: ChunkReader,
    private readonly userDataHead: number,
    sources: SourceInfo[],
    byId: Map<number, SignalRecord>,
    recovered: boolean,
    warnings: string[],
  ) {
    this.sources = sources;
    this.byId = byId;
    this.signals = [...byId.values()].map((r) => r.info);
    this.recovered = recovered;
    this.warnings = warnings;
  }

  /**
   * Opens a JLS file read-only: a path (Node.js), a Blob or File (browser), a JlsSource, or the
   * file's bytes. Throws JlsError (with `code` and `offset`) for files it cannot read.
   */
  static async open(input: JlsInput, options: JlsReaderOptions = {}): Promise<JlsReader> {
    const maxChunkSize = options.maxChunkSize === undefined ? 256 << 20 : checkInteger('maxChunkSize', options.maxChunkSize, 1024, 2 ** 32);
    const file = toSource(input);
    try {
      return await JlsReader.read(file, maxChunkSize);
    } catch (e) {
      await file.close?.();
      throw e;
    }
  }

  private static async read(file: JlsSource, maxChunkSize: number): Promise<JlsReader> {
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
      throw new JlsError('unsupported', 'JLS files are little-endian; this host is big-endian');
    }
    const size = file.size;
    const warnings: string[] = [];
    const probe = new ChunkReader(file, size, maxChunkSize);
    const header = new Uint8Array(FILE_HEADER_SIZE);
    const got = Math.min(size, FILE_HEADER_SIZE);
    if (got > 0) await probe.readExact(0, header.subarray(0, got));
    if (got < 16 || FILE_IDENTIFICATION.some((b, i) => header[i] !== b)) {
      const v1 = got >= 8 && JLS_V1_PREFIX.every((b, i) => header[i] === b);
      throw new JlsError('not_jls', v1 ? 'this is a JLS v1 file; only JLS v2 is supported' : 'not a JLS v2 file (the identification bytes do not match)', 0);
    }
    if (got < FILE_HEADER_SIZE) throw new JlsError('truncated', 'the file ends inside its 32-byte header', 0);
    const hv = view(header);
    if (crc32c(header, 0, 28) !== hv.getUint32(28, true)) throw new JlsError('header_crc', 'the file header does not match its CRC', 0);
    const major = header[27];
    if (major > 1) throw new JlsError('version', `format version ${major}.${header[26]} is newer than 1.x`, 0);

    // Closed files end with END; its position is the header length (0 if never set).
    const declared = Number(hv.getBigUint64(16, true));
    let end = 0;
    for (const candidate of [declared, size - (size % 8)]) {
      if (end === 0 && candidate >= FILE_HEADER_SIZE + 2 * CHUNK_HEADER_SIZE && candidate <= size && candidate % 8 === 0) {
        if (await isEnd(probe, candidate - CHUNK_HEADER_SIZE)) end = candidate;
      }
    }
    // An unfinished file is read through an overlay that holds its repair.
    let overlay: Overlay | null = null;
    let scan: Scan | null = null;
    if (end === 0) {
      const found = await scanChunks(file, size, maxChunkSize);
      end = found.end;
      if (!found.closed) {
        scan = found;
        overlay = await overlayOf(file, scan, maxChunkSize);
        warnings.push(
          `the file was not closed: ${scan.chunkCount} complete chunks read, ${size - end} bytes after byte ${end} ignored, ` +
            'missing summaries rebuilt in memory (the file is unchanged)',
        );
      }
    }
    const recovered = overlay !== null;
    if (overlay === null && end < size) warnings.push(`${size - end} bytes after the END chunk are ignored`);
    let chunks = overlay === null ? new ChunkReader(file, end, maxChunkSize) : new ChunkReader(overlay, overlay.size, maxChunkSize);

    // The list heads: the first USER_DATA, SOURCE_DEF and SIGNAL_DEF in file order.
    let userDataHead = 0;
    let sourceHead = 0;
    let signalHead = 0;
    for (let pos = FILE_HEADER_SIZE; pos + CHUNK_HEADER_SIZE <= chunks.end && (userDataHead === 0 || sourceHead === 0 || signalHead === 0); ) {
      const h = await chunks.header(pos);
      if (h.tag === TAG.USER_DATA && userDataHead === 0) userDataHead = pos;
      else if (h.tag === TAG.SOURCE_DEF && sourceHead === 0) sourceHead = pos;
      else if (h.tag === TAG.SIGNAL_DEF && signalHead === 0) signalHead = pos;
      else if (h.tag === TAG.END) break;
      pos += h.size;
    }
    if (sourceHead === 0) throw new JlsError('bad_chunk', 'the file defines no source (no SOURCE_DEF chunk)', FILE_HEADER_SIZE);
    if (signalHead === 0) throw new JlsError('bad_chunk', 'the file defines no signal (no SIGNAL_DEF chunk)', FILE_HEADER_SIZE);

    const sourceMap = new Map<number, SourceInfo>();
    await walk(chunks, sourceHead, (c) => {
      if (c.header.tag !== TAG.SOURCE_DEF) throw new JlsError('bad_chunk', 'the source list holds a chunk that is not a SOURCE_DEF', c.header.offset);
      const p = c.payload;
      if (p.length < 64) throw new JlsError('bad_chunk', 'a SOURCE_DEF payload is shorter than 64 bytes', c.header.offset);
      const fields: string[] = [];
      let at = 64;
      for (let i = 0; i < 5; i++) {
        const [s, next] = readString(p, at, c.header.offset);
        fields.push(s);
        at = next;
      }
      const sourceId = c.header.meta;
      if (sourceId > 255) {
        warnings.push(`source id ${sourceId} (at byte ${c.header.offset}) is over 255: skipped`);
        return;
      }
      sourceMap.set(sourceId, { sourceId, name: fields[0], vendor: fields[1], model: fields[2], version: fields[3], serialNumber: fields[4] });
    });

    const records = new Map<number, SignalRecord>();
    await walk(chunks, signalHead, (c) => {
      const { tag, meta, offset } = c.header;
      if (tag === TAG.SIGNAL_DEF) {
        const r = parseSignalDef(c, warnings, maxChunkSize);
        if (r === null) return;
        if (records.has(r.info.signalId)) warnings.push(`signal ${r.info.signalId} is defined twice; the later definition is used`);
        if (!sourceMap.has(r.info.sourceId)) warnings.push(`signal ${r.info.signalId} refers to source ${r.info.sourceId}, which is not defined`);
        records.set(r.info.signalId, r);
      } else if ((tag & 0xe0) === 0x20 && ((tag & 7) === CHUNK_DEF || (tag & 7) === CHUNK_HEAD)) {
        const signalId = meta & 0x0fff;
        const r = records.get(signalId);
        const trackType = (tag >> 3) & 3;
        const allowed = r === undefined ? [] : r.info.signalType === 'fsr' ? [TRACK_FSR, TRACK_ANNOTATION, TRACK_UTC] : [TRACK_VSR, TRACK_ANNOTATION];
        if (!allowed.includes(trackType)) {
          warnings.push(`a track chunk (tag 0x${tag.toString(16)}) at byte ${offset} belongs to no defined signal: skipped`);
          return;
        }
        if ((tag & 7) === CHUNK_HEAD) {
          if (c.payload.length !== TRACK_HEAD_PAYLOAD_SIZE) {
            warnings.push(`the track head at byte ${offset} is not ${TRACK_HEAD_PAYLOAD_SIZE} bytes: skipped`);
            return;
          }
          const v = view(c.payload);
          const offsets: number[] = [];
          for (let i = 0; i < LEVEL_COUNT; i++) {
            const o = v.getBigUint64(i * 8, true);
            if (o > BigInt(Number.MAX_SAFE_INTEGER)) throw new JlsError('bad_offset', `a track head points to byte ${o}`, offset);
            offsets.push(Number(o));
          }
          (r as SignalRecord).heads[trackType] = { headOffset: offset, offsets };
        }
      } else {
        warnings.push(`the signal list holds an unknown chunk (tag 0x${tag.toString(16)}) at byte ${offset}: skipped`);
      }
    });

    if (overlay !== null && scan !== null) {
      for (const r of records.values()) {
        const h = r.heads[TRACK_FSR];
        if (r.info.signalType !== 'fsr' || h === null) continue;
        await repairFsr(overlay, scan, { signalId: r.info.signalId, type: r.info.dataType, sizing: r.sizing, headOffset: h.headOffset, offsets: h.offsets }, maxChunkSize);
      }
      chunks = new ChunkReader(overlay, overlay.size, maxChunkSize);
    }

    const ordered = new Map([...records.entries()].sort((a, b) => a[0] - b[0]));
    for (const r of ordered.values()) {
      if (r.info.signalType !== 'fsr') continue;
      const offsets = r.heads[TRACK_FSR]?.offsets ?? new Array<number>(LEVEL_COUNT).fill(0);
      r.fsr = new FsrReader(chunks, { signalId: r.info.signalId, type: r.info.dataType, sizing: r.sizing, offsets });
      await r.fsr.init();
      r.info.sampleIdOffset = r.fsr.sampleIdOffset;
      r.info.length = r.fsr.length;
    }
    const sources = [...sourceMap.values()].sort((a, b) => a.sourceId - b.sourceId);
    return new JlsReader(file, chunks, userDataHead, sources, ordered, recovered, warnings);
  }

  /** The signal with this id (RangeError if the file has none). */
  signal(signalId: number): SignalInfo {
    return this.record(signalId).info;
  }

  /**
   * Samples [start, start + length) of an FSR signal (API sample ids), one element per sample
   * in the type's typed array: Float32Array for f32, Uint8Array for u8, u4 and u1 (0/1), ...
   */
  fsr(signalId: number, start: number, length: number): Promise<SampleArray> {
    const { r, fsr } = this.fsrRecord(signalId);
    checkInteger('start', start, 0, Number.MAX_SAFE_INTEGER);
    checkInteger('length', length, 0, MAX_READ_SAMPLES);
    if (start + length > r.info.length) {
      throw new RangeError(`signal ${signalId} holds ${r.info.length} samples; [${start}, ${start + length}) is beyond them`);
    }
    return this.exclusive(() => fsr.samples(start, length));
  }

  /**
   * `length` rows of [mean, std, min, max] (a Float64Array of length × 4) over consecutive spans
   * of `increment` samples from `start`. Zoomed-out rows come from the summary pyramid as the C
   * reader computes them; `length` 1 covers exactly the span (the summaries inside it plus the
   * samples at its edges). NaN samples are skipped; a row with no finite sample is all NaN. The
   * std is the sample std (n - 1).
   */
  fsrStatistics(signalId: number, start: number, increment: number, length: number): Promise<Float64Array> {
    const { r, fsr } = this.fsrRecord(signalId);
    checkInteger('start', start, 0, Number.MAX_SAFE_INTEGER);
    checkInteger('increment', increment, 1, Number.MAX_SAFE_INTEGER);
    checkInteger('length', length, 0, MAX_STATISTICS_ROWS);
    if (start + increment * length > r.info.length) {
      throw new RangeError(
        `signal ${signalId} holds ${r.info.length} samples; ${length} rows of ${increment} from ${start} reach ${start + increment * length}`,
      );
    }
    if (length === 0) return Promise.resolve(new Float64Array(0));
    return this.exclusive(() => fsr.statistics(start, increment, length));
  }

  /** The annotations of an FSR signal, in file order (sample-id order for well-formed files). */
  annotations(signalId: number): Promise<Annotation[]> {
    // VSR annotations (the reserved signal 0) are keyed by UTC, not by sample: not read here.
    const { r } = this.fsrRecord(signalId, 'sample-keyed annotations');
    const first = r.heads[TRACK_ANNOTATION]?.offsets[0] ?? 0;
    const offset0 = r.info.sampleIdOffset;
    return this.exclusive(async () => {
      const out: Annotation[] = [];
      await walk(this.chunks, first, (c) => {
        const { tag, meta, offset } = c.header;
        if (tag !== trackTag(TRACK_ANNOTATION, CHUNK_DATA) || meta !== signalId) {
          throw new JlsError('bad_chunk', `the annotation list of signal ${signalId} holds another kind of chunk`, offset);
        }
        const p = c.payload;
        if (p.length < 28) throw new JlsError('bad_chunk', 'an annotation payload is shorter than 28 bytes', offset);
        const v = view(p);
        const type = ANNOTATION_TYPES[p[16]];
        const storage = STORAGE[p[17]];
        const size = v.getUint32(24, true);
        if (type === undefined) throw new JlsError('bad_chunk', `annotation type ${p[16]} is not 0..3`, offset);
        if (storage === undefined) throw new JlsError('bad_chunk', `annotation storage type ${p[17]} is not 1..3`, offset);
        if (28 + size > p.length) throw new JlsError('bad_chunk', `annotation data of ${size} bytes overruns its payload`, offset);
        out.push({
          sampleId: safeInt(v, 0, offset, 'an annotation sample id') - offset0,
          y: v.getFloat32(20, true),
          type,
          groupId: p[18],
          storage,
          data: decodeData(storage, p.subarray(28, 28 + size), offset),
        });
      });
      return out;
    });
  }

  /** The sample-id to UTC entries of an FSR signal, in file order. */
  utc(signalId: number): Promise<UtcEntry[]> {
    const { r } = this.fsrRecord(signalId);
    return this.exclusive(() => this.utcOf(r));
  }

  /** The user-data records (after the file's empty sentinel), in file order. */
  userData(): Promise<UserDataEntry[]> {
    this.checkOpen();
    return this.exclusive(async () => {
      const out: UserDataEntry[] = [];
      if (this.userDataHead === 0) return out;
      const sentinel = await this.chunks.header(this.userDataHead);
      await walk(this.chunks, sentinel.itemNext, (c) => {
        const { tag, meta, offset } = c.header;
        if (tag !== TAG.USER_DATA) throw new JlsError('bad_chunk', 'the user-data list holds another kind of chunk', offset);
        const storage = STORAGE[meta >> 12];
        if (storage === undefined) throw new JlsError('bad_chunk', `user-data storage type ${meta >> 12} is not 1..3`, offset);
        out.push({ chunkMeta: meta & 0x0fff, storage, data: decodeData(storage, c.payload, offset) });
      });
      return out;
    });
  }

  /** The UTC time64 of an API sample id, from the signal's UTC entries (null without any). */
  sampleIdToTime64(signalId: number, sampleId: number): Promise<bigint | null> {
    const { r } = this.fsrRecord(signalId);
    checkInteger('sampleId', sampleId, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    return this.exclusive(async () => (await this.timeMap(r)).sampleIdToTime64(sampleId));
  }

  /** The API sample id at a UTC time64, from the signal's UTC entries (null without any). */
  time64ToSampleId(signalId: number, time64: bigint): Promise<number | null> {
    const { r } = this.fsrRecord(signalId);
    if (typeof time64 !== 'bigint') throw new TypeError('time64 must be a bigint');
    return this.exclusive(async () => (await this.timeMap(r)).time64ToSampleId(time64));
  }

  /** Closes the file (its source). Later calls throw `closed`. */
  close(): Promise<void> {
    this.checkOpen();
    this.open = false;
    return this.exclusive(async () => {
      await this.file.close?.();
    });
  }

  private async utcOf(r: SignalRecord): Promise<UtcEntry[]> {
    const out: UtcEntry[] = [];
    const offset0 = r.info.sampleIdOffset;
    await walk(this.chunks, r.heads[TRACK_UTC]?.offsets[0] ?? 0, (c) => {
      const { tag, meta, offset } = c.header;
      if (tag !== trackTag(TRACK_UTC, CHUNK_DATA) || meta !== r.info.signalId) {
        throw new JlsError('bad_chunk', `the UTC list of signal ${r.info.signalId} holds another kind of chunk`, offset);
      }
      if (c.payload.length < 24) throw new JlsError('bad_chunk', 'a UTC payload is shorter than 24 bytes', offset);
      const v = view(c.payload);
      out.push({ sampleId: safeInt(v, 0, offset, 'a UTC sample id') - offset0, time64: v.getBigInt64(16, true) });
    });
    return out;
  }

  private async timeMap(r: SignalRecord): Promise<TimeMap> {
    r.timeMap ??= new TimeMap(await this.utcOf(r), r.info.sampleRate);
    return r.timeMap;
  }

  private checkOpen(): void {
    if (!this.open) throw new JlsError('closed', 'the JlsReader is closed');
  }

  private record(signalId: number): SignalRecord {
    this.checkOpen();
    checkInteger('signalId', signalId, 0, 0x0fff);
    const r = this.byId.get(signalId);
    if (r === undefined) {
      throw new RangeError(`the file has no signal ${signalId} (signals: ${[...this.byId.keys()].join(', ')})`);
    }
    return r;
  }

  private fsrRecord(signalId: number, what = 'samples, statistics or UTC entries'): { r: SignalRecord; fsr: FsrReader } {
    const r = this.record(signalId);
    if (r.info.signalType !== 'fsr') {
      throw new RangeError(`signal ${signalId} is a variable-rate (VSR) signal: it has no ${what} to read (only FSR signals, 1..255, do)`);
    }
    return { r, fsr: r.fsr as FsrReader };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function toSource(input: JlsInput): JlsSource {
  if (typeof input === 'string') {
    try {
      return nodeFileSource(input);
    } catch (e) {
      if (e instanceof TypeError) throw e;
      throw new JlsError('io', `cannot open ${input}: ${(e as Error).message}`, undefined, { cause: e });
    }
  }
  if (input instanceof Uint8Array) return bytesSource(input);
  if (input !== null && typeof input === 'object') {
    if (typeof (input as JlsSource).read === 'function' && typeof (input as JlsSource).size === 'number') return input as JlsSource;
    if (typeof (input as BlobLike).slice === 'function' && typeof (input as BlobLike).size === 'number') return blobSource(input as BlobLike);
  }
  throw new TypeError('JlsReader.open takes a file path, a Blob or File, a Uint8Array or a JlsSource ({ size, read(position, into) })');
}

async function isEnd(reader: ChunkReader, offset: number): Promise<boolean> {
  try {
    const h = await reader.header(offset);
    return h.tag === TAG.END && h.payloadLength === 0;
  } catch (e) {
    if (e instanceof JlsError && e.code !== 'io') return false;
    throw e;
  }
}

/** Follows a list from `first` (0: empty). Links must move forward, so a list cannot loop. */
async function walk(chunks: ChunkReader, first: number, fn: (c: Chunk) => void): Promise<void> {
  let offset = first;
  while (offset !== 0) {
    const c = await chunks.chunk(offset);
    fn(c);
    const next = c.header.itemNext;
    if (next !== 0 && next <= offset) throw new JlsError('bad_offset', `a list link from byte ${offset} points back to byte ${next}`, offset);
    offset = next;
  }
}

function parseSignalDef(c: Chunk, warnings: string[], maxChunkSize: number): SignalRecord | null {
  const { payload: p, header } = c;
  const offset = header.offset;
  if (p.length < 128) throw new JlsError('bad_chunk', 'a SIGNAL_DEF payload is shorter than 128 bytes', offset);
  const v = view(p);
  const signalId = header.meta;
  const [name, next] = readString(p, 128, offset);
  const [units] = readString(p, next, offset);
  const signalTypeCode = v.getUint8(2);
  const code = v.getUint32(4, true);
  const dataType = dataTypeName(code);
  const skip = (why: string): null => {
    warnings.push(`signal ${signalId} (${name}) at byte ${offset} is skipped: ${why}`);
    return null;
  };
  if (signalId > 255) return skip('its id is over 255');
  if (signalTypeCode !== SIGNAL_FSR && signalTypeCode !== SIGNAL_VSR) return skip(`signal type ${signalTypeCode} is neither FSR nor VSR`);
  if (dataType === undefined) return skip(`data type 0x${code.toString(16)} is not one this reader decodes`);
  const sizing: SignalSizing = {
    samplesPerData: v.getUint32(12, true),
    sampleDecimateFactor: v.getUint32(16, true),
    entriesPerSummary: v.getUint32(20, true),
    summaryDecimateFactor: v.getUint32(24, true),
    annotationDecimateFactor: v.getUint32(28, true),
    utcDecimateFactor: v.getUint32(32, true),
  };
  const sampleRate = v.getUint32(8, true);
  if (signalTypeCode === SIGNAL_FSR) {
    if (sampleRate === 0) return skip('an FSR signal needs a sample rate');
    const problem = sizingProblem(dataType, sizing, maxChunkSize);
    if (problem !== null) return skip(problem);
  }
  const info: SignalInfo = {
    signalId,
    sourceId: v.getUint16(0, true),
    signalType: signalTypeCode === SIGNAL_FSR ? 'fsr' : 'vsr',
    dataType: dataType satisfies DataType,
    dataTypeCode: DATA_TYPES[dataType],
    sampleRate,
    name,
    units,
    ...sizing,
    sampleIdOffset: 0,
    length: 0,
  };
  return { info, sizing, heads: [null, null, null, null], fsr: null, timeMap: null };
}
