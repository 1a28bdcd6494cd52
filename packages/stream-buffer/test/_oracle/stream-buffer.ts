// The oracle: the StreamBuffer as it was before the WebAssembly kernel (see the class comment).
import { MISSING_BITS, RawProcessor, SAMPLES_PER_PACKET, UsbBulkProcessor, formatSuppressMode, parseSuppressMode } from '@joulescope/codec';
import type { PacketSink, SampleOutput } from '@joulescope/codec';
import { STATS_RECORD_LENGTH, StatsArray, statsRecordClear, statsRecordCombine, statsRecordReduce, statsRecordToRow } from '@joulescope/stats';
import {
  NO_LIMIT,
  checkCallback,
  checkIncrement,
  checkLimit,
  checkOffset,
  checkSampleId,
  checkStatsOut,
  checkVoltageRange,
  describe,
} from '../../src/_checks';
import { checkBudget, ringSize, tooBig } from '../../src/_ring-size';
import { ACCUMULATOR_SIZE, accumulateSamples, accumulatorClear, accumulatorToRecord } from './sample-accumulator';
import { ChargeEnergy } from '../../src/_statistics-update';
import { sampleIdToTime, timeToSampleId } from '../../src/_time-map';
import { sampleFieldUnits } from '../../src/_units';
import { StreamBufferBusyError } from '../../src/errors';
import { ReductionPyramid } from './reduction-pyramid';
import { DEFAULT_SAMPLE_FIELDS, SAMPLE_FIELDS, readField } from './samples-get';
import type { SampleRing } from './samples-get';
import type { SampleBuffer } from '../../src/sample-buffer';
import type {
  SampleField,
  SampleFieldValue,
  SamplesInto,
  SamplesResult,
  StatisticsCallback,
  StatisticsResult,
  StreamBufferStatus,
} from '../../src/types';

const RECORD_STRIDE = STATS_RECORD_LENGTH;
/** Samples processed per pass: small enough that the stats pass finds them in cache. */
const CHUNK = 16384;
/** Samples the glitch filter may hold back and then emit at once. */
const FILTER_SLACK = 64;
const BYTES_PER_SAMPLE = 4 + 4 + 4 + 1;

/** Python's `%`: the result has the sign of the divisor. */
function mod(a: number, n: number): number {
  const r = a % n;
  return r < 0 ? r + n : r;
}

/** One value as a row record (count 1, variance 0, min = max = value); NaN gives the empty record. */
function rowSingle(out: StatsArray, i: number, x: number): void {
  if (Number.isNaN(x)) {
    out.count[i] = 0;
    out.mean[i] = NaN;
    out.variance[i] = NaN;
    out.min[i] = NaN;
    out.max[i] = NaN;
  } else {
    out.count[i] = 1;
    out.mean[i] = x;
    out.variance[i] = 0;
    out.min[i] = x;
    out.max[i] = x;
  }
}

/**
 * The plain-JavaScript StreamBuffer (v1 storage: calibrated float32 current and voltage and a
 * bits byte per sample, 13 B per sample), kept as the oracle the WebAssembly StreamBuffer is
 * checked against: same semantics, same public surface, the codec's RawProcessor for the
 * filter. Tests and the bench only.
 */
export class OracleStreamBuffer implements SampleBuffer {
  private userCallback: StatisticsCallback | null = null;
  private idMax = NO_LIMIT;
  private contiguousLimit = NO_LIMIT;

  private readonly len: number;
  private readonly fs: number;
  private readonly reductionFactors: readonly number[];
  private readonly raw: Uint32Array;
  private readonly cur: Float32Array;
  private readonly vol: Float32Array;
  private readonly bitsRing: Uint8Array;
  private readonly ringOut: SampleOutput;
  private readonly staging: SampleOutput;
  private readonly pyramid: ReductionPyramid;
  private readonly bulk = new UsbBulkProcessor();
  private readonly processor = new RawProcessor();
  private readonly sink: PacketSink;
  private readonly accumulators = new ChargeEnergy();

