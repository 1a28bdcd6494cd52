import { MISSING_BITS, PACKET_HEADER_SIZE, PACKET_SIZE, PACKET_TYPE_DATA, SAMPLES_PER_PACKET, SAMPLING_FREQUENCY } from '@joulescope/codec';
import { STATS_RECORD_LENGTH, StatsArray, statsRecordToRow } from '@joulescope/stats';
import { checkIncrement, checkOffset, checkSampleId, checkStatsOut, describe } from './_checks';
import { dataGetRows, planRows } from './_data-get';
import { DOWNSAMPLING_OUTPUT_FREQUENCIES, decimatorChain } from './_decimator-chains';
import { DecimatorBlocks } from './_decimator-blocks';
import { DecimatorRing, RING_BYTES_PER_SAMPLE, sampleToRow } from './_decimator-ring';
import { Decimator } from './_decimator';
import { checkBudget, ringSize, tooBig } from './_ring-size';
import type { RingSize } from './_ring-size';
import { sampleIdToTime, timeToSampleId } from './_time-map';
import { sampleFieldUnits } from './_units';
import { StreamBufferBusyError } from './errors';
import { StreamBuffer } from './stream-buffer';
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

export { DOWNSAMPLING_OUTPUT_FREQUENCIES } from './_decimator-chains';

/** The inner full-rate buffer holds 1 s (docs/downsampling.md, "Pipeline"). */
const INNER_DURATION = 1;
/** A bound on the inner buffer's bytes per sample (its ring and reductions), for the memory check. */
const INNER_BYTES_PER_SAMPLE = 16;
/** Full-rate samples read from the inner buffer and filtered per pass. */
const BLOCK = 16384;

/** The fields a downsampled buffer has (no raw words, no bits byte). */
const DOWNSAMPLED_FIELDS: readonly SampleField[] = ['current', 'voltage', 'power', 'current_voltage', 'current_range', 'current_lsb', 'voltage_lsb'];
const DEFAULT_FIELDS: readonly SampleField[] = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'];

/**
 * A buffer of JS110 samples at a lower output rate: the 2 MS/s stream goes through an inner
 * 1 s StreamBuffer (packets, glitch filter, calibration, status counters, statistics
 * callback), then through FIR low-pass decimation of current, voltage and power into a ring
 * of output samples that answers the same queries (docs/downsampling.md). Sample ids of the
 * queries count output samples; `status()`, `sampleIdMax` and `contiguousMax` count input
 * samples.
 */
export class DownsamplingStreamBuffer implements SampleBuffer {
  private readonly inner: StreamBuffer;
  private readonly ring: DecimatorRing;
  private readonly decimator: Decimator;
  private readonly fOut: number;
  private readonly len: number;
  /** Input samples of every output's filter window (how far back an output reaches). */
  private readonly reach: number;
  /** Where the inner buffer's `samplesInto` writes: the decimator's input block. */
  private readonly block: SamplesInto;
  private readonly blocks: DecimatorBlocks;
  private readonly record = new Float64Array(STATS_RECORD_LENGTH);
  /** Full-rate samples given to the decimator since the last reset. */
  private inputId = 0;
  /** First output sample computed only from calibrated input (Infinity: none set yet). */
  private calibratedFrom = Infinity;
  /** True while a call feeds the buffer (the callback may query it, not feed or reset it). */
  private busy = false;
  /** The first error of a statistics callback during an insert, rethrown at its end. */
  private failed: { error: unknown } | null = null;
  // What the inner buffer's packet parser will do next, to size the pieces of an insert:
  // bytes of the packet it holds incomplete, and the low 16 bits of the index it expects.
  private partialBytes = 0;
  private hostIndex = 0;

