/**
 * JlsWriter: writes a JLS v2 file with the C library's layout and discipline (docs/jls.md), so
 * pyjls and the Joulescope UI open it, and a process killed mid-recording leaves a file that
 * JlsReader and pyjls recover.
 *
 * Every call does its work synchronously (encoding chunks into a ~1 MiB batch) and returns a
 * promise that settles when the batch is handed to the sink (backpressure for slow sinks). Calls
 * may overlap: they apply in call order. Sample ids given to the writer are the file's own ids
 * (they may start anywhere); the reader reports them 0-based.
 */
import { checkInteger, checkSampleId, checkString } from './_checks';
import { ChunkList, ChunkWriter } from './_chunk-writer';
import {
  CHUNK_DEF,
  CHUNK_HEAD,
  FILE_HEADER_SIZE,
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
  alignSignalSizing,
  encodeFileHeader,
  trackTag,
  writePayloadHeader,
  type SignalSizing,
} from './_format';
import { FsrWriter } from './_fsr-writer';
import { nodeFileSink } from './_node-file';
import { pythonJsonStringify } from './_python-json';
import { checkSamples, packedSize, type SampleInput } from './_samples';
import { TsWriter } from './_ts-writer';
import { DATA_TYPES, summaryIsF64, type DataType } from './data-type';
import { JlsError } from './errors';
import type { AnnotationType, SignalDef, SourceDef, UserDataValue } from './records';
import type { JlsSink } from './sink';
import { isTime64 } from './time64';

/** Bytes buffered or in flight before a call waits for the sink. */
const HIGH_WATER = 4 << 20;
/** Buffered bytes go to the sink at least this often, so a crash loses little. */
const MAX_LATENCY_MS = 1000;
/** Largest chunk payload the writer makes (the reader's default limit). */
export const MAX_CHUNK_PAYLOAD = 256 << 20;

const ANNOTATION_TYPES: Readonly<Record<AnnotationType, number>> = { user: 0, text: 1, vmarker: 2, hmarker: 3 };

const SOURCE_0: Required<SourceDef> = {
  sourceId: 0,
  name: 'global_annotation_source',
  vendor: 'jls',
  model: '-',
  version: '1.0.0',
  serialNumber: '-',
};

interface SignalState {
  type: DataType;
  sampleRate: number;
  fsr: FsrWriter;
  annotations: TsWriter;
  utc: TsWriter;
  lastAnnotation: number;
  lastUtc: number;
}

const encoder = new TextEncoder();

