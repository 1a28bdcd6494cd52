import { RawProcessor, UsbBulkProcessor } from '@joulescope/codec';
import type { PacketSink, SampleOutput } from '@joulescope/codec';
import { STATS_FIELDS, StatsArray } from '@joulescope/stats';
import type { StatsField } from '@joulescope/stats';
import { availableMemory } from './_available-memory';
import { RECORD_STRIDE, recordClear, recordCombine, recordReduce, recordToRow, rowSingle } from './_record';
import { ACCUMULATOR_SIZE, accumulate, accumulatorClear, accumulatorToRecord } from './_sample-accumulator';
import { StreamBufferAllocationError } from './errors';
import { ReductionPyramid } from './reduction-pyramid';
import { DEFAULT_SAMPLE_FIELDS, FIELD_UNITS, SAMPLE_FIELDS, readField } from './samples-get';
import type { SampleRing } from './samples-get';
import type {
  SampleField,
  SampleFieldValue,
  SamplesResult,
  SignalStatistics,
  StatisticsCallback,
  StatisticsResult,
  StatisticsUpdate,
  StreamBufferStatus,
} from './types';

/** Samples in one USB packet: the smallest useful ring. */
const MIN_LENGTH = 126;
const MAX_REDUCTIONS = 5;
/** Samples processed per pass: small enough that the stats pass finds them in cache. */
const CHUNK = 16384;
/** Samples the glitch filter may hold back and then emit at once. */
const FILTER_SLACK = 64;
/** "No limit" of sampleIdMax / contiguousMax, as the reference (2^63). */
const NO_LIMIT = 2 ** 63;
const BYTES_PER_SAMPLE = 4 + 4 + 4 + 1;
/** Bits byte of a missing sample (range 8, both LSBs set). */
const MISSING_BITS = 0x38;

const SIGNAL_UNITS: Record<StatsField, string> = {
  current: 'A',
  voltage: 'V',
  power: 'W',
  current_range: '',
  current_lsb: '',
  voltage_lsb: '',
};

function requireInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${name} must be a number (a sample id), got ${value === null ? 'null' : typeof value}`);
  }
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer sample id, got ${String(value)}`);
  return value;
}

/** Python's `%`: the result has the sign of the divisor. */
function mod(a: number, n: number): number {
  const r = a % n;
  return r < 0 ? r + n : r;
}

/** Python's round(): half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * A ring of JS110 samples plus a pyramid of reductions that answers statistics over any
 * range fast (js110-facts §8). Feed it USB bytes with `insert` (or raw words with
 * `insertRaw`), call `process()`, then query by sample id.
 */
export class StreamBuffer {
  /** Called once per entry of the last reduction level (with two or more levels). */
  callback: StatisticsCallback | null = null;
  /** Inserting stops (insert returns true) once this many samples arrived. */
  sampleIdMax = NO_LIMIT;
  /** Inserting stops once this many contiguous samples were processed. */
  contiguousMax = NO_LIMIT;

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
  private chargePico = 0n;
  private energyPico = 0n;
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
    if (typeof duration !== 'number') throw new TypeError(`duration must be a number of seconds, got ${typeof duration}`);
    if (!Number.isFinite(duration) || duration <= 0) {
      throw new RangeError(`duration must be a positive finite number of seconds, got ${String(duration)}`);
    }
    if (typeof samplingFrequency !== 'number') {
      throw new TypeError(`samplingFrequency must be a number, got ${typeof samplingFrequency}`);
    }
    if (!Number.isFinite(samplingFrequency) || samplingFrequency <= 0) {
      throw new RangeError(`samplingFrequency must be a positive finite number, got ${String(samplingFrequency)}`);
    }
    if (!Array.isArray(reductions)) throw new TypeError('reductions must be an array of integers');
    if (reductions.length > MAX_REDUCTIONS) {
      throw new RangeError(`at most ${String(MAX_REDUCTIONS)} reductions are allowed, got ${String(reductions.length)}`);
    }
    let step = 1;
    const factors: number[] = [];
    for (const r of reductions as unknown[]) {
      if (typeof r !== 'number') throw new TypeError(`reductions must be integers, got ${typeof r}`);
      if (!Number.isInteger(r) || r < 2) throw new RangeError(`each reduction must be an integer of at least 2, got ${String(r)}`);
      step *= r;
      factors.push(r);
    }
    const requested = Math.trunc(samplingFrequency * duration);
    if (requested < MIN_LENGTH) {
      throw new RangeError(
        `the ring must hold at least one packet (${String(MIN_LENGTH)} samples); duration ${String(duration)} s at ${String(samplingFrequency)} Hz gives ${String(requested)}`,
      );
    }
    const length = Math.ceil(requested / step) * step;
    this.len = length;
    this.fs = samplingFrequency;
    this.reductionFactors = factors;