  /**
   * @param duration seconds of output samples to hold (> 0); the ring is rounded up to a
   *   multiple of the product of `reductions`, as the reference does (`length` says how long)
   * @param reductions the inner full-rate buffer's reductions (the callback fires per entry of the last)
   * @param inputSamplingFrequency 2 MHz, the JS110's rate (the only one the filters are designed for)
   * @param outputSamplingFrequency one of `DOWNSAMPLING_OUTPUT_FREQUENCIES` (1, 2, 5 steps from 1 MHz to 5 Hz)
   */
  constructor(duration: number, reductions: readonly number[], inputSamplingFrequency: number, outputSamplingFrequency: number) {
    if (typeof duration !== 'number') throw new TypeError(`duration must be a number of seconds, got ${describe(duration)}`);
    if (!Number.isFinite(duration) || duration <= 0) {
      throw new RangeError(`duration must be a positive finite number of seconds, got ${describe(duration)}`);
    }
    if (typeof inputSamplingFrequency !== 'number') {
      throw new TypeError(`inputSamplingFrequency must be a number (Hz), got ${describe(inputSamplingFrequency)}`);
    }
    if (inputSamplingFrequency !== SAMPLING_FREQUENCY) {
      throw new RangeError(
        `inputSamplingFrequency must be ${String(SAMPLING_FREQUENCY)} Hz, the JS110's rate the filters are designed for; got ${describe(inputSamplingFrequency)}`,
      );
    }
    if (typeof outputSamplingFrequency !== 'number') {
      throw new TypeError(`outputSamplingFrequency must be a number (Hz), got ${describe(outputSamplingFrequency)}`);
    }
    const chain = decimatorChain(outputSamplingFrequency);
    if (chain === undefined) {
      const hint = outputSamplingFrequency === SAMPLING_FREQUENCY ? ' (for the full rate, use a StreamBuffer)' : '';
      throw new RangeError(
        `outputSamplingFrequency must be one of ${DOWNSAMPLING_OUTPUT_FREQUENCIES.join(', ')} Hz, got ${describe(outputSamplingFrequency)}${hint}`,
      );
    }
    const requested = Math.trunc(duration * outputSamplingFrequency);
    if (requested < 1) {
      throw new RangeError(`duration ${String(duration)} s at ${String(outputSamplingFrequency)} Hz holds no output sample; use at least ${String(1 / outputSamplingFrequency)} s`);
    }
    // The inner buffer's checks of the reductions (a product beyond its 1 s is refused).
    const innerSize = ringSize(INNER_DURATION, reductions, SAMPLING_FREQUENCY);
    const step = innerSize.step;
    const length = Math.ceil(requested / step) * step;
    const size: RingSize = { length, step, samplingFrequency: outputSamplingFrequency, reductions: innerSize.reductions };
    const bytes = length * RING_BYTES_PER_SAMPLE + DecimatorBlocks.byteLength(length);
    checkBudget(size, bytes + INNER_BYTES_PER_SAMPLE * innerSize.length);
    try {
      this.ring = new DecimatorRing(length);
      this.blocks = new DecimatorBlocks(this.ring);
    } catch (e) {
      if (e instanceof RangeError) throw tooBig(size, bytes, `allocation failed (${e.message})`);
      throw e;
    }
    this.inner = new StreamBuffer(INNER_DURATION, reductions, SAMPLING_FREQUENCY);
    this.decimator = new Decimator(chain, BLOCK);
    this.block = { current: this.decimator.current, voltage: this.decimator.voltage, bits: this.decimator.bits };
    this.reach = this.decimator.reach;
    this.fOut = outputSamplingFrequency;
    this.len = length;
  }

  // ---- Shape ----

  /** Output samples the ring holds. */
  get length(): number {
    return this.len;
  }

  /** The inner full-rate buffer's reductions. */
  get reductions(): readonly number[] {
    return this.inner.reductions;
  }

  /** 2 MHz. */
  get inputSamplingFrequency(): number {
    return SAMPLING_FREQUENCY;
  }

  /** The rate of the output samples, in Hz. */
  get outputSamplingFrequency(): number {
    return this.fOut;
  }

  /** False: no raw words and no bits byte survive downsampling. */
  get hasRaw(): boolean {
    return false;
  }

  /** Bytes held: the output ring and its block records, the filter state and the inner 1 s buffer. */
  get byteLength(): number {
    return this.ring.byteLength + this.blocks.byteLength + this.decimator.byteLength + this.inner.byteLength;
  }

  // ---- Settings, kept by the inner full-rate buffer ----

  /** Called once per entry of the last reduction level with full-rate statistics (input sample ids). */
  get callback(): StatisticsCallback | null {
    return this.inner.callback;
  }

  set callback(value: StatisticsCallback | null) {
    this.inner.callback = value;
  }

  /** `insert` returns true once this many input samples arrived (2^63: no limit). */
  get sampleIdMax(): number {
    return this.inner.sampleIdMax;
  }

  set sampleIdMax(value: number) {
    this.inner.sampleIdMax = value;
  }

  /** `insert` returns true once this many contiguous input samples were processed. */
  get contiguousMax(): number {
    return this.inner.contiguousMax;
  }

  set contiguousMax(value: number) {
    this.inner.contiguousMax = value;
  }

