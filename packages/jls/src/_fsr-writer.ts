/**
 * One FSR track being written: samples block into DATA chunks of exactly `samplesPerData`
 * samples (all but the last), and the summary pyramid grows above them (docs/jls.md, "FSR track"):
 * each DATA chunk adds its level-1 entries; a level whose summary buffer reaches
 * `entriesPerSummary` entries writes INDEX then SUMMARY and feeds the level above. Close writes
 * the partial chunk and flushes every level, which leaves exactly one INDEX/SUMMARY pair on top.
 *
 * Everything here is synchronous: chunks go into the ChunkWriter's buffer.
 */
import { ChunkList, type ChunkWriter } from './_chunk-writer';
import {
  CHUNK_DATA,
  CHUNK_INDEX,
  CHUNK_SUMMARY,
  LEVEL_COUNT,
  PAYLOAD_HEADER_SIZE,
  TRACK_FSR,
  trackTag,
  writePayloadHeader,
  type SignalSizing,
} from './_format';
import { packSamples, packedSize } from './_samples';
import { reduceSummaries, summarizeBigInts, summarizeBytes, summarizeF32, summarizeNumbers, type SummaryArray } from './_summaries';
import { TrackHead } from './_track-head';
import { dataTypeBits, isFloatType, newSampleArray, summaryIsF64, type DataType, type SampleArray } from './data-type';

interface Level {
  indexTs: number;
  summaryTs: number;
  index: number[];
  summary: SummaryArray;
  summaryCount: number;
}

export class FsrWriter {
  readonly head: TrackHead;
  readonly dataList = new ChunkList();
  readonly indexLists: ChunkList[] = Array.from({ length: LEVEL_COUNT }, () => new ChunkList());
  readonly summaryLists: ChunkList[] = Array.from({ length: LEVEL_COUNT }, () => new ChunkList());
  private readonly levels: Array<Level | null> = new Array<Level | null>(LEVEL_COUNT).fill(null);
  private readonly payload: Uint8Array;
  /** The level-0 buffer, one element per sample (for whole-byte types a view into `payload`). */
  private readonly values: SampleArray;
  private readonly packed: boolean;
  private readonly f64Summary: boolean;
  private count = 0;
  private chunkTs = 0;
  private started = false;

  constructor(
    private readonly io: ChunkWriter,
    readonly signalId: number,
    readonly type: DataType,
    readonly sizing: SignalSizing,
    headOffset: number,
    headOffsets?: readonly number[],
  ) {
    this.head = new TrackHead(io, headOffset, headOffsets);
    const bits = dataTypeBits(type);
    this.packed = bits < 8;
    const dataBytes = packedSize(type, sizing.samplesPerData);
    this.payload = new Uint8Array(PAYLOAD_HEADER_SIZE + dataBytes + 8);
    this.values = this.packed
      ? newSampleArray(type, sizing.samplesPerData)
      : viewOf(type, this.payload.buffer, PAYLOAD_HEADER_SIZE, sizing.samplesPerData);
    this.f64Summary = summaryIsF64(type);
  }

  /** The file sample id the next sample continues from (NaN before the first sample). */
  get nextSampleId(): number {
    return this.started ? this.chunkTs + this.count : NaN;
  }

  /**
   * Appends samples starting at file sample id `sampleId`. A gap before them is filled (NaN for
   * floats, 0 for integers); samples at ids already written are dropped, so the stored stream is
   * contiguous. `src` must already be the type's typed array (checked by the caller).
   */
  write(sampleId: number, src: SampleArray): void {
    const n = src.length;
    if (n === 0) return;
    if (!this.started) {
      this.started = true;
      this.chunkTs = sampleId;
    }
    const next = this.chunkTs + this.count;
    let from = 0;
    if (sampleId < next) {
      from = next - sampleId;
      if (from >= n) return;
    } else if (sampleId > next) {
      this.fill(sampleId - next);
    }
    const spd = this.sizing.samplesPerData;
    while (from < n) {
      const k = Math.min(spd - this.count, n - from);
      (this.values as Float32Array).set((src as Float32Array).subarray(from, from + k), this.count);
      this.count += k;
      from += k;
      if (this.count === spd) this.writeData();
    }
  }