  private deviceId = 0;
  private preprocessedId = 0;
  private processedId = 0;
  /** Samples left in the current level-0 block. */
  private blockRemaining = 0;
  private readonly blockAcc = new Float64Array(ACCUMULATOR_SIZE);
  private readonly blockRecord = new Float64Array(RECORD_STRIDE);
  // Voltage range change points: from sample id `vrIds[i]` on, range `vrValues[i]`.
  private vrIds: number[] = [];
  private vrValues: number[] = [];
  private vrHead = 0;
  private lastInsertedRange = -1;
  /** First sample id calibrated with a set calibration (Infinity: none set yet). */
  private calibratedFrom = Infinity;
  /** The processor's contiguous count when samples were last lost to an overrun. */
  private contiguousBase = 0;
  private missingAtOverrun = 0;
  /** True while process() runs (the callback may query, not change the buffer). */
  private busy = false;
  private callbackError: { error: unknown } | null = null;
  /** A mode set while a suppression window was open: it takes over once the window closes. */
  private pendingMode: string | null = null;
  // Scratch for queries.
  private readonly queryAcc = new Float64Array(ACCUMULATOR_SIZE);
  private readonly queryTotal = new Float64Array(RECORD_STRIDE);
  private readonly queryPart = new Float64Array(RECORD_STRIDE);
  private readonly queryPart2 = new Float64Array(RECORD_STRIDE);

  /**
   * @param duration ring length in seconds (> 0)
   * @param reductions up to 5 integer factors ≥ 2; level n averages `reductions[n]` entries of level n − 1
   * @param samplingFrequency samples per second (2 MS/s for the JS110)
   */
  constructor(duration: number, reductions: readonly number[], samplingFrequency = 2e6) {
    const size = ringSize(duration, reductions, samplingFrequency);
    const length = size.length;
    this.len = length;
    this.fs = size.samplingFrequency;
    this.reductionFactors = size.reductions;

    let pyramidBytes = 0;
    let s = 1;
    for (const r of size.reductions) {
      s *= r;
      pyramidBytes += (length / s) * RECORD_STRIDE * 8;
    }
    const bytes = length * BYTES_PER_SAMPLE + pyramidBytes;
    checkBudget(size, bytes);
    try {
      this.raw = new Uint32Array(length);
      this.cur = new Float32Array(length);
      this.vol = new Float32Array(length);
      this.bitsRing = new Uint8Array(length);
      this.pyramid = new ReductionPyramid(length, this.reductionFactors);
    } catch (e) {
      if (e instanceof RangeError) throw tooBig(size, bytes, `allocation failed (${e.message})`);
      throw e;
    }
    this.ringOut = { current: this.cur, voltage: this.vol, bits: this.bitsRing };
    const stagingSize = CHUNK + FILTER_SLACK;
    this.staging = { current: new Float32Array(stagingSize), voltage: new Float32Array(stagingSize), bits: new Uint8Array(stagingSize) };
    this.sink = {
      onSamples: (words, start, voltageRange) => this.onSamples(words, start, voltageRange),
      onMissing: (count, voltageRange) => this.onMissing(count, voltageRange),
    };
    this.reset();
  }

  /** Samples the ring holds. */
  get length(): number {
    return this.len;
  }

  get reductions(): readonly number[] {
    return this.reductionFactors;
  }

  get inputSamplingFrequency(): number {
    return this.fs;
  }

  get outputSamplingFrequency(): number {
    return this.fs;
  }

  /** True: `samplesGet` supports the raw fields. */
  get hasRaw(): boolean {
    return true;
  }

  /** Bytes held by the ring and the reductions. */
  get byteLength(): number {
    return this.raw.byteLength + this.cur.byteLength + this.vol.byteLength + this.bitsRing.byteLength + this.pyramid.byteLength;
  }

  /**
   * Called once per entry of the last reduction level. Needs at least two reductions (the
   * reference never calls back from level 0): a callback that could never fire is refused.
   */
  get callback(): StatisticsCallback | null {
    return this.userCallback;
  }

  set callback(value: StatisticsCallback | null) {
    const cb = checkCallback(value);
    if (cb !== null && this.reductionFactors.length < 2) {
      throw new RangeError(
        `the statistics callback fires once per entry of the last reduction level from the second level on; reductions [${this.reductionFactors.join(', ')}] would never call it: use at least two, e.g. [200, 100]`,
      );
    }
    this.userCallback = cb;
  }

  /** `insert` returns true once this many samples arrived (2^63: no limit). */
  get sampleIdMax(): number {
    return this.idMax;
  }

  set sampleIdMax(value: number) {
    this.idMax = checkLimit('sampleIdMax', value);
  }

  /** `insert` returns true once this many contiguous samples were processed (2^63: no limit). */
  get contiguousMax(): number {
    return this.contiguousLimit;
  }

  set contiguousMax(value: number) {
    this.contiguousLimit = checkLimit('contiguousMax', value);
  }

  get suppressMode(): string {
    return this.pendingMode ?? this.processor.suppressMode;
  }