  /** The glitch filter mode of the inner buffer (`interp_1_n_1` by default). */
  get suppressMode(): string {
    return this.inner.suppressMode;
  }

  set suppressMode(value: string) {
    this.notBusy('suppressMode');
    this.inner.suppressMode = value;
  }

  /** Voltage range (0 = 15 V, 1 = 5 V) of the latest inserted data. */
  get voltageRange(): number {
    return this.inner.voltageRange;
  }

  set voltageRange(value: number) {
    this.notBusy('voltageRange');
    this.inner.voltageRange = value;
  }

  /**
   * Sets the calibration for the samples processed from now on, as `StreamBuffer.calibrationSet`
   * (≥ 7 current and ≥ 2 voltage entries, finite float32 values; else an error and no change).
   */
  calibrationSet(
    currentOffset: ArrayLike<number>,
    currentGain: ArrayLike<number>,
    voltageOffset: ArrayLike<number>,
    voltageGain: ArrayLike<number>,
  ): void {
    this.notBusy('calibrationSet');
    this.inner.calibrationSet(currentOffset, currentGain, voltageOffset, voltageGain);
    if (this.calibratedFrom === Infinity) {
      // Inputs not yet inserted are calibrated; an output is, once all the inputs of its
      // window are (the zero history before input 0 is no input).
      const first = this.inner.status().deviceSampleId;
      this.calibratedFrom = first === 0 ? 0 : Math.ceil((first + this.reach + 1) / this.decimator.factor) - 1;
    }
  }

  /** False until a calibration was set: values are then in ADC LSBs, not A, V and W. */
  get calibrated(): boolean {
    return this.inner.calibrated;
  }

  /** The inner buffer's counters, in input samples. */
  status(): StreamBufferStatus {
    return this.inner.status();
  }

  // ---- Ingest ----

  private notBusy(what: string): void {
    if (this.busy) {
      throw new StreamBufferBusyError(
        `${what} cannot be called from the statistics callback of the same DownsamplingStreamBuffer (it is processing); queries can`,
      );
    }
  }

  /**
   * Inserts USB bulk data (any number of bytes; a trailing partial packet waits for the next
   * call). However much one call carries, nothing is lost: it goes to the inner 1 s buffer in
   * pieces, processed as they come (docs/downsampling.md, "Ingest"). Returns true when
   * streaming should stop (`sampleIdMax` / `contiguousMax` reached, or `null` data).
   */
  insert(data: Uint8Array | null): boolean {
    if (data === null) return true;
    if (!(data instanceof Uint8Array)) throw new TypeError(`insert expects USB data as a Uint8Array, got ${describe(data)}`);
    this.notBusy('insert');
    return this.feed(data.length, (at) => {
      const end = this.packetPiece(data, at);
      return [end, this.inner.insert(data.subarray(at, end))];
    });
  }

  /** Inserts raw u16 words (current, voltage pairs) with the current voltage range. */
  insertRaw(data: Uint16Array): boolean {
    if (!(data instanceof Uint16Array)) throw new TypeError(`insertRaw expects a Uint16Array of raw words, got ${describe(data)}`);
    if (data.length % 2 !== 0) {
      throw new RangeError(`insertRaw needs an even number of u16 words (current, voltage pairs), got ${String(data.length)}`);
    }
    this.notBusy('insertRaw');
    return this.feed(data.length, (at) => {
      const end = Math.min(data.length, at + 2 * this.pieceSamples());
      this.makeRoom((end - at) / 2);
      return [end, this.inner.insertRaw(data.subarray(at, end))];
    });
  }

  /** Most samples one piece brings: a quarter of the inner ring. */
  private pieceSamples(): number {
    return this.inner.length >> 2;
  }

  /**
   * Hands `[0, length)` to `piece` until all is in (`piece` inserts from `at` and returns
   * where it stopped). A statistics callback that throws while a piece makes room does not
   * stop the insert: the first error is rethrown once everything is in.
   */
  private feed(length: number, piece: (at: number) => [number, boolean]): boolean {
    this.busy = true;
    let stop = false;
    let failed: { error: unknown } | null;
    try {
      let at = 0;
      do {
        const [end, full] = piece(at);
        stop = full || stop;
        at = end;
      } while (at < length);
    } finally {
      this.busy = false;
      failed = this.failed;
      this.failed = null;
    }
    if (failed !== null) throw failed.error;
    return stop;
  }