  /**
   * Writes the partial DATA chunk and flushes every summary level with entries, as the C writer
   * does. One deliberate difference: a level whose buffer holds INDEX entries but no summary
   * entry, below a level that already has chunks, is written too (with an empty SUMMARY). The C
   * writer skips it, which leaves the last level-1 INDEX outside the pyramid when a recording
   * ends fewer than sumdf level-1 entries after a level-2 boundary, and readers then miss the
   * last samples. In every other case the bytes are the C writer's.
   */
  close(): void {
    if (this.count > 0) this.writeData();
    for (let level = 1; level < LEVEL_COUNT; level++) {
      const l = this.levels[level];
      if (l === null || l.index.length === 0) continue;
      const needed = l.summaryCount > 0 || l.index.length > 1 || this.head.offsets[level] !== 0;
      if (needed) this.flushLevel(level, true);
    }
  }

  /**
   * Recovery: summarizes a DATA chunk that is already in the file (at `offset`) into level 1, as
   * if it had just been written.
   */
  refeedData(offset: number, timestamp: number, samples: SampleArray): void {
    this.started = true;
    this.chunkTs = timestamp;
    this.count = samples.length;
    (this.values as Float32Array).set(samples as Float32Array);
    this.summary1(offset);
    this.count = 0;
  }

  /**
   * Recovery: feeds a level-`level` INDEX chunk already in the file (at `offset`, with its
   * SUMMARY entries) into level + 1, as the writer did when it wrote that chunk.
   */
  refeedLevel(level: number, offset: number, indexTs: number, summaryTs: number, summary: SummaryArray, count: number): void {
    const l = this.level(level);
    l.indexTs = indexTs;
    l.summaryTs = summaryTs;
    l.index.length = 0;
    this.ensure(l, count);
    l.summary.set(summary.subarray(0, count * 4));
    l.summaryCount = count;
    if (level + 1 < LEVEL_COUNT) this.summaryN(level + 1, offset);
    l.summaryCount = 0;
  }

  private fill(samples: number): void {
    const spd = this.sizing.samplesPerData;
    const gap = isFloatType(this.type) ? NaN : 0;
    while (samples > 0) {
      const k = Math.min(spd - this.count, samples);
      if (this.type === 'u64' || this.type === 'i64') (this.values as BigInt64Array).fill(0n, this.count, this.count + k);
      else (this.values as Float64Array).fill(gap, this.count, this.count + k);
      this.count += k;
      samples -= k;
      if (this.count === spd) this.writeData();
    }
  }

  private writeData(): void {
    const bits = dataTypeBits(this.type);
    writePayloadHeader(new DataView(this.payload.buffer, 0, PAYLOAD_HEADER_SIZE), this.chunkTs, this.count, bits);
    const size = packedSize(this.type, this.count);
    if (this.packed) packSamples(this.type, this.values, this.count, this.payload, PAYLOAD_HEADER_SIZE);
    const offset = this.io.append(
      this.dataList,
      trackTag(TRACK_FSR, CHUNK_DATA),
      this.signalId,
      this.payload.subarray(0, PAYLOAD_HEADER_SIZE + size),
    );
    this.head.first(0, offset);
    this.summary1(offset);
    this.chunkTs += this.sizing.samplesPerData;
    this.count = 0;
    this.io.safePoint();
  }

  private level(level: number): Level {
    let l = this.levels[level];
    if (l === null) {
      const entries = this.sizing.entriesPerSummary * 4;
      l = {
        indexTs: 0,
        summaryTs: 0,
        index: [],
        summary: this.f64Summary ? new Float64Array(entries) : new Float32Array(entries),
        summaryCount: 0,
      };
      this.levels[level] = l;
    }
    return l;
  }

  /** Room for `extra` more entries (only a malformed file being recovered can need it). */
  private ensure(l: Level, extra: number): void {
    const need = (l.summaryCount + extra) * 4;
    if (need <= l.summary.length) return;
    const grown = this.f64Summary ? new Float64Array(need) : new Float32Array(need);
    grown.set(l.summary);
    l.summary = grown;
  }