/** C-string encoding inside SOURCE_DEF and SIGNAL_DEF: UTF-8, NUL, 0x1F. */
function cString(s: string): Uint8Array {
  const b = encoder.encode(s);
  const out = new Uint8Array(b.length + 2);
  out.set(b);
  out[b.length + 1] = 0x1f;
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Storage type and bytes of user or annotation data (strings and JSON end with NUL). */
function encodeData(what: string, data: UserDataValue): [number, Uint8Array] {
  if (data instanceof Uint8Array) return [STORAGE_BINARY, data];
  if (typeof data === 'string') return [STORAGE_STRING, concat([encoder.encode(data), new Uint8Array(1)])];
  if (data === undefined) throw new TypeError(`${what} must be a string, a Uint8Array or a JSON value, got undefined`);
  return [STORAGE_JSON, concat([encoder.encode(pythonJsonStringify(data)), new Uint8Array(1)])];
}

/**
 * A JLS v2 file being written: sources, signals, samples, UTC entries, annotations and user
 * data, then `close()`. Create with `JlsWriter.open`.
 */
export class JlsWriter {
  private readonly io: ChunkWriter;
  private readonly sourceList = new ChunkList();
  private readonly signalList = new ChunkList();
  private readonly userDataList = new ChunkList();
  private readonly sources = new Set<number>();
  private readonly signals = new Map<number, SignalState>();
  private state: 'open' | 'closed' = 'open';
  private lastHandOff = Date.now();

  private constructor(private readonly sink: JlsSink) {
    this.io = new ChunkWriter(sink, FILE_HEADER_SIZE);
  }

  /**
   * Creates a JLS file: a path (Node.js; an existing file is replaced) or any JlsSink (a
   * MemorySink, an OPFS access handle, a writable file stream). Writes the file header and the
   * reserved source 0 and signal 0 that pyjls expects.
   */
  static async open(target: string | JlsSink): Promise<JlsWriter> {
    let sink: JlsSink;
    if (typeof target === 'string') {
      try {
        sink = nodeFileSink(target);
      } catch (e) {
        if (e instanceof TypeError) throw e;
        throw new JlsError('io', `cannot create ${target}: ${(e as Error).message}`, undefined, { cause: e });
      }
    } else if (target !== null && typeof target === 'object' && typeof target.write === 'function') {
      sink = target;
    } else {
      throw new TypeError('JlsWriter.open takes a file path or a JlsSink ({ write(position, bytes), close() })');
    }
    try {
      await sink.write(0, encodeFileHeader(0));
    } catch (e) {
      throw new JlsError('io', `the sink failed to write the file header: ${(e as Error).message}`, 0, { cause: e });
    }
    const w = new JlsWriter(sink);
    // The sentinel: the C reader skips the first user-data chunk.
    w.io.append(w.userDataList, TAG.USER_DATA, 0, null);
    w.writeSourceDef(SOURCE_0);
    const sizing = alignSignalSizing('f32', { samplesPerData: 10, sampleDecimateFactor: 10, entriesPerSummary: 10, summaryDecimateFactor: 10 });
    w.writeSignalDef(0, 0, SIGNAL_VSR, 'f32', 0, sizing, 'global_annotation_signal', '');
    await w.after();
    return w;
  }

  /** Defines a source (an instrument). Its id must be new. */
  async sourceDef(def: SourceDef): Promise<void> {
    this.checkOpen();
    if (def === null || typeof def !== 'object') throw new TypeError('sourceDef takes { sourceId, name, vendor, model, version, serialNumber }');
    const sourceId = checkInteger('sourceId', def.sourceId, 1, 255);
    if (this.sources.has(sourceId)) throw new RangeError(`source ${sourceId} is already defined`);
    const full: Required<SourceDef> = {
      sourceId,
      name: checkString('source name', def.name, true),
      vendor: checkString('source vendor', def.vendor ?? '', true),
      model: checkString('source model', def.model ?? '', true),
      version: checkString('source version', def.version ?? '', true),
      serialNumber: checkString('source serialNumber', def.serialNumber ?? '', true),
    };
    this.writeSourceDef(full);
    await this.after();
  }

  /**
   * Defines an FSR signal of a defined source. Its id must be new; the sizing fields are rounded
   * as the C library rounds them.
   */
  async signalDef(def: SignalDef): Promise<void> {
    this.checkOpen();
    if (def === null || typeof def !== 'object') throw new TypeError('signalDef takes { signalId, sourceId, dataType, sampleRate, name, ... }');
    const signalId = checkInteger('signalId', def.signalId, 1, 255);
    if (this.signals.has(signalId)) throw new RangeError(`signal ${signalId} is already defined`);
    const sourceId = checkInteger('sourceId', def.sourceId, 0, 255);
    if (sourceId !== 0 && !this.sources.has(sourceId)) {
      throw new RangeError(`signal ${signalId} refers to source ${sourceId}, which is not defined yet (call sourceDef first)`);
    }
    if (def.signalType !== undefined && def.signalType !== 'fsr') {
      throw new RangeError(`signalType must be 'fsr' (JLS v2 stores samples only for fixed-sample-rate signals), got ${String(def.signalType)}`);
    }
    if (typeof def.dataType !== 'string' || !Object.hasOwn(DATA_TYPES, def.dataType)) {
      throw new RangeError(`dataType must be one of ${Object.keys(DATA_TYPES).join(', ')}; got ${String(def.dataType)}`);
    }
    const type = def.dataType;
    const sampleRate = checkInteger('sampleRate', def.sampleRate, 1, 0xffffffff);
    const name = checkString('signal name', def.name, true);
    const units = checkString('signal units', def.units ?? '', true);
    const requested: Partial<SignalSizing> = {};
    for (const key of [
      'samplesPerData',
      'sampleDecimateFactor',
      'entriesPerSummary',
      'summaryDecimateFactor',
      'annotationDecimateFactor',
      'utcDecimateFactor',
    ] as const) {
      const v = def[key];
      if (v !== undefined) requested[key] = checkInteger(key, v, 0, 1 << 24);
    }
    const sizing = alignSignalSizing(type, requested);
    const dataBytes = packedSize(type, sizing.samplesPerData);
    const summaryBytes = sizing.entriesPerSummary * (summaryIsF64(type) ? 32 : 16);
    if (dataBytes > MAX_CHUNK_PAYLOAD || summaryBytes > MAX_CHUNK_PAYLOAD) {
      throw new RangeError(`signal ${signalId}: samplesPerData or entriesPerSummary makes chunks over ${MAX_CHUNK_PAYLOAD} bytes`);
    }
    this.writeSignalDef(signalId, sourceId, SIGNAL_FSR, type, sampleRate, sizing, name, units);
    await this.after();
  }

  /**
   * Stores application data: a string (storage "string"), bytes ("binary") or any other JSON
   * value ("json", written as Python's `json.dumps` writes it). `chunkMeta` is the application's
   * 12-bit value; the Joulescope UI keeps its notes in 0.
   */
  async userData(chunkMeta: number, data: UserDataValue): Promise<void> {
    this.checkOpen();
    const meta = checkInteger('chunkMeta', chunkMeta, 0, 0x0fff);
    const [storage, bytes] = encodeData('user data', data);
    this.io.append(this.userDataList, TAG.USER_DATA, meta | (storage << 12), bytes);
    await this.after();
  }

  /**
   * Appends samples of an FSR signal, the first at file sample id `sampleId`. `values` is the
   * type's typed array (Float32Array for f32, Uint8Array with one value per sample for u8, u4
   * and u1, ...) or an array of numbers, checked against the type. A gap since the last call is
   * stored as NaN (floats) or 0 (integers), at most an hour of samples; samples at ids already
   * written are dropped.
   */
  async fsr(signalId: number, sampleId: number, values: SampleInput): Promise<void> {
    this.checkOpen();
    const s = this.fsrSignal(signalId);
    checkSampleId('sampleId', sampleId);
    const v = checkSamples(s.type, values);
    if (sampleId + v.length > Number.MAX_SAFE_INTEGER) throw new RangeError('sampleId + values.length must stay below 2^53');
    const next = s.fsr.nextSampleId;
    if (sampleId > next && sampleId - next > 3600 * s.sampleRate) {
      throw new RangeError(
        `signal ${signalId}: sample id ${sampleId} leaves a gap of ${sampleId - next} samples after ${next}; ` +
          `gaps over an hour (${3600 * s.sampleRate} samples) are refused rather than filled`,
      );
    }
    s.fsr.write(sampleId, v);
    await this.after();
  }

  /**
   * Maps file sample id `sampleId` of an FSR signal to UTC `time64`. Entries must come in
   * non-decreasing sample-id order (an equal id replaces the previous entry for readers).
   */
  async utc(signalId: number, sampleId: number, time64: bigint): Promise<void> {
    this.checkOpen();
    const s = this.fsrSignal(signalId);
    checkSampleId('sampleId', sampleId);
    if (!isTime64(time64)) throw new TypeError('time64 must be a bigint in the signed 64-bit range');
    if (sampleId < s.lastUtc) {
      throw new RangeError(`signal ${signalId}: UTC entries must come in sample-id order; ${sampleId} is before ${s.lastUtc}`);
    }
    const payload = new Uint8Array(24);
    const v = new DataView(payload.buffer);
    writePayloadHeader(v, sampleId, 1, 64);
    v.setBigInt64(16, time64, true);
    const entry = new Uint8Array(16);
    const e = new DataView(entry.buffer);
    e.setBigInt64(0, BigInt(sampleId), true);
    e.setBigInt64(8, time64, true);
    s.utc.add(sampleId, payload, entry);
    s.lastUtc = sampleId;
    await this.after();
  }

  /**
   * Annotates an FSR signal at file sample id `sampleId`: `y` is the vertical position (NaN:
   * automatic), `groupId` 0..255 (the UI's marker group or text shape), `data` a string (the
   * marker name or text), bytes or a JSON value. Annotations of a signal must come in
   * non-decreasing sample-id order, as readers seek by it.
   */
  async annotation(
    signalId: number,
    sampleId: number,
    y: number,
    type: AnnotationType,
    groupId: number,
    data: UserDataValue,
  ): Promise<void> {
    this.checkOpen();
    const s = this.fsrSignal(signalId);
    checkSampleId('sampleId', sampleId);
    if (typeof y !== 'number') throw new TypeError(`y must be a number (NaN: automatic), got ${typeof y}`);
    if (typeof type !== 'string' || !Object.hasOwn(ANNOTATION_TYPES, type)) {
      throw new RangeError(`annotation type must be one of ${Object.keys(ANNOTATION_TYPES).join(', ')}; got ${String(type)}`);
    }
    const group = checkInteger('groupId', groupId, 0, 255);
    if (sampleId < s.lastAnnotation) {
      throw new RangeError(`signal ${signalId}: annotations must come in sample-id order; ${sampleId} is before ${s.lastAnnotation}`);
    }
    const [storage, bytes] = encodeData('annotation data', data);
    // Strings and JSON carry one more byte (0x1F) after the NUL, as the C writer writes them.
    const tail = storage === STORAGE_BINARY ? 0 : 1;
    const payload = new Uint8Array(28 + bytes.length + tail);
    const v = new DataView(payload.buffer);
    writePayloadHeader(v, sampleId, 1, 0);
    const code = ANNOTATION_TYPES[type];
    payload[16] = code;
    payload[17] = storage;
    payload[18] = group;
    v.setFloat32(20, y, true);
    v.setUint32(24, bytes.length, true);
    payload.set(bytes, 28);
    if (tail) payload[28 + bytes.length] = 0x1f;
    const entry = new Uint8Array(16);
    const e = new DataView(entry.buffer);
    e.setBigInt64(0, BigInt(sampleId), true);
    entry[8] = code;
    entry[9] = group;
    e.setFloat32(12, y, true);
    s.annotations.add(sampleId, payload, entry);
    s.lastAnnotation = sampleId;
    await this.after();
  }

  /**
   * Hands everything written so far to the sink and waits for it, then asks the sink to make it
   * durable (`sink.flush`, an fsync for files). The partial DATA chunk of each signal stays
   * buffered, as in the C library.
   */
  async flush(): Promise<void> {
    this.checkOpen();
    this.io.handOff();
    this.lastHandOff = Date.now();
    await this.io.settle();
    if (this.sink.flush !== undefined) {
      try {
        await this.sink.flush();
      } catch (e) {
        throw new JlsError('io', `the sink failed to flush: ${(e as Error).message}`, undefined, { cause: e });
      }
    }
  }

  /**
   * Finishes the file: the last partial DATA chunks, every summary level, the annotation and UTC
   * indexes, END and the file length; then closes the sink. Later calls throw `closed`.
   */
  async close(): Promise<void> {
    this.checkOpen();
    this.state = 'closed';
    let failure: unknown = null;
    try {
      if (this.io.error === null) {
        for (const id of [...this.signals.keys()].sort((a, b) => a - b)) {
          const s = this.signals.get(id) as SignalState;
          s.fsr.close();
          s.annotations.close();
          s.utc.close();
        }
        // END goes out only after every rewrite before it, and the length last, so a file that
        // ends with END is complete (the order the C writer's unbuffered writes have).
        this.io.handOff();
        this.io.append(null, TAG.END, 0, null);
        this.io.handOff();
        this.io.rewrite(0, encodeFileHeader(this.io.position));
        this.io.handOff();
      }
      await this.io.settle();
    } catch (e) {
      failure = e;
    }
    try {
      await this.sink.close();
    } catch (e) {
      failure ??= new JlsError('io', `the sink failed to close: ${(e as Error).message}`, undefined, { cause: e });
    }
    if (failure !== null) throw failure as Error;
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new JlsError('closed', 'the JlsWriter is closed');
    if (this.io.error !== null) throw this.io.error;
  }

  private fsrSignal(signalId: number): SignalState {
    checkInteger('signalId', signalId, 0, 255);
    const s = this.signals.get(signalId);
    if (s === undefined) {
      const known = [...this.signals.keys()].filter((id) => id !== 0);
      throw new RangeError(`signal ${signalId} is not defined (defined: ${known.length ? known.join(', ') : 'none'})`);
    }
    if (signalId === 0) throw new RangeError('signal 0 is the reserved VSR annotation signal; use an FSR signal (1..255)');
    return s;
  }

  /** Hands a full batch (or one older than a second) to the sink; waits while too much is in flight. */
  private async after(): Promise<void> {
    const io = this.io;
    const now = Date.now();
    if (now - this.lastHandOff >= MAX_LATENCY_MS) {
      io.handOff();
      this.lastHandOff = now;
    } else {
      io.safePoint();
    }
    if (io.pending >= HIGH_WATER || io.error !== null) await io.settle();
  }

  private writeSourceDef(def: Required<SourceDef>): void {
    const payload = concat([
      new Uint8Array(64),
      cString(def.name),
      cString(def.vendor),
      cString(def.model),
      cString(def.version),
      cString(def.serialNumber),
    ]);
    this.io.append(this.sourceList, TAG.SOURCE_DEF, def.sourceId, payload);
    this.sources.add(def.sourceId);
  }

  private writeSignalDef(
    signalId: number,
    sourceId: number,
    signalType: number,
    type: DataType,
    sampleRate: number,
    sizing: SignalSizing,
    name: string,
    units: string,
  ): void {
    const fixed = new Uint8Array(128);
    const v = new DataView(fixed.buffer);
    v.setUint16(0, sourceId, true);
    v.setUint8(2, signalType);
    v.setUint32(4, DATA_TYPES[type], true);
    v.setUint32(8, sampleRate, true);
    v.setUint32(12, sizing.samplesPerData, true);
    v.setUint32(16, sizing.sampleDecimateFactor, true);
    v.setUint32(20, sizing.entriesPerSummary, true);
    v.setUint32(24, sizing.summaryDecimateFactor, true);
    v.setUint32(28, sizing.annotationDecimateFactor, true);
    v.setUint32(32, sizing.utcDecimateFactor, true);
    this.io.append(this.signalList, TAG.SIGNAL_DEF, signalId, concat([fixed, cString(name), cString(units)]));
    const head = new Uint8Array(TRACK_HEAD_PAYLOAD_SIZE);
    const track = (trackType: number): number => {
      this.io.append(this.signalList, trackTag(trackType, CHUNK_DEF), signalId, null);
      return this.io.append(this.signalList, trackTag(trackType, CHUNK_HEAD), signalId, head);
    };
    const dataHead = track(signalType === SIGNAL_FSR ? TRACK_FSR : TRACK_VSR);
    const annotationHead = track(TRACK_ANNOTATION);
    const utcHead = signalType === SIGNAL_FSR ? track(TRACK_UTC) : 0;
    this.signals.set(signalId, {
      type,
      sampleRate,
      fsr: new FsrWriter(this.io, signalId, type, sizing, dataHead),
      annotations: new TsWriter(this.io, signalId, TRACK_ANNOTATION, sizing.annotationDecimateFactor, annotationHead),
      utc: new TsWriter(this.io, signalId, TRACK_UTC, sizing.utcDecimateFactor, utcHead),
      lastAnnotation: 0,
      lastUtc: 0,
    });
  }
}