  /**
   * Inserts the next piece of USB data from `at` and returns where it ends: whole packets
   * whose samples, gap fills included, fit in a quarter of the inner ring (at least one
   * packet), after processing the inner buffer when they could overrun it. Packet headers are
   * read only to size the pieces (the inner buffer parses them); a gap longer than the inner
   * ring loses only its own fill (missing samples), never the data before it.
   */
  private packetPiece(data: Uint8Array, at: number): number {
    const budget = this.pieceSamples();
    let samples = 0;
    let o = at + ((PACKET_SIZE - this.partialBytes) % PACKET_SIZE);
    let host = this.hostIndex;
    if (o > at) samples = SAMPLES_PER_PACKET; // the end of a packet begun before
    for (; o < data.length; o += PACKET_SIZE) {
      let fill = 0;
      let next = host;
      if (o + PACKET_HEADER_SIZE <= data.length && data[o] === PACKET_TYPE_DATA) {
        const valid = data[o + 1] === 0 && (data[o + 2] | ((data[o + 3] & 0x7f) << 8)) === PACKET_SIZE;
        const index = data[o + 4] | (data[o + 5] << 8);
        if (valid) fill = ((index - host) & 0xffff) * SAMPLES_PER_PACKET;
        next = ((valid ? index : host) + 1) & 0xffff;
      }
      const add = fill + SAMPLES_PER_PACKET;
      if (o > at && samples + add > budget) break;
      samples += add;
      host = next;
    }
    const end = Math.min(o, data.length);
    this.makeRoom(samples);
    this.hostIndex = host;
    this.partialBytes = (this.partialBytes + end - at) % PACKET_SIZE;
    return end;
  }

  /** Processes the inner buffer first when `samples` more could overrun it (keeping a callback's error). */
  private makeRoom(samples: number): void {
    const s = this.inner.status();
    if (s.deviceSampleId - s.sampleId + samples <= this.inner.length >> 1) return;
    try {
      this.processInner();
    } catch (error) {
      this.failed ??= { error };
    }
  }

  /**
   * Calibrates, filters and decimates everything inserted. A callback that throws does not
   * stop it: everything is processed, then the callback's first error is rethrown.
   */
  process(): void {
    this.notBusy('process');
    this.busy = true;
    try {
      this.processInner();
    } finally {
      this.busy = false;
    }
  }

  /** Processes the inner buffer and decimates what it processed, even if its callback threw. */
  private processInner(): void {
    try {
      this.inner.process();
    } finally {
      this.drain();
    }
  }

  /** Feeds every sample the inner buffer processed since the last call to the decimator. */
  private drain(): void {
    const [held, end] = this.inner.sampleIdRange;
    // Samples the inner buffer lost (only a gap fill longer than its ring can do that) were missing.
    if (this.inputId < held) this.feedMissing(held - this.inputId);
    while (this.inputId < end) {
      const n = Math.min(BLOCK, end - this.inputId);
      this.inner.samplesInto(this.inputId, this.inputId + n, this.block, 0);
      this.decimator.push(n, this.ring);
      this.inputId += n;
    }
  }

  private feedMissing(count: number): void {
    const d = this.decimator;
    d.current.fill(NaN);
    d.voltage.fill(NaN);
    d.bits.fill(MISSING_BITS);
    for (let left = count; left > 0; ) {
      const n = Math.min(BLOCK, left);
      d.push(n, this.ring);
      left -= n;
    }
    this.inputId += count;
  }

  /** Forgets every sample and counter: the inner buffer, the filter history, the output ids. */
  reset(): void {
    this.notBusy('reset');
    this.inner.reset();
    this.decimator.reset();
    this.blocks.reset();
    this.inputId = 0;
    this.partialBytes = 0;
    this.hostIndex = 0;
    if (this.calibratedFrom !== Infinity) this.calibratedFrom = 0;
  }

  // ---- Ranges and time (output samples) ----

  private get processed(): number {
    return this.decimator.produced;
  }

  /** [start, end) of the output sample ids held. */
  get sampleIdRange(): [number, number] {
    return [Math.max(0, this.processed - this.len), this.processed];
  }

  /** [start, end) of the ring in output sample ids; start may be negative before the ring fills. */
  get limitsSamples(): [number, number] {
    return [this.processed - this.len, this.processed];
  }

  /** The ring's time span, `[0, length / outputSamplingFrequency]` (time 0 is the oldest slot). */
  get limitsTime(): [number, number] {
    return [0, this.len / this.fOut];
  }

