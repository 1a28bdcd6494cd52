import { SUPPRESS_DEFAULT_MODE, calibrationTables, formatSuppressMode, parseSuppressMode } from '@joulescope/codec';
import { StatsArray, statsRecordToRow } from '@joulescope/stats';
import { CalibrationLog } from './_calibration-log';
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
} from './_checks';
import { dataGet } from './_data-get';
import { Kernel, kernelReady, pointer } from './_kernel';
import { pyramidLevels } from './_pyramid-levels';
import type { PyramidLevels } from './_pyramid-levels';
import { calibratedRing, reductionEntries } from './_reduction-view';
import { ringSize, tooBig } from './_ring-size';
import type { RingSize } from './_ring-size';
import { ChargeEnergy } from './_statistics-update';
import { sampleIdToTime, timeToSampleId } from './_time-map';
import { sampleFieldUnits } from './_units';
import { UsbIngest } from './_usb-ingest';
import { StreamBufferBusyError } from './errors';
import { DEFAULT_SAMPLE_FIELDS, SampleReader, checkFields, checkSamplesInto } from './samples-get';
import type { SampleBuffer } from './sample-buffer';
import type {
  SampleField,
  SampleFieldValue,
  SamplesInto,
  SamplesResult,
  StatisticsCallback,
  StatisticsResult,
  StreamBufferStatus,
} from './types';

/**
 * A ring of JS110 samples plus a pyramid of reductions that answers statistics over any range
 * fast (docs/stream-buffer.md). Feed it USB bytes with `insert` (or raw words with
 * `insertRaw`), call `process()`, then query by sample id. The ring keeps the raw words (4 B
 * per sample, about 5.5 B with the pyramid); a WebAssembly SIMD kernel calibrates, filters and
 * reduces them, and calibrates again on read.
 */
export class StreamBuffer implements SampleBuffer {
  /**
   * Compiles the kernel asynchronously. Needed once on a browser's main thread, which
   * refuses to compile WebAssembly synchronously; elsewhere the constructor compiles it.
   */
  static ready(): Promise<void> {
    return kernelReady();
  }

  private userCallback: StatisticsCallback | null = null;
  private idMax = NO_LIMIT;
  private contiguousLimit = NO_LIMIT;
  private mode: string = SUPPRESS_DEFAULT_MODE;
  private readonly size: RingSize;
  private readonly levels: PyramidLevels;
  private readonly kernel: Kernel;
  private readonly usb: UsbIngest;
  private readonly calibrations: CalibrationLog;
  private readonly samples: SampleReader;
  private readonly accumulators = new ChargeEnergy();
  /** True while process() runs (the callback may query, not change the buffer). */
  private busy = false;
  private callbackError: { error: unknown } | null = null;

  /**
   * @param duration ring length in seconds (> 0)
   * @param reductions up to 5 integer factors ≥ 2; level n averages `reductions[n]` entries of level n − 1
   * @param samplingFrequency samples per second (2 MS/s for the JS110)
   */
  constructor(duration: number, reductions: readonly number[], samplingFrequency = 2e6) {
    this.size = ringSize(duration, reductions, samplingFrequency);
    this.levels = pyramidLevels(this.size.length, this.size.reductions);
    this.kernel = Kernel.forRing(this.size, this.levels.factors, (record, endId) => this.onEntry(record, endId));
    this.usb = new UsbIngest(this.kernel);
    this.calibrations = new CalibrationLog(this.kernel);
    this.samples = new SampleReader(this.kernel);
    this.kernel.setFilter(parseSuppressMode(this.mode));
    this.kernel.exports.reset();
    this.usb.reset();
  }

  /** Samples the ring holds. */
  get length(): number {
    return this.size.length;
  }

  /** The reduction factors given at construction. */
  get reductions(): readonly number[] {
    return this.size.reductions;
  }

  /** Rate of the samples inserted, in Hz. */
  get inputSamplingFrequency(): number {
    return this.size.samplingFrequency;
  }

  /** Rate of the samples held (the input rate), in Hz. */
  get outputSamplingFrequency(): number {
    return this.size.samplingFrequency;
  }

  /** True: `samplesGet` supports the raw fields. */
  get hasRaw(): boolean {
    return true;
  }