  private summary1(offset: number): void {
    const l = this.level(1);
    if (l.index.length === 0) {
      l.indexTs = this.chunkTs;
      l.summaryTs = this.chunkTs;
    }
    l.index.push(offset);
    const sdf = this.sizing.sampleDecimateFactor;
    this.ensure(l, Math.floor(this.count / sdf));
    const x = this.values;
    if (x instanceof Float32Array) l.summaryCount += summarizeF32(x, this.count, sdf, l.summary, l.summaryCount);
    else if (x instanceof Uint8Array) l.summaryCount += summarizeBytes(x, this.count, sdf, l.summary, l.summaryCount);
    else if (x instanceof BigInt64Array || x instanceof BigUint64Array) {
      l.summaryCount += summarizeBigInts(x, this.count, sdf, l.summary, l.summaryCount);
    } else l.summaryCount += summarizeNumbers(x, this.count, sdf, l.summary, l.summaryCount);
    if (l.summaryCount >= this.sizing.entriesPerSummary) this.flushLevel(1);
  }

  private summaryN(level: number, offset: number): void {
    const src = this.levels[level - 1] as Level;
    const dst = this.level(level);
    if (dst.index.length === 0) {
      dst.indexTs = src.indexTs;
      dst.summaryTs = src.summaryTs;
    }
    dst.index.push(offset);
    const sumdf = this.sizing.summaryDecimateFactor;
    this.ensure(dst, Math.floor(src.summaryCount / sumdf));
    dst.summaryCount += reduceSummaries(src.summary, src.summaryCount, sumdf, dst.summary, dst.summaryCount);
    if (dst.summaryCount >= this.sizing.entriesPerSummary) this.flushLevel(level);
  }

  /**
   * Writes INDEX(level) then SUMMARY(level), feeds level + 1, and empties the level. A level
   * without summary entries is written only when closing (`always`).
   */
  private flushLevel(level: number, always = false): void {
    const l = this.levels[level] as Level;
    if (l.summaryCount === 0 && !always) return;
    const meta = this.signalId | (level << 12);
    const n = l.index.length;
    const index = new Uint8Array(PAYLOAD_HEADER_SIZE + n * 8);
    const iv = new DataView(index.buffer);
    writePayloadHeader(iv, l.indexTs, n, 64);
    for (let i = 0; i < n; i++) iv.setBigUint64(PAYLOAD_HEADER_SIZE + i * 8, BigInt(l.index[i]), true);
    const indexOffset = this.io.append(this.indexLists[level], trackTag(TRACK_FSR, CHUNK_INDEX), meta, index);
    this.head.first(level, indexOffset);

    const entryBytes = this.f64Summary ? 32 : 16;
    const summary = new Uint8Array(PAYLOAD_HEADER_SIZE + l.summaryCount * entryBytes);
    writePayloadHeader(new DataView(summary.buffer), l.summaryTs, l.summaryCount, entryBytes * 8);
    const s = l.summary;
    summary.set(new Uint8Array(s.buffer, s.byteOffset, l.summaryCount * entryBytes), PAYLOAD_HEADER_SIZE);
    this.io.append(this.summaryLists[level], trackTag(TRACK_FSR, CHUNK_SUMMARY), meta, summary);

    if (level + 1 < LEVEL_COUNT) this.summaryN(level + 1, indexOffset);
    l.index.length = 0;
    l.summaryCount = 0;
  }
}

/** A typed-array view of `length` samples of a whole-byte type over `buffer` at `byteOffset`. */
function viewOf(type: DataType, buffer: ArrayBufferLike, byteOffset: number, length: number): SampleArray {
  switch (type) {
    case 'u8':
      return new Uint8Array(buffer, byteOffset, length);
    case 'i8':
      return new Int8Array(buffer, byteOffset, length);
    case 'u16':
      return new Uint16Array(buffer, byteOffset, length);
    case 'i16':
      return new Int16Array(buffer, byteOffset, length);
    case 'u32':
      return new Uint32Array(buffer, byteOffset, length);
    case 'i32':
      return new Int32Array(buffer, byteOffset, length);
    case 'u64':
      return new BigUint64Array(buffer, byteOffset, length);
    case 'i64':
      return new BigInt64Array(buffer, byteOffset, length);
    case 'f32':
      return new Float32Array(buffer, byteOffset, length);
    default:
      return new Float64Array(buffer, byteOffset, length);
  }
}
