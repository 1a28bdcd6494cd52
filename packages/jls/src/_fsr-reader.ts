/**
 * Reading one FSR track (docs/jls.md, "Reading"): its length, its samples, and statistics from
 * the summary pyramid as the C reader computes them, with this project's NaN rule.
 *
 * Positions are arithmetic, as in the C reader: from the single top INDEX, entry
 * (sid - index.timestamp) / stride leads one level down, to a level-1 INDEX whose entry
 * (sid - timestamp) / samplesPerData is the DATA chunk. An entry of 0 is a chunk the C writer
 * omitted (constant u1/u4/u8 data); its samples are rebuilt from the level-1 summary.
 */
import type { ChunkReader } from './_chunk-reader';
import {
  CHUNK_DATA,
  CHUNK_INDEX,
  CHUNK_SUMMARY,
  LEVEL_COUNT,
  PAYLOAD_HEADER_SIZE,
  TRACK_FSR,
  indexStride,
  summaryStep,
  trackTag,
  type SignalSizing,
} from './_format';
import { packedSize, unpackSamples } from './_samples';
import { dataTypeBits, integerRange, isFloatType, newSampleArray, type DataType, type SampleArray } from './data-type';
import { JlsError } from './errors';

const TAG_DATA = trackTag(TRACK_FSR, CHUNK_DATA);
const TAG_INDEX = trackTag(TRACK_FSR, CHUNK_INDEX);
const TAG_SUMMARY = trackTag(TRACK_FSR, CHUNK_SUMMARY);
/** The C reader's rule: a level is used when a row spans at least this many of its entries. */
const DECIMATE_PER_DURATION = 25;

/** What the reader knows of an FSR signal. */
export interface FsrSignal {
  signalId: number;
  type: DataType;
  sizing: SignalSizing;
  /** TRACK_FSR_HEAD offsets: the first DATA chunk, then the first INDEX of each level. */
  offsets: readonly number[];
}

export interface Index {
  offset: number;
  size: number;
  itemNext: number;
  ts: number;
  entries: number[];
}

export interface Summary {
  offset: number;
  itemNext: number;
  ts: number;
  count: number;
  values: Float32Array | Float64Array;
}

/** A DATA chunk's samples: packed payload bytes, or values rebuilt for an omitted chunk. */
interface Block {
  ts: number;
  count: number;
  payload: Uint8Array | null;
  values: SampleArray | null;
}

/** A DATA chunk read from the file. */
export interface DataChunk extends Block {
  offset: number;
  itemNext: number;
}

/** Thrown inside the statistics code when a level cannot serve the rest of a request. */
class LevelShort extends Error {
  constructor(readonly done: number) {
    super('internal: a summary level ends before the request');
  }
}

/**
 * Statistics rows inside this module: [k, mean, std, min, max] per row, where k counts the
 * finite samples behind the row (0: no finite sample, the public row is NaN).
 */
const ROW = 5;

/** A statistics accumulator: [k, mean, s (sum of squared deviations), min, max]. */
type Acc = Float64Array;

function accReset(a: Acc): void {
  a[0] = 0;
  a[1] = 0;
  a[2] = 0;
  a[3] = Number.MAX_VALUE;
  a[4] = -Number.MAX_VALUE;
}

/**
 * Adds a row of [mean, std, min, max] standing for `count` samples, as the C reader does
 * (f32_to_stats then jls_statistics_combine): the stored std counts as a sample std. A row with
 * a non-finite mean holds no finite sample and adds nothing.
 */
function accAddRow(a: Acc, mean: number, std: number, min: number, max: number, count: number): void {
  if (!(mean - mean === 0) || count <= 0) return;
  const s = count > 1 ? std * std * (count - 1) : 0;
  const ak = a[0];
  if (ak === 0) {
    a[0] = count;
    a[1] = mean;
    a[2] = s;
    a[3] = min;
    a[4] = max;
    return;
  }
  const kt = ak + count;
  const f1 = ak / kt;
  const m = f1 * a[1] + (1 - f1) * mean;
  const d1 = a[1] - m;
  const d2 = mean - m;
  a[2] = a[2] + ak * d1 * d1 + (s + count * d2 * d2);
  a[1] = m;
  if (!(a[3] < min)) a[3] = min;
  if (!(a[4] > max)) a[4] = max;
  a[0] = kt;
}