  set suppressMode(value: string) {
    this.notBusy('suppressMode');
    if (typeof value !== 'string') throw new TypeError(`suppressMode must be a mode string such as "interp_1_n_1" or "off", got ${describe(value)}`);
    const mode = formatSuppressMode(parseSuppressMode(value));
    // A window open now finishes under the mode that opened it (output stays 1:1).
    if (this.processor.pending > 0) this.pendingMode = mode;
    else {
      this.processor.suppressMode = mode;
      this.pendingMode = null;
    }
  }

  private applyPendingMode(): void {
    if (this.pendingMode !== null && this.processor.pending === 0) {
      this.processor.suppressMode = this.pendingMode;
      this.pendingMode = null;
    }
  }

  /** Voltage range (0 = 15 V, 1 = 5 V) of the latest inserted data. */
  get voltageRange(): number {
    return this.lastInsertedRange < 0 ? this.processor.voltageRange : this.lastInsertedRange;
  }

  /** Sets the voltage range for data inserted from now on (USB packets carry their own). */
  set voltageRange(value: number) {
    this.notBusy('voltageRange');
    this.markVoltageRange(checkVoltageRange(value));
  }

  /**
   * Sets the calibration for the samples processed from now on (those buffered keep theirs):
   * ≥ 7 current entries, ≥ 2 voltage entries, finite float32 values; RangeError or TypeError
   * otherwise, and nothing changes.
   */
  calibrationSet(
    currentOffset: ArrayLike<number>,
    currentGain: ArrayLike<number>,
    voltageOffset: ArrayLike<number>,
    voltageGain: ArrayLike<number>,
  ): void {
    this.notBusy('calibrationSet');
    this.processor.calibrationSet(currentOffset, currentGain, voltageOffset, voltageGain);
    if (this.calibratedFrom === Infinity) this.calibratedFrom = this.preprocessedId;
  }

  /** False until a calibration was set: values are then in ADC LSBs. */
  get calibrated(): boolean {
    return this.calibratedFrom !== Infinity;
  }

  /** Empties the buffer: counters, filter, reductions and accumulators (not ring contents). */
  reset(): void {
    this.notBusy('reset');
    this.deviceId = 0;
    this.preprocessedId = 0;
    this.processedId = 0;
    this.idMax = NO_LIMIT;
    this.contiguousLimit = NO_LIMIT;
    this.accumulators.reset();
    this.blockRemaining = this.reductionFactors.length > 0 ? this.reductionFactors[0] : 0;
    accumulatorClear(this.blockAcc);
    this.pyramid.reset();
    this.bulk.reset();
    this.processor.reset();
    this.vrIds = [];
    this.vrValues = [];
    this.vrHead = 0;
    this.lastInsertedRange = -1;
    this.contiguousBase = 0;
    this.missingAtOverrun = 0;
    if (this.calibratedFrom !== Infinity) this.calibratedFrom = 0;
    this.applyPendingMode();
  }

  private notBusy(what: string): void {
    if (this.busy) {
      throw new StreamBufferBusyError(
        `${what} cannot be called from the statistics callback of the same StreamBuffer (process() is running); queries can`,
      );
    }
  }

  // ---- Ingest ----