  /** Bytes held: the kernel's memory (raw ring, voltage ranges, pyramid, overrides, scratch). */
  get byteLength(): number {
    return this.kernel.byteLength;
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
    if (cb !== null && this.size.reductions.length < 2) {
      throw new RangeError(
        `the statistics callback fires once per entry of the last reduction level from the second level on; reductions [${this.size.reductions.join(', ')}] would never call it: use at least two, e.g. [200, 100]`,
      );
    }
    this.userCallback = cb;
    this.kernel.exports.setCallbackEnabled(cb !== null);
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

  /** The glitch filter mode, e.g. `interp_1_n_1` (default), `mean_2_3_1`, `nan_0_m_0`, `off`. */
  get suppressMode(): string {
    return this.mode;
  }

  set suppressMode(value: string) {
    this.notBusy('suppressMode');
    if (typeof value !== 'string') throw new TypeError(`suppressMode must be a mode string such as "interp_1_n_1" or "off", got ${describe(value)}`);
    const config = parseSuppressMode(value); // throws before anything changes
    this.kernel.setFilter(config);
    this.mode = formatSuppressMode(config);
  }

  /** Voltage range (0 = 15 V, 1 = 5 V) of the latest inserted data. */
  get voltageRange(): number {
    const r = this.usb.lastInsertedRange;
    return r < 0 ? this.kernel.exports.processVoltageRange() : r;
  }

  /** Sets the voltage range for data inserted from now on (USB packets carry their own). */
  set voltageRange(value: number) {
    this.notBusy('voltageRange');
    this.usb.setRange(checkVoltageRange(value));
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
    const tables = calibrationTables(currentOffset, currentGain, voltageOffset, voltageGain);
    this.calibrations.set(tables, this.kernel.exports.preprocessed(), this.sampleIdRange[0]);
  }

  /** False until a calibration was set: values are then in ADC LSBs. */
  get calibrated(): boolean {
    return this.calibrations.calibrated;
  }

  /** Empties the buffer: samples, counters, filter state, accumulators; settings and calibration stay. */
  reset(): void {
    this.notBusy('reset');
    this.idMax = NO_LIMIT;
    this.contiguousLimit = NO_LIMIT;
    this.accumulators.reset();
    this.kernel.exports.reset();
    this.usb.reset();
    this.calibrations.reset();
  }

  private notBusy(what: string): void {
    if (this.busy) {
      throw new StreamBufferBusyError(`${what} cannot be called from the statistics callback of the same StreamBuffer (process() is running); queries can`);
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
    if (!(data instanceof Uint8Array)) throw new TypeError(`insert expects USB data as a Uint8Array, got ${describe(data)}`);
    this.notBusy('insert');
    this.usb.insert(data);
    return this.shouldStop();
  }

  /** Inserts raw u16 words (current, voltage pairs) with the voltage range in force. */
  insertRaw(data: Uint16Array): boolean {
    if (!(data instanceof Uint16Array)) throw new TypeError(`insertRaw expects a Uint16Array of raw words, got ${describe(data)}`);
    if (data.length % 2 !== 0) {
      throw new RangeError(`insertRaw needs an even number of u16 words (current, voltage pairs), got ${String(data.length)}`);
    }
    this.notBusy('insertRaw');
    const n = data.length / 2;
    const words = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, n) : new Uint32Array(data.slice().buffer, 0, n);
    this.usb.insertRaw(words);
    return this.shouldStop();
  }

  private shouldStop(): boolean {
    return this.usb.deviceId >= this.idMax || this.kernel.exports.contiguousCount() >= this.contiguousLimit;
  }

  /**
   * Calibrates, filters and reduces every inserted sample not yet processed. A callback that
   * throws does not stop it: everything is processed, then the callback's first error is
   * rethrown as it was thrown.
   */
  process(): void {
    this.notBusy('process');
    this.busy = true;
    let status: number;
    try {
      status = this.kernel.exports.ingest(this.usb.deviceId);
    } finally {
      this.busy = false;
    }
    const full = status < 0;
    const failed = this.callbackError;
    this.callbackError = null;
    if (full) {
      // Only a stream that switches current ranges almost every sample fills the memory.
      throw tooBig(this.size, this.kernel.byteLength, 'the glitch filter changed too many samples for the overrides to fit');
    }
    if (failed !== null) throw failed.error;
  }

  /** The kernel completed an entry of the last level ending at `endId`: call back. */
  private onEntry(record: number, endId: number): void {
    const cb = this.userCallback;
    if (cb === null) return;
    const startId = endId - this.size.step;
    const update = this.accumulators.update(this.kernel.f64, pointer(record) / 8, startId, endId, this.size.samplingFrequency, this.calibrations.calibratedAt(startId));
    try {
      cb(update);
    } catch (error) {
      this.callbackError ??= { error };
    }
  }

  // ---- Ranges and time ----

  /** [start, end) of the sample ids held (start inclusive, end exclusive). */
  get sampleIdRange(): [number, number] {
    const processed = this.kernel.exports.processed();
    // Raw words of inserted, unprocessed samples overwrite the oldest slots beyond the slack
    // (all of them when more than the whole raw ring is waiting for process()).
    const lo = Math.max(0, processed - this.size.length, this.usb.deviceId - this.kernel.physicalLength);
    return [Math.min(lo, processed), processed];
  }

  /** [start, end) of the ring in sample ids; start may be negative before the ring fills. */
  get limitsSamples(): [number, number] {
    const processed = this.kernel.exports.processed();
    return [processed - this.size.length, processed];
  }

  /** The ring's time span, `[0, length / fs]` (time 0 is the oldest slot). */
  get limitsTime(): [number, number] {
    return [0, this.size.length / this.size.samplingFrequency];
  }

  sampleIdToTime(sampleId: number): number {
    return sampleIdToTime(sampleId, this.kernel.exports.processed(), this.size.length, this.size.samplingFrequency);
  }

  timeToSampleId(time: number): number {
    return timeToSampleId(time, this.kernel.exports.processed(), this.size.length, this.size.samplingFrequency);
  }

  status(): StreamBufferStatus {
    const k = this.kernel.exports;
    return {
      deviceSampleId: this.usb.deviceId,
      sampleId: k.processed(),
      sampleMissingCount: k.missingCount(),
      skipCount: k.skipCount(),
      sampleSyncCount: k.syncCount(),
      contiguousCount: k.contiguousCount(),
      calibrated: this.calibrations.calibrated,
    };
  }

  // ---- Queries ----

  /**
   * Exact statistics over `[start, stop)`, constrained to the samples held: whole pyramid
   * entries where they tile the range, samples at the ragged edges.
   */
  statisticsGet(start: number, stop: number, out?: StatsArray): StatisticsResult {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const stats = checkStatsOut('statisticsGet', out, 1) ?? new StatsArray(1);
    const [lo, hi] = this.sampleIdRange;
    const xs = Math.max(0, start, lo);
    const xe = Math.max(xs, Math.min(stop, hi));
    const record = pointer(this.kernel.exports.statistics(xs, xe));
    statsRecordToRow(this.kernel.f64, record / 8, stats, 0);
    return { stats, range: [xs, xe] };
  }

  /**
   * Statistics rows of `increment` samples each over `[start, stop)`: rows older than the
   * ring are empty, and a range reaching past the newest sample gives no rows (as the
   * reference); increment 1 gives one row per sample. Every row counts only the samples held.
   * Asking for more rows than a ring of this length can fill is a RangeError. With `out`, the
   * rows are written there and `out` is returned, its rows past those written emptied; else a
   * new array of the rows written.
   */
  dataGet(start: number, stop: number, increment = 1, out?: StatsArray): StatsArray {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const inc = checkIncrement(increment);
    const [lo, processed] = this.sampleIdRange;
    return dataGet({ kernel: this.kernel, length: this.size.length, processed, lo, firstReduction: this.size.reductions[0] ?? 0 }, start, stop, inc, out);
  }

  /**
   * Sample data over `[start, stop)` constrained to the samples held (no reductions, no
   * skips); `time.sampleIdRange` says which samples came back. With a field name returns that
   * field's array; with a list (default: current, voltage, power, current_range, current_lsb,
   * voltage_lsb, raw) returns values, units and timing.
   */
  samplesGet<F extends SampleField>(start: number, stop: number, field: F): SampleFieldValue[F];
  samplesGet<F extends SampleField>(start: number, stop: number, fields?: readonly F[]): SamplesResult<F>;
  samplesGet(start: number, stop: number, fields?: SampleField | readonly SampleField[]): SamplesResult | SampleFieldValue[SampleField] {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const list = checkFields(fields, DEFAULT_SAMPLE_FIELDS);
    const [lo, hi] = this.sampleIdRange;
    // A reversed range is empty at `stop`, as in the reference; then constrain to what is held.
    const from = Math.min(Math.max(Math.min(start, stop), lo), hi);
    const to = Math.max(from, Math.min(stop, hi));
    const values = this.samples.read(list, from, to - from);
    if (typeof fields === 'string') return values[list[0]] as SampleFieldValue[SampleField];
    const t0 = this.sampleIdToTime(from);
    const t1 = this.sampleIdToTime(to);
    const calibrated = this.calibrations.calibratedAt(from);
    const signals: Record<string, { value: SampleFieldValue[SampleField]; units: string; voltageRange?: number }> = {};
    for (const f of list) {
      signals[f] = { value: values[f] as SampleFieldValue[SampleField], units: sampleFieldUnits(f, calibrated) };
      if (f === 'raw') signals[f].voltageRange = this.kernel.exports.processVoltageRange();
    }
    const fs = this.size.samplingFrequency;
    return {
      time: { range: [t0, t1], delta: t1 - t0, sampleIdRange: [from, to], samples: to - from, samplingFrequency: fs, inputSamplingFrequency: fs, outputSamplingFrequency: fs },
      signals,
    } as SamplesResult;
  }

  /**
   * Copies the held samples of `[start, stop)` (the first is `max(start, sampleIdRange[0])`)
   * into the given arrays from `offset`, as many as fit in all of them; allocates nothing.
   * Returns how many.
   */
  samplesInto(start: number, stop: number, out: SamplesInto, offset = 0): number {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const room = checkSamplesInto(out, checkOffset(offset));
    const [lo, hi] = this.sampleIdRange;
    const a = Math.max(start, lo);
    const n = Math.max(0, Math.min(stop, hi, a + room) - a);
    this.samples.into(out, offset, a, n);
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
    const count = this.levels.publicLevels.length;
    if (index < 0 || index >= count) throw new RangeError(`reduction index ${String(index)} is outside [0, ${String(count)})`);
    const [lo, hi] = this.sampleIdRange;
    return reductionEntries(this.kernel, this.levels, index, start, stop, lo, hi);
  }

  /** The calibrated ring in slot order, current and voltage interleaved (a copy; tests only). */
  get dataBuffer(): Float32Array {
    const [lo, hi] = this.sampleIdRange;
    return calibratedRing(this.kernel, this.size.length, lo, hi);
  }
}