/** Row `row` of `out` (stride ROW) from an accumulator: the C reader's stats_to_f64. */
function writeRow(out: Float64Array, row: number, a: Acc): void {
  const o = row * ROW;
  const k = a[0];
  out[o] = k;
  out[o + 1] = a[1];
  out[o + 2] = Math.sqrt(k <= 1 ? 0 : a[2] / (k - 1));
  out[o + 3] = a[3];
  out[o + 4] = a[4];
}

export class FsrReader {
  /** File sample id of API sample 0. */
  sampleIdOffset = 0;
  /** Samples held. */
  length = 0;
  private l1: Index | null = null;
  private l1Summary: Summary | null = null;
  private chained: DataChunk = { ts: 0, count: 0, payload: null, values: null, offset: 0, itemNext: 0 };
  private readonly scratch: Uint8Array;
  private readonly bits: number;

  constructor(
    private readonly chunks: ChunkReader,
    readonly signal: FsrSignal,
  ) {
    this.bits = dataTypeBits(signal.type);
    this.scratch = new Uint8Array(PAYLOAD_HEADER_SIZE + packedSize(signal.type, signal.sizing.samplesPerData) + 48);
  }

  /** Reads the first DATA chunk's timestamp and the length, as the C reader does. */
  async init(): Promise<void> {
    const first = this.signal.offsets[0];
    if (first === 0) return;
    this.sampleIdOffset = (await this.readData(first)).ts;
    this.length = await this.computeLength();
  }

  /** Samples [start, start + n) (API ids, checked by the caller) as the type's typed array. */
  async samples(start: number, n: number): Promise<SampleArray> {
    const out = newSampleArray(this.signal.type, n);
    let sid = start + this.sampleIdOffset;
    let at = 0;
    while (at < n) {
      const b = await this.blockAt(sid);
      const skip = sid - b.ts;
      const k = Math.min(b.count - skip, n - at);
      if (b.values !== null) copyValues(b.values, skip, k, out, at);
      else unpackSamples(this.signal.type, b.payload as Uint8Array, PAYLOAD_HEADER_SIZE, skip, k, out, at);
      at += k;
      sid += k;
    }
    return out;
  }

  /**
   * `rows` rows of [mean, std, min, max] over consecutive spans of `increment` samples from API
   * sample `start` (checked by the caller).
   */
  async statistics(start: number, increment: number, rows: number): Promise<Float64Array> {
    const tmp = new Float64Array(rows * ROW);
    await this.rowsAuto(start + this.sampleIdOffset, increment, rows, tmp, 0);
    const out = new Float64Array(rows * 4);
    for (let r = 0, i = 0, o = 0; r < rows; r++, i += ROW, o += 4) {
      const empty = tmp[i] === 0;
      out[o] = empty ? NaN : tmp[i + 1];
      out[o + 1] = empty ? NaN : tmp[i + 2];
      out[o + 2] = empty ? NaN : tmp[i + 3];
      out[o + 3] = empty ? NaN : tmp[i + 4];
    }
    return out;
  }

  // ---- structure ----

  private get top(): number {
    for (let level = LEVEL_COUNT - 1; level >= 0; level--) if (this.signal.offsets[level] !== 0) return level;
    return -1;
  }

  private readIndex(offset: number, level: number): Promise<Index> {
    return readFsrIndex(this.chunks, offset, this.signal.signalId, level);
  }

  private readSummary(offset: number, level: number): Promise<Summary> {
    return readFsrSummary(this.chunks, offset, this.signal.signalId, level);
  }

  private readData(offset: number): Promise<DataChunk> {
    return readFsrData(this.chunks, offset, this.signal.signalId, this.signal.type, this.scratch);
  }