  /** Seconds of an output sample id (see `limitsTime`). */
  sampleIdToTime(sampleId: number): number {
    return sampleIdToTime(sampleId, this.processed, this.len, this.fOut);
  }

  /** The output sample id at `time` seconds, rounded half to even. */
  timeToSampleId(time: number): number {
    return timeToSampleId(time, this.processed, this.len, this.fOut);
  }

  // ---- Queries (output samples) ----

  /** `[start, stop)` constrained to the held ids. */
  private constrain(start: number, stop: number): [number, number] {
    const [lo, hi] = this.sampleIdRange;
    const xs = Math.max(0, start, lo);
    return [xs, Math.max(xs, Math.min(stop, hi))];
  }

  /** Statistics of the held output samples `[xs, xe)` as row `row` of `out`. */
  private rangeRow(xs: number, xe: number, out: StatsArray, row: number): void {
    this.blocks.stats(xs, xe, this.record);
    statsRecordToRow(this.record, 0, out, row);
  }

  /**
   * Exact statistics over `[start, stop)` of the output samples, constrained to those held.
   * Output samples with a NaN current (within a filter's reach of a gap) do not count.
   */
  statisticsGet(start: number, stop: number, out?: StatsArray): StatisticsResult {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const stats = checkStatsOut('statisticsGet', out, 1) ?? new StatsArray(1);
    const [xs, xe] = this.constrain(start, stop);
    this.rangeRow(xs, xe, stats, 0);
    return { stats, range: [xs, xe] };
  }

  /**
   * Statistics rows of `increment` output samples each over `[start, stop)`, as
   * `StreamBuffer.dataGet`: rows older than the ring are empty, a range reaching past the
   * newest sample gives no rows, increment 1 gives one row per output sample (min = max =
   * value), and asking for more rows than the ring can fill is a RangeError. With `out`, the
   * rows are written there and `out` is returned, its rows past those written emptied.
   */
  dataGet(start: number, stop: number, increment = 1, out?: StatsArray): StatsArray {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    const inc = checkIncrement(increment);
    return dataGetRows(start, stop, inc, out, this.len, 'output samples', (buf, rowsWanted) => this.dataRows(start, stop, inc, buf, rowsWanted));
  }

  private dataRows(start: number, stop: number, inc: number, buf: StatsArray, rowsWanted: number): number {
    const L = this.len;
    const plan = planRows(start, stop, inc, L, this.processed, rowsWanted);
    if (plan === null) return 0;
    let s = plan.first;
    let row = 0;
    for (; row < plan.empty && row < rowsWanted; row++) buf.clearRow(row);
    if (inc === 1) {
      for (; s !== stop && row < rowsWanted; s++, row++) sampleToRow(this.ring, s % L, buf, row);
    } else {
      for (; s + inc <= stop && row < rowsWanted; s += inc, row++) {
        const [xs, xe] = this.constrain(s, s + inc);
        this.rangeRow(xs, xe, buf, row);
      }
    }
    return row;
  }

  private checkField(f: unknown): SampleField {
    if (typeof f !== 'string') throw new TypeError(`sample field names are strings, got ${describe(f)}`);
    if (!(DOWNSAMPLED_FIELDS as readonly string[]).includes(f)) {
      throw new RangeError(`sample field '${f}' is not kept after downsampling (hasRaw is false); allowed: ${DOWNSAMPLED_FIELDS.join(', ')}`);
    }
    return f as SampleField;
  }

  /** A copy of `field` for the `n` held output samples from ring slot `a` on. */
  private readField(field: SampleField, a: number, n: number): SampleFieldValue[SampleField] {
    const L = this.len;
    const ring = this.ring;
    if (field === 'current_voltage') {
      const dst = new Float32Array(2 * n);
      for (let k = 0, j = a; k < n; k++, j = j + 1 === L ? 0 : j + 1) {
        dst[2 * k] = ring.current[j];
        dst[2 * k + 1] = ring.voltage[j];
      }
      return dst;
    }
    const columns = {
      current: ring.current,
      voltage: ring.voltage,
      power: ring.power,
      current_range: ring.currentRange,
      current_lsb: ring.currentLsb,
      voltage_lsb: ring.voltageLsb,
    } as const;
    const src = columns[field as keyof typeof columns];
    const first = Math.min(n, L - a);
    const dst = src instanceof Float32Array ? new Float32Array(n) : new Uint8Array(n);
    dst.set(src.subarray(a, a + first));
    if (first < n) dst.set(src.subarray(0, n - first), first);
    return dst;
  }