    let pyramidBytes = 0;
    let s = 1;
    for (const r of factors) {
      s *= r;
      pyramidBytes += (length / s) * RECORD_STRIDE * 8;
    }
    const bytes = length * BYTES_PER_SAMPLE + pyramidBytes;
    const available = availableMemory();
    const tooBig = (why: string): StreamBufferAllocationError =>
      new StreamBufferAllocationError(
        `a ${String(duration)} s ring at ${String(samplingFrequency)} Hz needs ${(bytes / 2 ** 20).toFixed(0)} MiB (${String(length)} samples); ${why}. Use a shorter duration.`,
        bytes,
      );
    if (available !== null && bytes > available) {
      throw tooBig(`only ${(available / 2 ** 20).toFixed(0)} MiB are available`);
    }
    try {
      this.raw = new Uint32Array(length);
      this.cur = new Float32Array(length);
      this.vol = new Float32Array(length);
      this.bitsRing = new Uint8Array(length);
      this.pyramid = new ReductionPyramid(length, this.reductionFactors);
    } catch (e) {
      if (e instanceof RangeError) throw tooBig(`allocation failed (${e.message})`);
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

  get suppressMode(): string {
    return this.processor.suppressMode;
  }

  set suppressMode(value: string) {
    this.processor.suppressMode = value;
  }

  /** Voltage range (0 = 15 V, 1 = 5 V) of the latest inserted data. */
  get voltageRange(): number {
    return this.lastInsertedRange < 0 ? this.processor.voltageRange : this.lastInsertedRange;
  }

  /** Sets the voltage range for data inserted from now on (USB packets carry their own). */
  set voltageRange(value: number) {
    if (value !== 0 && value !== 1) throw new RangeError(`voltageRange must be 0 (15 V) or 1 (5 V), got ${String(value)}`);
    this.markVoltageRange(value);
  }

  /** Sets the calibration: ≥ 7 current entries, ≥ 2 voltage entries (see RawProcessor). */
  calibrationSet(
    currentOffset: ArrayLike<number>,
    currentGain: ArrayLike<number>,
    voltageOffset: ArrayLike<number>,
    voltageGain: ArrayLike<number>,
  ): void {
    this.processor.calibrationSet(currentOffset, currentGain, voltageOffset, voltageGain);
  }

  /** Empties the buffer: counters, filter, reductions and accumulators (not ring contents). */
  reset(): void {
    this.deviceId = 0;
    this.preprocessedId = 0;
    this.processedId = 0;
    this.sampleIdMax = NO_LIMIT;
    this.contiguousMax = NO_LIMIT;
    this.chargePico = 0n;
    this.energyPico = 0n;
    this.blockRemaining = this.reductionFactors.length > 0 ? this.reductionFactors[0] : 0;
    accumulatorClear(this.blockAcc);
    this.pyramid.reset();
    this.bulk.reset();
    this.processor.reset();
    this.vrIds = [];
    this.vrValues = [];
    this.vrHead = 0;
    this.lastInsertedRange = -1;
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
      throw new TypeError(`insert expects USB data as a Uint8Array, got ${typeof data}`);
    }
    this.bulk.process(data, this.sink);
    return this.shouldStop();
  }