  /** The C reader's length: follow the last entry of each level down to the last DATA chunk. */
  private async computeLength(): Promise<number> {
    const top = this.top;
    let offset = this.signal.offsets[top];
    let length = 0;
    for (let level = top; level > 0; level--) {
      const idx = await this.readIndex(offset, level);
      if (idx.entries.length === 0) throw new JlsError('bad_chunk', 'an empty FSR index', offset);
      if (level === 1) {
        const s = await this.readSummary(idx.offset + idx.size, 1);
        length = s.ts + s.count * this.signal.sizing.sampleDecimateFactor - this.sampleIdOffset;
      }
      offset = idx.entries[idx.entries.length - 1];
      if (offset === 0) break;
    }
    if (offset !== 0) {
      if (top === 0) {
        // No summary level (fewer samples than one decimation group): follow the DATA list.
        for (;;) {
          const d = await this.readData(offset);
          length = d.ts + d.count - this.sampleIdOffset;
          if (d.itemNext === 0) break;
          if (d.itemNext <= offset) throw new JlsError('bad_offset', 'an FSR data list link does not move forward', offset);
          offset = d.itemNext;
        }
      } else {
        const d = await this.readData(offset);
        length = d.ts + d.count - this.sampleIdOffset;
      }
    }
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new JlsError('bad_chunk', `signal ${this.signal.signalId} has an impossible length ${length}`, this.signal.offsets[top]);
    }
    return length;
  }

  /**
   * The INDEX at `level` that holds file sample id `sid` (descending from the top by stride),
   * or null where the pyramid does not reach it.
   */
  private async seek(level: number, sid: number): Promise<Index | null> {
    const top = this.top;
    if (top < level) return null;
    let offset = this.signal.offsets[top];
    for (let l = top; ; l--) {
      const idx = await this.readIndex(offset, l);
      if (l === level) return idx;
      const e = Math.floor((sid - idx.ts) / indexStride(this.signal.sizing, l));
      if (e < 0 || e >= idx.entries.length) return null;
      offset = idx.entries[e];
      if (offset === 0) return null;
    }
  }

  /** The DATA chunk (or rebuilt omitted chunk) holding file sample id `sid`. */
  private async blockAt(sid: number): Promise<Block> {
    const spd = this.signal.sizing.samplesPerData;
    if (this.top === 0) return this.chainedBlockAt(sid);
    let idx = this.l1;
    if (idx === null || sid < idx.ts || sid >= idx.ts + idx.entries.length * spd) {
      idx = await this.seek(1, sid);
      if (idx === null) throw new JlsError('bad_chunk', `the FSR index of signal ${this.signal.signalId} does not reach sample ${sid}`);
      this.l1 = idx;
      this.l1Summary = null;
    }
    const e = Math.floor((sid - idx.ts) / spd);
    if (e < 0 || e >= idx.entries.length) {
      throw new JlsError('bad_chunk', `the level-1 FSR index of signal ${this.signal.signalId} does not cover sample ${sid}`, idx.offset);
    }
    const offset = idx.entries[e];
    const b = offset === 0 ? await this.rebuild(idx, e) : await this.readData(offset);
    if (sid < b.ts || sid >= b.ts + b.count) {
      throw new JlsError('bad_chunk', `the FSR data chunk for sample ${sid} holds [${b.ts}, ${b.ts + b.count})`, offset || idx.offset);
    }
    return b;
  }

  /** Without summary levels the DATA list is the only way in. */
  private async chainedBlockAt(sid: number): Promise<Block> {
    let b = this.chained;
    if (b.offset === 0 || sid < b.ts) b = await this.readData(this.signal.offsets[0]);
    while (sid >= b.ts + b.count) {
      if (b.itemNext <= b.offset) throw new JlsError('bad_chunk', `signal ${this.signal.signalId} has no data for sample ${sid}`, b.offset);
      b = await this.readData(b.itemNext);
    }
    if (sid < b.ts) throw new JlsError('bad_chunk', `signal ${this.signal.signalId} has no data for sample ${sid}`, b.offset);
    this.chained = { ...b, payload: b.payload === null ? null : b.payload.slice() };
    return this.chained;
  }

  /** An omitted DATA chunk: each decimation group holds its level-1 mean (rounded for integers). */
  private async rebuild(idx: Index, entry: number): Promise<Block> {
    const { samplesPerData: spd, sampleDecimateFactor: sdf } = this.signal.sizing;
    this.l1Summary ??= await this.readSummary(idx.offset + idx.size, 1);
    const s = this.l1Summary;
    const ts = idx.ts + entry * spd;
    const values = newSampleArray(this.signal.type, spd);
    const first = (ts - s.ts) / sdf;
    let count = 0;
    const float = isFloatType(this.signal.type);
    const [lo, hi] = float ? [0, 0] : integerRange(this.signal.type);
    for (let g = 0; g < spd / sdf && first + g < s.count; g++) {
      const m = s.values[(first + g) * 4];
      if (this.signal.type === 'u64' || this.signal.type === 'i64') {
        (values as BigInt64Array).fill(BigInt(Math.round(m - m === 0 ? m : 0)), count, count + sdf);
      } else {
        const x = float ? m : m - m === 0 ? Math.min(hi, Math.max(lo, Math.round(m))) : 0;
        (values as Float64Array).fill(x, count, count + sdf);
      }
      count += sdf;
    }
    if (count === 0) throw new JlsError('bad_chunk', `an omitted FSR data chunk at sample ${ts} has no summary`, idx.offset);
    return { ts, count, payload: null, values };
  }

  // ---- statistics ----

  /** The C reader's level choice, then the rows. */
  private async rowsAuto(sid: number, increment: number, rows: number, out: Float64Array, at: number): Promise<void> {
    const { sampleDecimateFactor: sdf, summaryDecimateFactor: sumdf } = this.signal.sizing;
    let level = 0;
    let m = sdf;
    const duration = increment * rows;
    while (level < LEVEL_COUNT - 1 && increment >= m && duration >= DECIMATE_PER_DURATION * m) {
      level++;
      m *= sumdf;
    }
    await this.rowsAt(level, sid, increment, rows, out, at);
  }

  /**
   * Rows from summary `level` as the C reader computes them; where that level cannot serve
   * (the tail a partial decimation group leaves out, a missing level) the remaining rows come
   * from the level below. A row with a finite mean but a NaN std (a group of only NaN samples
   * inside it poisons the stored std above level 1) is redone one level down, so statistics
   * skip NaN samples at every zoom.
   */
  private async rowsAt(level: number, sid: number, increment: number, rows: number, out: Float64Array, at: number): Promise<void> {
    if (level === 0) return this.rowsRaw(sid, increment, rows, out, at);
    let done = rows;
    try {
      await this.rowsSummary(level, sid, increment, rows, out, at);
    } catch (e) {
      if (!(e instanceof LevelShort)) throw e;
      done = e.done;
    }
    if (done < rows) await this.rowsAt(level - 1, sid + done * increment, increment, rows - done, out, at + done);
    for (let r = 0; r < done; r++) {
      const o = (at + r) * ROW;
      const mean = out[o + 1];
      if (out[o] > 0 && mean - mean === 0 && Number.isNaN(out[o + 2])) {
        await this.rowsAt(level - 1, sid + r * increment, increment, 1, out, at + r);
      }
    }
  }

  /** Adds one span as a single row (the C reader's recursive jls_core_fsr_statistics(..., 1)). */
  private async addSpan(acc: Acc, sid: number, n: number): Promise<void> {
    const tmp = new Float64Array(ROW);
    await this.rowsAuto(sid, n, 1, tmp, 0);
    accAddRow(acc, tmp[1], tmp[2], tmp[3], tmp[4], tmp[0]);
  }

  /** A port of the C reader's summary walk (fsr_statistics in reader.c). */
  private async rowsSummary(level: number, sid: number, increment: number, rows: number, out: Float64Array, at: number): Promise<void> {
    const step = summaryStep(this.signal.sizing, level);
    const idx = await this.seek(level, sid);
    if (idx === null) throw new LevelShort(0);
    let sum = await this.readSummary(idx.offset + idx.size, level);
    if (sid < sum.ts) throw new JlsError('bad_chunk', `an FSR summary starts after sample ${sid}`, sum.offset);
    const entryOffset = Math.ceil((sid - sum.ts) / step);
    const entrySid = sum.ts + entryOffset * step;
    const acc: Acc = new Float64Array(5);
    accReset(acc);
    let remaining = increment;
    if (entrySid !== sid) {
      const incr = entrySid - sid;
      await this.addSpan(acc, sid, incr);
      remaining -= incr;
      sid += incr;
    }
    let src = entryOffset;
    let done = 0;
    let v = sum.values;
    while (done < rows) {
      if (src >= sum.count) {
        if (sum.itemNext !== 0) {
          if (sum.itemNext <= sum.offset) throw new JlsError('bad_offset', 'an FSR summary list link does not move forward', sum.offset);
          sum = await this.readSummary(sum.itemNext, level);
          v = sum.values;
          src = 0;
        } else if (!(remaining <= step && rows - done === 1)) {
          throw new LevelShort(done);
        }
      }
      const e = src * 4;
      if (remaining <= step) {
        if (rows - done === 1) await this.addSpan(acc, sid, remaining);
        else accAddRow(acc, v[e], v[e + 1], v[e + 2], v[e + 3], remaining);
        writeRow(out, at + done, acc);
        done++;
        const incr = step - remaining;
        accReset(acc);
        if (incr > 0 && done < rows) accAddRow(acc, v[e], v[e + 1], v[e + 2], v[e + 3], incr);
        remaining = increment - incr;
      } else {
        accAddRow(acc, v[e], v[e + 1], v[e + 2], v[e + 3], step);
        remaining -= step;
      }
      sid += step;
      src++;
    }
  }

  /**
   * Rows straight from the samples (the C reader's level 0), skipping non-finite samples: mean
   * = sum * (1 / k), std = sqrt(sum of squared deviations * (1 / (k - 1))). Two passes in
   * sample order; rows longer than the buffer read their samples twice rather than hold them.
   */
  private async rowsRaw(sid: number, increment: number, rows: number, out: Float64Array, at: number): Promise<void> {
    const piece = 1 << 20;
    const buf = new Float64Array(Math.min(piece, increment * rows));
    if (increment > piece) {
      for (let r = 0; r < rows; r++) await this.rowRawLong(sid + r * increment, increment, buf, out, at + r);
      return;
    }
    const perRead = Math.floor(piece / increment);
    for (let r0 = 0; r0 < rows; r0 += perRead) {
      const n = Math.min(perRead, rows - r0);
      await this.readF64(sid + r0 * increment, n * increment, buf);
      for (let r = 0; r < n; r++) {
        const a = r * increment;
        const st = rawPass1(buf, a, a + increment);
        const o = (at + r0 + r) * ROW;
        out[o] = st.k;
        if (st.k === 0) continue;
        const mean = st.sum * (1 / st.k);
        const m2 = rawPass2(buf, a, a + increment, mean);
        out[o + 1] = mean;
        out[o + 2] = Math.sqrt(m2 * (st.k > 1 ? 1 / (st.k - 1) : 1));
        out[o + 3] = st.min;
        out[o + 4] = st.max;
      }
    }
  }

  /** One raw row longer than the buffer: pass 1 over all pieces, then pass 2. */
  private async rowRawLong(sid: number, n: number, buf: Float64Array, out: Float64Array, row: number): Promise<void> {
    let k = 0;
    let sum = 0;
    let min = Number.MAX_VALUE;
    let max = -Number.MAX_VALUE;
    for (let done = 0; done < n; done += buf.length) {
      const m = Math.min(buf.length, n - done);
      await this.readF64(sid + done, m, buf);
      for (let i = 0; i < m; i++) {
        const v = buf[i];
        if (v - v === 0) {
          k++;
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
    const o = row * ROW;
    out[o] = k;
    if (k === 0) return;
    const mean = sum * (1 / k);
    let m2 = 0;
    for (let done = 0; done < n; done += buf.length) {
      const m = Math.min(buf.length, n - done);
      await this.readF64(sid + done, m, buf);
      m2 = rawPass2(buf, 0, m, mean, m2);
    }
    out[o + 1] = mean;
    out[o + 2] = Math.sqrt(m2 * (k > 1 ? 1 / (k - 1) : 1));
    out[o + 3] = min;
    out[o + 4] = max;
  }

  /** Samples from file sample id `sid` as float64 into `out[0, n)`. */
  private async readF64(sid: number, n: number, out: Float64Array): Promise<void> {
    let at = 0;
    const type = this.signal.type;
    while (at < n) {
      const b = await this.blockAt(sid);
      const skip = sid - b.ts;
      const k = Math.min(b.count - skip, n - at);
      if (b.values !== null) {
        copyValues(b.values, skip, k, out, at);
      } else if (type === 'f32') {
        const p = b.payload as Uint8Array;
        const o = p.byteOffset + PAYLOAD_HEADER_SIZE + skip * 4;
        const f = o % 4 === 0 ? new Float32Array(p.buffer, o, k) : new Float32Array(p.slice(PAYLOAD_HEADER_SIZE + skip * 4, PAYLOAD_HEADER_SIZE + (skip + k) * 4).buffer);
        out.set(f, at);
      } else {
        const tmp = newSampleArray(type, k);
        unpackSamples(type, b.payload as Uint8Array, PAYLOAD_HEADER_SIZE, skip, k, tmp, 0);
        copyValues(tmp, 0, k, out, at);
      }
      at += k;
      sid += k;
    }
  }
}

/** The level-`level` FSR INDEX chunk at `offset`, checked. */
export async function readFsrIndex(chunks: ChunkReader, offset: number, signalId: number, level: number): Promise<Index> {
  const { header, payload } = await chunks.chunk(offset, 16 + 20 * 8, undefined, 'FSR index');
  if (header.tag !== TAG_INDEX || header.meta !== (signalId | (level << 12))) {
    throw new JlsError('bad_chunk', `expected the level-${level} FSR index of signal ${signalId}`, offset);
  }
  const v = view(payload);
  if (payload.length < PAYLOAD_HEADER_SIZE || v.getUint16(12, true) !== 64) {
    throw new JlsError('bad_chunk', 'an FSR index must hold 64-bit entries', offset);
  }
  const n = v.getUint32(8, true);
  if (PAYLOAD_HEADER_SIZE + n * 8 > payload.length) throw new JlsError('bad_chunk', `an FSR index claims ${n} entries beyond its payload`, offset);
  const entries = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const e = v.getBigUint64(PAYLOAD_HEADER_SIZE + i * 8, true);
    if (e > BigInt(Number.MAX_SAFE_INTEGER)) throw new JlsError('bad_offset', `an FSR index entry points to byte ${e}`, offset);
    entries[i] = Number(e);
  }
  return { offset, size: header.size, itemNext: header.itemNext, ts: timestamp(v, offset), entries };
}

/** The level-`level` FSR SUMMARY chunk at `offset`, checked; its entries copied out. */
export async function readFsrSummary(chunks: ChunkReader, offset: number, signalId: number, level: number): Promise<Summary> {
  const { header, payload } = await chunks.chunk(offset, 16 + 640 * 16, undefined, 'FSR summary');
  if (header.tag !== TAG_SUMMARY || header.meta !== (signalId | (level << 12))) {
    throw new JlsError('bad_chunk', `expected the level-${level} FSR summary of signal ${signalId}`, offset);
  }
  const v = view(payload);
  const bits = payload.length >= PAYLOAD_HEADER_SIZE ? v.getUint16(12, true) : 0;
  if (bits !== 128 && bits !== 256) throw new JlsError('bad_chunk', `FSR summary entries of ${bits} bits (128 or 256 expected)`, offset);
  const count = v.getUint32(8, true);
  const bytes = (count * bits) / 8;
  if (PAYLOAD_HEADER_SIZE + bytes > payload.length) throw new JlsError('bad_chunk', `an FSR summary claims ${count} entries beyond its payload`, offset);
  const raw = payload.slice(PAYLOAD_HEADER_SIZE, PAYLOAD_HEADER_SIZE + bytes).buffer;
  const values = bits === 128 ? new Float32Array(raw) : new Float64Array(raw);
  return { offset, itemNext: header.itemNext, ts: timestamp(v, offset), count, values };
}

/**
 * The FSR DATA chunk at `offset`, checked. With `scratch` (big enough) the payload is a view
 * into it, valid until the next read into the same scratch.
 */
export async function readFsrData(
  chunks: ChunkReader,
  offset: number,
  signalId: number,
  type: DataType,
  scratch?: Uint8Array,
): Promise<DataChunk> {
  const { header, payload } = await chunks.chunk(offset, scratch === undefined ? 4096 : scratch.length - 48, scratch, 'FSR data');
  if (header.tag !== TAG_DATA || header.meta !== signalId) {
    throw new JlsError('bad_chunk', `expected an FSR data chunk of signal ${signalId}`, offset);
  }
  const v = view(payload);
  const bits = dataTypeBits(type);
  if (payload.length < PAYLOAD_HEADER_SIZE || v.getUint16(12, true) !== bits) {
    throw new JlsError('bad_chunk', `FSR data of signal ${signalId} must hold ${bits}-bit samples`, offset);
  }
  const count = v.getUint32(8, true);
  if (count === 0 || PAYLOAD_HEADER_SIZE + packedSize(type, count) > payload.length) {
    throw new JlsError('bad_chunk', `an FSR data chunk claims ${count} samples in ${payload.length} bytes`, offset);
  }
  return { ts: timestamp(v, offset), count, payload, values: null, offset, itemNext: header.itemNext };
}

/** Count, sum, min and max of the finite values of `x[a, b)`. */
function rawPass1(x: Float64Array, a: number, b: number): { k: number; sum: number; min: number; max: number } {
  let k = 0;
  let sum = 0;
  let min = Number.MAX_VALUE;
  let max = -Number.MAX_VALUE;
  for (let i = a; i < b; i++) {
    const v = x[i];
    if (v - v === 0) {
      k++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { k, sum, min, max };
}

/** `m2` plus the squared deviations from `mean` of the finite values of `x[a, b)`, in order. */
function rawPass2(x: Float64Array, a: number, b: number, mean: number, m2 = 0): number {
  for (let i = a; i < b; i++) {
    const v = x[i];
    if (v - v === 0) {
      const d = v - mean;
      m2 += d * d;
    }
  }
  return m2;
}

function view(payload: Uint8Array): DataView {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
}

function timestamp(v: DataView, offset: number): number {
  const t = v.getBigInt64(0, true);
  if (t > BigInt(Number.MAX_SAFE_INTEGER) || t < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new JlsError('bad_chunk', `a sample id ${t} beyond 2^53`, offset);
  }
  return Number(t);
}

/** Copies `k` values from `src[skip...]` to `dst[at...]`, converting bigint to number where needed. */
function copyValues(src: SampleArray, skip: number, k: number, dst: SampleArray, at: number): void {
  const srcBig = src instanceof BigInt64Array || src instanceof BigUint64Array;
  const dstBig = dst instanceof BigInt64Array || dst instanceof BigUint64Array;
  if (srcBig === dstBig) {
    (dst as Float64Array).set((src as Float64Array).subarray(skip, skip + k), at);
  } else if (srcBig) {
    const d = dst as Float64Array;
    const s = src as BigInt64Array;
    for (let i = 0; i < k; i++) d[at + i] = Number(s[skip + i]);
  } else {
    throw new TypeError('internal: cannot copy number samples into a bigint array');
  }
}