  /**
   * Output samples over `[start, stop)` constrained to those held (`time.sampleIdRange` says
   * which came back), copied out of the ring. Fields: current, voltage, power (float32),
   * current_voltage (interleaved), and the averaged bit fields as bytes: current_range (mean
   * range × 16), current_lsb and voltage_lsb (mean × 255). With a field name returns that
   * field's array; with a list (default: all but current_voltage) values, units and timing.
   */
  samplesGet<F extends SampleField>(start: number, stop: number, field: F): SampleFieldValue[F];
  samplesGet<F extends SampleField>(start: number, stop: number, fields?: readonly F[]): SamplesResult<F>;
  samplesGet(start: number, stop: number, fields?: SampleField | readonly SampleField[]): SamplesResult | SampleFieldValue[SampleField] {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    if (typeof fields !== 'string' && fields !== undefined && !Array.isArray(fields)) {
      throw new TypeError(`fields must be a field name or an array of field names, got ${describe(fields)}`);
    }
    const list = typeof fields === 'string' ? [this.checkField(fields)] : (fields ?? DEFAULT_FIELDS).map((f) => this.checkField(f));
    const [lo, hi] = this.sampleIdRange;
    // A reversed range is empty at `stop`, as in the StreamBuffer; then constrain to what is held.
    const from = Math.min(Math.max(Math.min(start, stop), lo), hi);
    const to = Math.max(from, Math.min(stop, hi));
    const n = to - from;
    const a = n === 0 ? 0 : from % this.len;
    if (typeof fields === 'string') return this.readField(list[0], a, n);
    const t0 = this.sampleIdToTime(from);
    const t1 = this.sampleIdToTime(to);
    const calibrated = from >= this.calibratedFrom;
    const signals: Record<string, { value: SampleFieldValue[SampleField]; units: string }> = {};
    for (const f of list) signals[f] = { value: this.readField(f, a, n), units: sampleFieldUnits(f, calibrated) };
    return {
      time: {
        range: [t0, t1],
        delta: t1 - t0,
        sampleIdRange: [from, to],
        samples: n,
        samplingFrequency: this.fOut,
        inputSamplingFrequency: SAMPLING_FREQUENCY,
        outputSamplingFrequency: this.fOut,
      },
      signals,
    } as SamplesResult;
  }

  /**
   * Copies the held output samples of `[start, stop)` (the first is
   * `max(start, sampleIdRange[0])`) into the given arrays from `offset`, as many as fit in all
   * of them, without allocating; returns how many. A downsampled buffer has no bits byte:
   * asking for `bits` is a RangeError (`samplesGet` has the averaged bit fields).
   */
  samplesInto(start: number, stop: number, out: SamplesInto, offset = 0): number {
    checkSampleId('start', start);
    checkSampleId('stop', stop);
    checkOffset(offset);
    if (out === null || typeof out !== 'object') throw new TypeError(`samplesInto: out must be an object of Float32Arrays, got ${describe(out)}`);
    if (out.bits !== undefined) {
      throw new RangeError('samplesInto: a DownsamplingStreamBuffer has no bits byte (hasRaw is false); samplesGet gives the averaged bit fields');
    }
    const { current, voltage, power } = out;
    let room = Infinity;
    for (const [name, a] of [
      ['current', current],
      ['voltage', voltage],
      ['power', power],
    ] as const) {
      if (a === undefined) continue;
      if (!(a instanceof Float32Array)) throw new TypeError(`samplesInto: out.${name} must be a Float32Array, got ${describe(a)}`);
      room = Math.min(room, a.length - offset);
    }
    if (room === Infinity) throw new TypeError('samplesInto: out needs at least one of current, voltage, power');
    if (room < 0) throw new RangeError(`samplesInto: offset ${String(offset)} is past the end of the output arrays`);
    const [lo, hi] = this.sampleIdRange;
    const a = Math.max(start, lo);
    const n = Math.max(0, Math.min(stop, hi, a + room) - a);
    if (n === 0) return 0;
    const L = this.len;
    const j = a % L;
    const first = Math.min(n, L - j);
    const ring = this.ring;
    for (const [dst, src] of [
      [current, ring.current],
      [voltage, ring.voltage],
      [power, ring.power],
    ] as const) {
      if (dst === undefined) continue;
      dst.set(src.subarray(j, j + first), offset);
      if (first < n) dst.set(src.subarray(0, n - first), offset + first);
    }
    return n;
  }
}