  /** Inserts raw u16 words (current, voltage pairs) with the current voltage range. */
  insertRaw(data: Uint16Array): boolean {
    if (!(data instanceof Uint16Array)) throw new TypeError('insertRaw expects a Uint16Array of raw words');
    if (data.length % 2 !== 0) {
      throw new RangeError(`insertRaw needs an even number of u16 words (current, voltage pairs), got ${String(data.length)}`);
    }
    const n = data.length / 2;
    const words =
      data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, n) : new Uint32Array(data.slice().buffer, 0, n);
    this.writeWords(words, 0, n);
    return this.shouldStop();
  }

  private shouldStop(): boolean {
    return this.deviceId >= this.sampleIdMax || this.processor.contiguousCount >= this.contiguousMax;
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
    this.writeWords(words, start, 126);
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
      for (let e = k + run; k < e; ) raw[pos++] = words[k++];
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

  /** Calibrates, filters and reduces every inserted sample not yet processed. */
  process(): void {
    const L = this.len;
    const p = this.processor;
    if (this.preprocessedId + L < this.deviceId) {
      // Overrun: more was inserted than the ring holds; the oldest data is lost (§8.3).
      this.preprocessedId = this.deviceId - L;
      this.processedId = this.deviceId - L;
      // Unlike the reference: drop the samples the filter holds (they belong to the lost
      // data, and emitting them would push processed past inserted), mark the slots just
      // before the jump as lost (the next held output leaves them in range), and keep the
      // reduction blocks aligned to sample ids, so statistics stay exact.
      p.discardPending();
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
      let n = Math.min(this.deviceId - id, L - ip, maxRun);
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
      accumulate(this.blockAcc, this.cur, this.vol, this.bitsRing, pos, pos + run);
      pos += run;
      if (pos === L) pos = 0;
      left -= run;
      this.processedId += run;
      this.blockRemaining -= run;
      if (this.blockRemaining === 0) {
        accumulatorToRecord(this.blockAcc, this.blockRecord, 0);
        accumulatorClear(this.blockAcc);
        this.blockRemaining = this.reductionFactors[0];
        this.pyramid.pushBlock(this.processedId, this.blockRecord, 0, this.callback === null ? null : this.onLevel);
      }
    }
  }

  private readonly onLevel = (level: number, data: Float64Array, offset: number): void => {
    // The last level calls back, and only when it is not level 0 (as the reference).
    const last = this.pyramid.levels - 1;
    if (level !== last || this.pyramid.publicLevels.length < 2 || this.callback === null) return;
    this.callback(this.update(data, offset));
  };

  /** Builds the callback payload for a last-level entry (§8.7). */
  private update(data: Float64Array, offset: number): StatisticsUpdate {
    const sampleCount = this.pyramid.steps[this.pyramid.levels - 1];
    const endId = this.processedId;
    const startId = endId - sampleCount;
    const duration = sampleCount / this.fs;
    const t0 = startId / this.fs;
    const t1 = t0 + duration;
    const delta = t1 - t0;
    const k = data[offset];
    const signals = {} as Record<StatsField, SignalStatistics>;
    STATS_FIELDS.forEach((field, f) => {
      const o = offset + 1 + 4 * f;
      const empty = k === 0;
      const mean = empty ? NaN : data[o];
      const min = empty ? NaN : data[o + 2];
      const max = empty ? NaN : data[o + 3];
      const s: SignalStatistics = {
        mean,
        variance: empty ? NaN : k <= 1 ? 0 : data[o + 1] / (k - 1),
        min,
        max,
        p2p: max - min,
        units: SIGNAL_UNITS[field],
      };
      if (field === 'current' || field === 'power') {
        s.integral = mean * delta;
        s.integralUnits = field === 'current' ? 'C' : 'J';
      }
      signals[field] = s;
    });
    const chargePico = signals.current.mean * 1e12 * duration;
    const energyPico = signals.power.mean * 1e12 * duration;
    if (Number.isFinite(chargePico) && Number.isFinite(energyPico)) {
      this.chargePico += BigInt(Math.trunc(chargePico));
      this.energyPico += BigInt(Math.trunc(energyPico));
    }
    return {
      time: { range: [t0, t1], delta, samples: k, sampleRange: [startId, endId] },
      signals,
      accumulators: {
        charge: { value: Number(this.chargePico) * 1e-12, units: 'C', pico: this.chargePico },
        energy: { value: Number(this.energyPico) * 1e-12, units: 'J', pico: this.energyPico },
      },
      source: 'stream_buffer',
    };
  }

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
    const s = requireInteger('sampleId', sampleId);
    return ((s - (this.processedId - this.len)) / this.len) * (this.len / this.fs);
  }

  timeToSampleId(time: number): number {
    if (typeof time !== 'number' || Number.isNaN(time)) throw new TypeError(`time must be a number of seconds, got ${typeof time}`);
    return roundHalfEven((time / (this.len / this.fs)) * this.len + (this.processedId - this.len));
  }

  status(): StreamBufferStatus {
    const c = this.processor.counters();
    return {
      deviceSampleId: this.deviceId,
      sampleId: this.processedId,
      sampleMissingCount: c.sampleMissingCount,
      skipCount: c.skipCount,
      sampleSyncCount: c.sampleSyncCount,
      contiguousCount: c.contiguousCount,
    };
  }

  // ---- Queries ----

  /**
   * Exact statistics over `[start, stop)`, constrained to the samples held (§8.6, §8.10):
   * whole pyramid entries where they tile the range, samples at the ragged edges.
   */
  statisticsGet(start: number, stop: number, out?: StatsArray): StatisticsResult {
    requireInteger('start', start);
    requireInteger('stop', stop);
    const [lo, hi] = this.sampleIdRange;
    const xs = Math.max(0, start, lo);
    const xe = Math.max(xs, Math.min(stop, hi));
    const stats = out ?? new StatsArray(1);
    if (stats.rows < 1) throw new RangeError('statisticsGet needs an output StatsArray with at least one row');
    this.rangeStats(xs, xe, this.queryTotal);
    recordToRow(this.queryTotal, 0, stats, 0);
    return { stats, range: [xs, xe] };
  }

  /** Statistics of `[xs, xe)` into `dst[0]`, combining coarse levels first, then the edges. */
  private rangeStats(xs: number, xe: number, dst: Float64Array): void {
    recordClear(dst, 0);
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
        recordCombine(dst, 0, this.queryPart, 0);
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
      recordCombine(dst, 0, this.queryPart, 0);
    }
  }

  /** Reduces `count` entries of level `n` starting at the one holding sample `first`. */
  private levelStats(n: number, first: number, count: number, dst: Float64Array): void {
    const data = this.pyramid.data[n];
    const entries = this.pyramid.lengths[n];
    const slot = (first % this.len) / this.pyramid.steps[n];
    const a = Math.min(count, entries - slot);
    recordReduce(dst, 0, data, slot * RECORD_STRIDE, a);
    if (a < count) {
      recordReduce(this.queryPart2, 0, data, 0, count - a);
      recordCombine(dst, 0, this.queryPart2, 0);
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
      accumulate(this.queryAcc, this.cur, this.vol, this.bitsRing, pos, pos + run);
      pos = pos + run === L ? 0 : pos + run;
      left -= run;
    }
  }

  /**
   * Statistics rows of `increment` samples each over `[start, stop)` (§8.11): rows older
   * than the ring are empty; increment 1 gives one row per sample.
   * Returns `out` itself when every row of it was written, else the rows written.
   */
  dataGet(start: number, stop: number, increment = 1, out?: StatsArray): StatsArray {
    requireInteger('start', start);
    requireInteger('stop', stop);
    requireInteger('increment', increment);
    if (increment < 1) throw new RangeError(`increment must be at least 1 sample, got ${String(increment)}`);
    if (out !== undefined && !(out instanceof StatsArray)) throw new TypeError('out must be a StatsArray');
    if (start >= stop) return new StatsArray(0);
    const rowsWanted = Math.floor((stop - start) / increment);
    if (out !== undefined && out.rows < rowsWanted) {
      throw new RangeError(`out has ${String(out.rows)} rows, ${String(rowsWanted)} are needed`);
    }
    const buf = out ?? new StatsArray(rowsWanted);
    const rows = this.dataRows(start, stop, increment, buf, rowsWanted);
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
    const part = this.queryPart;
    if (inc <= 1) {
      for (; s !== stop && row < rowsWanted; s++, row++) this.sampleRow(mod(s, L), buf, row);
    } else if (this.reductionFactors.length === 0 || inc < this.reductionFactors[0]) {
      for (; s + inc <= stop && row < rowsWanted; s += inc, row++) {
        this.sampleStats(s, s + inc, part);
        recordToRow(part, 0, buf, row);
      }
    } else {
      const [lo, hi] = this.sampleIdRange;
      for (; s + inc <= stop && row < rowsWanted; s += inc, row++) {
        const xs = Math.max(0, s, lo);
        const xe = Math.max(xs, Math.min(s + inc, hi));
        this.rangeStats(xs, xe, this.queryTotal);
        recordToRow(this.queryTotal, 0, buf, row);
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
   * Sample data over `[start, stop)` (no reductions, no skips), copied out of the ring.
   * With a field name returns that field's array; with a list (default: current, voltage,
   * power, current_range, current_lsb, voltage_lsb, raw) returns values, units and timing.
   */
  samplesGet<F extends SampleField>(start: number, stop: number, field: F): SampleFieldValue[F];
  samplesGet<F extends SampleField>(start: number, stop: number, fields?: readonly F[]): SamplesResult<F>;
  samplesGet(start: number, stop: number, fields?: SampleField | readonly SampleField[]): SamplesResult | SampleFieldValue[SampleField] {
    requireInteger('start', start);
    requireInteger('stop', stop);
    const from = stop <= start ? stop : start;
    const n = stop - from;
    if (n > this.len) {
      throw new RangeError(`samplesGet range of ${String(n)} samples exceeds the ring length ${String(this.len)}`);
    }
    const a = mod(from, this.len);
    const ring: SampleRing = { length: this.len, raw: this.raw, current: this.cur, voltage: this.vol, bits: this.bitsRing };
    const check = (f: unknown): SampleField => {
      if (typeof f !== 'string') throw new TypeError(`sample field names are strings, got ${typeof f}`);
      if (!(SAMPLE_FIELDS as readonly string[]).includes(f)) {
        throw new RangeError(`unknown sample field '${f}'; allowed: ${SAMPLE_FIELDS.join(', ')}`);
      }
      return f as SampleField;
    };
    if (typeof fields === 'string') return readField(ring, check(fields), a, n);
    if (fields !== undefined && !Array.isArray(fields)) throw new TypeError('fields must be a field name or an array of field names');
    const list = (fields ?? DEFAULT_SAMPLE_FIELDS).map(check);
    const t0 = this.sampleIdToTime(from);
    const t1 = this.sampleIdToTime(stop);
    const signals: Record<string, { value: SampleFieldValue[SampleField]; units: string; voltageRange?: number }> = {};
    for (const f of list) {
      signals[f] = { value: readField(ring, f, a, n), units: FIELD_UNITS[f] };
      if (f === 'raw') signals[f].voltageRange = this.processor.voltageRange;
    }
    return {
      time: {
        range: [t0, t1],
        delta: t1 - t0,
        sampleIdRange: [from, stop],
        samples: n,
        samplingFrequency: this.fs,
        inputSamplingFrequency: this.fs,
        outputSamplingFrequency: this.fs,
      },
      signals,
    } as SamplesResult;
  }

  /** Entries of reduction level `index` for sample ids `[start, stop)` (for tests and tools). */
  getReduction(index: number, start: number, stop: number): StatsArray {
    requireInteger('index', index);
    requireInteger('start', start);
    requireInteger('stop', stop);
    const publicLevels = this.pyramid.publicLevels;
    if (index < 0 || index >= publicLevels.length) {
      throw new RangeError(`reduction index ${String(index)} is outside [0, ${String(publicLevels.length)})`);
    }
    const level = publicLevels[index];
    if (stop - start > this.len) throw new RangeError(`requested ${String(stop - start)} samples, more than the ring length ${String(this.len)}`);
    const R = this.pyramid.steps[level];
    const entries = this.pyramid.lengths[level];
    const data = this.pyramid.data[level];
    const a = Math.floor(mod(start, this.len) / R);
    const b = Math.floor(mod(stop, this.len) / R);
    let k = b - a;
    if (k < 0) k += entries;
    const out = new StatsArray(k);
    for (let r = 0; r < k; r++) recordToRow(data, ((a + r) % entries) * RECORD_STRIDE, out, r);
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