  /**
   * Inserts USB bulk data (any number of bytes; a trailing partial packet waits for the next
   * call). Returns true when streaming should stop (sampleIdMax / contiguousMax reached, or
   * `null` data).
   */
  insert(data: Uint8Array | null): boolean {
    if (data === null) return true;
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(`insert expects USB data as a Uint8Array, got ${describe(data)}`);
    }
    this.notBusy('insert');
    this.bulk.process(data, this.sink);
    return this.shouldStop();
  }

  /** Inserts raw u16 words (current, voltage pairs) with the current voltage range. */
  insertRaw(data: Uint16Array): boolean {
    if (!(data instanceof Uint16Array)) throw new TypeError(`insertRaw expects a Uint16Array of raw words, got ${describe(data)}`);
    if (data.length % 2 !== 0) {
      throw new RangeError(`insertRaw needs an even number of u16 words (current, voltage pairs), got ${String(data.length)}`);
    }
    this.notBusy('insertRaw');
    const n = data.length / 2;
    const words =
      data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, n) : new Uint32Array(data.slice().buffer, 0, n);
    this.writeWords(words, 0, n);
    return this.shouldStop();
  }

  private shouldStop(): boolean {
    return this.deviceId >= this.idMax || this.contiguousCount() >= this.contiguousLimit;
  }

  /** Contiguous samples, restarted when samples were lost to an overrun. */
  private contiguousCount(): number {
    const p = this.processor;
    // A missing sample since the overrun restarted the processor's own count.
    return p.sampleMissingCount > this.missingAtOverrun ? p.contiguousCount : p.contiguousCount - this.contiguousBase;
  }

  private markVoltageRange(range: number): void {
    if (range === this.lastInsertedRange) return;
    this.lastInsertedRange = range;
    const n = this.vrIds.length;
    if (n > this.vrHead && this.vrIds[n - 1] === this.deviceId) {
      this.vrValues[n - 1] = range;
      return;
    }
    this.vrIds.push(this.deviceId);
    this.vrValues.push(range);
  }

  private onSamples(words: Uint32Array, start: number, voltageRange: number): void {
    if (voltageRange !== this.lastInsertedRange) this.markVoltageRange(voltageRange);
    this.writeWords(words, start, SAMPLES_PER_PACKET);
  }

  private writeWords(words: Uint32Array, start: number, n: number): void {
    const raw = this.raw;
    const L = this.len;
    let pos = this.deviceId % L;
    let k = start;
    let left = n;
    if (left > L) {
      k += left - L;
      pos = (pos + left - L) % L;
      left = L;
    }
    while (left > 0) {
      const run = Math.min(left, L - pos);
      raw.set(words.subarray(k, k + run), pos);
      k += run;
      pos += run;
      if (pos === L) pos = 0;
      left -= run;
    }
    this.deviceId += n;
  }

  private onMissing(count: number, voltageRange: number): void {
    if (voltageRange !== this.lastInsertedRange) this.markVoltageRange(voltageRange);
    const L = this.len;
    const n = Math.min(count, L);
    let pos = (this.deviceId + count - n) % L;
    let left = n;
    while (left > 0) {
      const run = Math.min(left, L - pos);
      this.raw.fill(0xffffffff, pos, pos + run);
      pos = (pos + run) % L;
      left -= run;
    }
    this.deviceId += count;
  }

  /**
   * Calibrates, filters and reduces every inserted sample not yet processed. A callback that
   * throws does not stop it: everything is processed, then the callback's first error is
   * rethrown as it was thrown.
   */
  process(): void {
    this.notBusy('process');
    this.busy = true;
    try {
      this.processAll();
    } finally {
      this.busy = false;
    }
    const failed = this.callbackError;
    if (failed !== null) {
      this.callbackError = null;
      throw failed.error;
    }
  }

  private processAll(): void {
    const L = this.len;
    const p = this.processor;
    if (this.preprocessedId + L < this.deviceId) {
      // Overrun: more was inserted than the ring holds; the oldest data is lost.
      this.preprocessedId = this.deviceId - L;
      this.processedId = this.deviceId - L;
      // Unlike the reference: drop the samples the filter holds (they belong to the lost
      // data, and emitting them would push processed past inserted), mark the slots just
      // before the jump as lost (the next held output leaves them in range), keep the
      // reduction blocks aligned to sample ids, so statistics stay exact, and restart the
      // contiguous count.
      p.discardPending();
      this.applyPendingMode();
      this.contiguousBase = p.contiguousCount;
      this.missingAtOverrun = p.sampleMissingCount;
      const jump = this.processedId;
      for (let id = Math.max(0, jump - FILTER_SLACK); id < jump; id++) {
        const slot = id % L;
        this.cur[slot] = NaN;
        this.vol[slot] = NaN;
        this.bitsRing[slot] = MISSING_BITS;
      }
      if (this.reductionFactors.length > 0) {
        accumulatorClear(this.blockAcc);
        this.blockRemaining = this.pyramid.realign(jump, FILTER_SLACK);
      }
    }
    const maxRun = Math.min(CHUNK, L - FILTER_SLACK > 0 ? L - FILTER_SLACK : 1);
    while (this.preprocessedId < this.deviceId) {
      const id = this.preprocessedId;
      const ip = id % L;
      // While a new mode waits for the open window to close, one sample at a time.
      let n = this.pendingMode !== null ? 1 : Math.min(this.deviceId - id, L - ip, maxRun);
      while (this.vrHead < this.vrIds.length && this.vrIds[this.vrHead] <= id) {
        p.voltageRange = this.vrValues[this.vrHead];
        this.vrHead++;
      }
      if (this.vrHead < this.vrIds.length) n = Math.min(n, this.vrIds[this.vrHead] - id);
      const op = this.processedId % L;
      let emitted: number;
      if (L - op >= n + FILTER_SLACK) {
        emitted = p.process(this.raw, ip, ip + n, this.ringOut, op);
      } else {
        emitted = p.process(this.raw, ip, ip + n, this.staging, 0);
        this.copyStaging(op, emitted);
      }
      this.preprocessedId = id + n;
      if (this.reductionFactors.length > 0) this.reduce(emitted);
      else this.processedId += emitted;
      this.applyPendingMode();
    }
    if (this.vrHead > 256) {
      this.vrIds = this.vrIds.slice(this.vrHead);
      this.vrValues = this.vrValues.slice(this.vrHead);
      this.vrHead = 0;
    }
  }

  private copyStaging(op: number, n: number): void {
    const L = this.len;
    const first = Math.min(n, L - op);
    const s = this.staging;
    this.cur.set(s.current.subarray(0, first), op);
    this.vol.set(s.voltage.subarray(0, first), op);
    this.bitsRing.set(s.bits.subarray(0, first), op);
    if (first < n) {
      this.cur.set(s.current.subarray(first, n), 0);
      this.vol.set(s.voltage.subarray(first, n), 0);
      this.bitsRing.set(s.bits.subarray(first, n), 0);
    }
  }

  /** Adds `n` newly processed samples to the level-0 blocks; finished blocks go up the pyramid. */
  private reduce(n: number): void {
    const L = this.len;
    let pos = this.processedId % L;
    let left = n;
    while (left > 0) {
      const run = Math.min(left, this.blockRemaining, L - pos);
      accumulateSamples(this.blockAcc, this.cur, this.vol, this.bitsRing, pos, pos + run);
      pos += run;
      if (pos === L) pos = 0;
      left -= run;
      this.processedId += run;
      this.blockRemaining -= run;
      if (this.blockRemaining === 0) {
        accumulatorToRecord(this.blockAcc, this.blockRecord, 0);
        accumulatorClear(this.blockAcc);
        this.blockRemaining = this.reductionFactors[0];
        this.pyramid.pushBlock(this.processedId, this.blockRecord, 0, this.userCallback === null ? null : this.onLevel);
      }
    }
  }

  private readonly onLevel = (level: number, data: Float64Array, offset: number): void => {
    // The last level calls back, and only when it is not level 0 (as the reference).
    const cb = this.userCallback;
    if (level !== this.pyramid.levels - 1 || this.pyramid.publicLevels.length < 2 || cb === null) return;
    const endId = this.processedId;
    const startId = endId - this.pyramid.steps[level];
    const update = this.accumulators.update(data, offset, startId, endId, this.fs, startId >= this.calibratedFrom);
    try {
      cb(update);
    } catch (error) {
      this.callbackError ??= { error };
    }
  };

  // ---- Ranges and time ----

  /** [start, end) of the sample ids held (start inclusive, end exclusive). */
  get sampleIdRange(): [number, number] {
    return [Math.max(0, this.processedId - this.len), this.processedId];
  }

  /** [start, end) of the ring in sample ids; start may be negative before the ring fills. */
  get limitsSamples(): [number, number] {
    return [this.processedId - this.len, this.processedId];
  }

  /** [0, length / fs]: the ring's time span (time 0 is the oldest slot). */
  get limitsTime(): [number, number] {
    return [0, this.len / this.fs];
  }

  sampleIdToTime(sampleId: number): number {
    return sampleIdToTime(sampleId, this.processedId, this.len, this.fs);
  }

  timeToSampleId(time: number): number {
    return timeToSampleId(time, this.processedId, this.len, this.fs);
  }

  status(): StreamBufferStatus {
    const c = this.processor.counters();
    return {
      deviceSampleId: this.deviceId,
      sampleId: this.processedId,
      sampleMissingCount: c.sampleMissingCount,
      skipCount: c.skipCount,
      sampleSyncCount: c.sampleSyncCount,
      contiguousCount: this.contiguousCount(),
      calibrated: this.calibrated,
    };
  }

  // ---- Queries ----

  /**
   * Exact statistics over `[start, stop)`, constrained to the samples held:
   * whole pyramid entries where they tile the range, samples at the ragged edges.
   */
  statisticsGet(start: number, stop: number, out?: StatsArray): StatisticsResult {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const stats = checkStatsOut('statisticsGet', out, 1) ?? new StatsArray(1);
    const [lo, hi] = this.sampleIdRange;
    const xs = Math.max(0, start, lo);
    const xe = Math.max(xs, Math.min(stop, hi));
    this.rangeStats(xs, xe, this.queryTotal);
    statsRecordToRow(this.queryTotal, 0, stats, 0);
    return { stats, range: [xs, xe] };
  }

  /** Statistics of `[xs, xe)` into `dst[0]`, combining coarse levels first, then the edges. */
  private rangeStats(xs: number, xe: number, dst: Float64Array): void {
    statsRecordClear(dst, 0);
    const h1 = xs;
    let h2 = xe;
    let head = xs < xe;
    let t1 = 0;
    let t2 = 0;
    let tail = false;
    const steps = this.pyramid.steps;
    for (let n = steps.length - 1; n >= 0 && (head || tail); n--) {
      const R = steps[n];
      for (let idx = 0; idx < 2; idx++) {
        if (idx === 0 ? !head : !tail) continue;
        const r1 = idx === 0 ? h1 : t1;
        const r2 = idx === 0 ? h2 : t2;
        const k1 = Math.ceil(r1 / R) * R;
        const k2 = Math.floor(r2 / R) * R;
        if (k1 >= k2) continue;
        this.levelStats(n, k1, (k2 - k1) / R, this.queryPart);
        statsRecordCombine(dst, 0, this.queryPart, 0);
        if (idx === 0) {
          if (r1 === k1) head = false;
          else h2 = k1;
          if (!tail && k2 < r2) {
            tail = true;
            t1 = k2;
            t2 = r2;
          }
        } else if (r2 === k2) {
          tail = false;
        } else {
          t1 = k2;
        }
      }
    }
    // The ragged edges: head and tail samples in one accumulation.
    if (head || tail) {
      accumulatorClear(this.queryAcc);
      if (head) this.accumulateIds(h1, h2);
      if (tail) this.accumulateIds(t1, t2);
      accumulatorToRecord(this.queryAcc, this.queryPart, 0);
      statsRecordCombine(dst, 0, this.queryPart, 0);
    }
  }

  /** Reduces `count` entries of level `n` starting at the one holding sample `first`. */
  private levelStats(n: number, first: number, count: number, dst: Float64Array): void {
    const data = this.pyramid.data[n];
    const entries = this.pyramid.lengths[n];
    const slot = (first % this.len) / this.pyramid.steps[n];
    const a = Math.min(count, entries - slot);
    statsRecordReduce(dst, 0, data, slot * RECORD_STRIDE, a);
    if (a < count) {
      statsRecordReduce(this.queryPart2, 0, data, 0, count - a);
      statsRecordCombine(dst, 0, this.queryPart2, 0);
    }
  }

  /** Statistics straight from the ring slots of sample ids `[s1, s2)`. */
  private sampleStats(s1: number, s2: number, dst: Float64Array): void {
    accumulatorClear(this.queryAcc);
    this.accumulateIds(s1, s2);
    accumulatorToRecord(this.queryAcc, dst, 0);
  }

  /** Adds the ring slots of sample ids `[s1, s2)` to the query accumulator. */
  private accumulateIds(s1: number, s2: number): void {
    const L = this.len;
    let pos = mod(s1, L);
    let left = s2 - s1;
    while (left > 0) {
      const run = Math.min(left, L - pos);
      accumulateSamples(this.queryAcc, this.cur, this.vol, this.bitsRing, pos, pos + run);
      pos = pos + run === L ? 0 : pos + run;
      left -= run;
    }
  }

  /**
   * Statistics rows of `increment` samples each over `[start, stop)`: rows older than the
   * ring are empty, and a range reaching past the newest sample gives no rows (as the
   * reference); increment 1 gives one row per sample. Asking for more rows than a ring of
   * this length can fill is a RangeError. With `out`, the rows are written there and `out`
   * is returned, its rows past those written emptied; else a new array of the rows written.
   */
  dataGet(start: number, stop: number, increment = 1, out?: StatsArray): StatsArray {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const inc = checkIncrement(increment);
    const rowsWanted = start >= stop ? 0 : Math.floor((stop - start) / inc);
    checkStatsOut('dataGet', out, rowsWanted);
    const maxRows = Math.floor(this.len / inc) + 1;
    if (rowsWanted > maxRows) {
      throw new RangeError(
        `dataGet(${String(start)}, ${String(stop)}, ${String(inc)}) asks for ${String(rowsWanted)} rows; a ring of ${String(this.len)} samples fills at most ${String(maxRows)} rows of ${String(inc)} samples: ask for a shorter range or a larger increment`,
      );
    }
    if (out !== undefined) {
      const rows = rowsWanted === 0 ? 0 : this.dataRows(start, stop, inc, out, rowsWanted);
      for (let r = rows; r < out.rows; r++) out.clearRow(r);
      return out;
    }
    if (rowsWanted === 0) return new StatsArray(0);
    const buf = new StatsArray(rowsWanted);
    const rows = this.dataRows(start, stop, inc, buf, rowsWanted);
    return rows === buf.rows ? buf : buf.head(rows);
  }

  private dataRows(start: number, stop: number, inc: number, buf: StatsArray, rowsWanted: number): number {
    const L = this.len;
    const processed = this.processedId;
    let s = start;
    let fill = 0;
    if (stop + L < processed) {
      fill = rowsWanted;
    } else if (s < 0) {
      const f = Math.ceil(-s / inc);
      s += f * inc;
      fill += f;
    }
    if (stop <= s || s >= processed || stop > processed) return 0;
    if (s + L < processed) {
      const f = Math.floor((processed - (s + L)) / inc);
      s += f * inc;
      fill += f;
    }
    let row = 0;
    for (; row < fill && row < rowsWanted; row++) buf.clearRow(row);
    const [lo, hi] = this.sampleIdRange;
    if (inc <= 1) {
      for (; s !== stop && row < rowsWanted; s++, row++) this.sampleRow(mod(s, L), buf, row);
    } else if (this.reductionFactors.length === 0 || inc < this.reductionFactors[0]) {
      // Unlike the reference, a row straddling the oldest sample counts only what is held.
      const part = this.queryPart;
      for (; s + inc <= stop && row < rowsWanted; s += inc, row++) {
        const xs = Math.max(s, lo);
        this.sampleStats(xs, Math.max(xs, Math.min(s + inc, hi)), part);
        statsRecordToRow(part, 0, buf, row);
      }
    } else {
      for (; s + inc <= stop && row < rowsWanted; s += inc, row++) {
        const xs = Math.max(0, s, lo);
        const xe = Math.max(xs, Math.min(s + inc, hi));
        this.rangeStats(xs, xe, this.queryTotal);
        statsRecordToRow(this.queryTotal, 0, buf, row);
      }
    }
    return row;
  }

  /** One sample as a row: count 1, variance 0, min = max = value; NaN or missing → empty. */
  private sampleRow(slot: number, out: StatsArray, row: number): void {
    const i = this.cur[slot];
    const v = this.vol[slot];
    const b = this.bitsRing[slot];
    const base = row * 6;
    const range = b & 0x0f;
    if (range >= 8) {
      out.clearRow(row); // missing sample (or overflow filler): every field empty
      return;
    }
    rowSingle(out, base, i);
    rowSingle(out, base + 1, v);
    rowSingle(out, base + 2, Math.fround(i * v));
    rowSingle(out, base + 3, range);
    rowSingle(out, base + 4, (b >> 4) & 1);
    rowSingle(out, base + 5, (b >> 5) & 1);
  }

  /**
   * Sample data over `[start, stop)` constrained to the samples held (no reductions, no
   * skips), copied out of the ring; `time.sampleIdRange` says which samples came back.
   * With a field name returns that field's array; with a list (default: current, voltage,
   * power, current_range, current_lsb, voltage_lsb, raw) returns values, units and timing.
   */
  samplesGet<F extends SampleField>(start: number, stop: number, field: F): SampleFieldValue[F];
  samplesGet<F extends SampleField>(start: number, stop: number, fields?: readonly F[]): SamplesResult<F>;
  samplesGet(start: number, stop: number, fields?: SampleField | readonly SampleField[]): SamplesResult | SampleFieldValue[SampleField] {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const check = (f: unknown): SampleField => {
      if (typeof f !== 'string') throw new TypeError(`sample field names are strings, got ${describe(f)}`);
      if (!(SAMPLE_FIELDS as readonly string[]).includes(f)) {
        throw new RangeError(`unknown sample field '${f}'; allowed: ${SAMPLE_FIELDS.join(', ')}`);
      }
      return f as SampleField;
    };
    if (typeof fields !== 'string' && fields !== undefined && !Array.isArray(fields)) {
      throw new TypeError(`fields must be a field name or an array of field names, got ${describe(fields)}`);
    }
    const list = typeof fields === 'string' ? [check(fields)] : (fields ?? DEFAULT_SAMPLE_FIELDS).map(check);
    const [lo, hi] = this.sampleIdRange;
    // A reversed range is empty at `stop`, as in the reference; then constrain to what is held.
    const from = Math.min(Math.max(Math.min(start, stop), lo), hi);
    const to = Math.max(from, Math.min(stop, hi));
    const n = to - from;
    const a = mod(from, this.len);
    const ring: SampleRing = { length: this.len, raw: this.raw, current: this.cur, voltage: this.vol, bits: this.bitsRing };
    if (typeof fields === 'string') return readField(ring, list[0], a, n);
    const t0 = this.sampleIdToTime(from);
    const t1 = this.sampleIdToTime(to);
    const calibrated = from >= this.calibratedFrom;
    const signals: Record<string, { value: SampleFieldValue[SampleField]; units: string; voltageRange?: number }> = {};
    for (const f of list) {
      signals[f] = { value: readField(ring, f, a, n), units: sampleFieldUnits(f, calibrated) };
      if (f === 'raw') signals[f].voltageRange = this.processor.voltageRange;
    }
    return {
      time: {
        range: [t0, t1],
        delta: t1 - t0,
        sampleIdRange: [from, to],
        samples: n,
        samplingFrequency: this.fs,
        inputSamplingFrequency: this.fs,
        outputSamplingFrequency: this.fs,
      },
      signals,
    } as SamplesResult;
  }

  /**
   * Copies the held samples of `[start, stop)` (the first is `max(start, sampleIdRange[0])`)
   * into the given arrays from `offset`, as many as fit in all of them. Returns how many.
   */
  samplesInto(start: number, stop: number, out: SamplesInto, offset = 0): number {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    checkOffset(offset);
    if (out === null || typeof out !== 'object') throw new TypeError(`samplesInto: out must be an object of arrays, got ${describe(out)}`);
    const { current, voltage, power, bits } = out;
    let room = Infinity;
    for (const [name, a, type] of [
      ['current', current, Float32Array],
      ['voltage', voltage, Float32Array],
      ['power', power, Float32Array],
      ['bits', bits, Uint8Array],
    ] as const) {
      if (a === undefined) continue;
      if (!(a instanceof type)) throw new TypeError(`samplesInto: out.${name} must be a ${type.name}, got ${describe(a)}`);
      room = Math.min(room, a.length - offset);
    }
    if (room === Infinity) throw new TypeError('samplesInto: out needs at least one of current, voltage, power, bits');
    if (room < 0) throw new RangeError(`samplesInto: offset ${String(offset)} is past the end of the output arrays`);
    const [lo, hi] = this.sampleIdRange;
    const a = Math.max(start, lo);
    const n = Math.max(0, Math.min(stop, hi, a + room) - a);
    const L = this.len;
    for (let k = 0, j = mod(a, L); k < n; k++, j = j + 1 === L ? 0 : j + 1) {
      const i = this.cur[j];
      const v = this.vol[j];
      if (current !== undefined) current[offset + k] = i;
      if (voltage !== undefined) voltage[offset + k] = v;
      if (power !== undefined) power[offset + k] = i * v;
      if (bits !== undefined) bits[offset + k] = this.bitsRing[j];
    }
    return n;
  }

  /**
   * Complete entries of reduction level `index` within `[start, stop)` and within the samples
   * held (unlike the reference, which indexes ring slots and so wraps a whole ring to nothing).
   */
  getReduction(index: number, start: number, stop: number): StatsArray {
    checkSampleId('index', index);
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const publicLevels = this.pyramid.publicLevels;
    if (index < 0 || index >= publicLevels.length) {
      throw new RangeError(`reduction index ${String(index)} is outside [0, ${String(publicLevels.length)})`);
    }
    const level = publicLevels[index];
    const R = this.pyramid.steps[level];
    const entries = this.pyramid.lengths[level];
    const data = this.pyramid.data[level];
    const [lo, hi] = this.sampleIdRange;
    const first = Math.max(Math.floor(start / R), Math.ceil(lo / R));
    const last = Math.min(Math.floor(stop / R), Math.floor(hi / R));
    const k = Math.max(0, last - first);
    const out = new StatsArray(k);
    for (let r = 0; r < k; r++) statsRecordToRow(data, ((first + r) % entries) * RECORD_STRIDE, out, r);
    return out;
  }

  /** The calibrated ring in slot order, current and voltage interleaved (a copy; tests only). */
  get dataBuffer(): Float32Array {
    const out = new Float32Array(2 * this.len);
    for (let j = 0; j < this.len; j++) {
      out[2 * j] = this.cur[j];
      out[2 * j + 1] = this.vol[j];
    }
    return out;
  }
}
