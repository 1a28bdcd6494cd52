/**
 * A JS110 ready to measure: the driver, a buffer of calibrated samples with its statistics,
 * the parameters that shape them, reads exact to the sample, and statistics as a stream.
 */
import { DeviceEvent, deviceError, type DeviceInfo, type Js110, type ParameterInput, type StopEvent } from './_driver';
import { Emitter } from './_events';
import { createBuffer, checkSamplingFrequency, readSamples, type SampleBuffer, type SampleField, type SamplesResult, type StatisticsUpdate } from './_stream-buffer';
import {
  DEFAULT_BUFFER_SETTINGS,
  bufferParameterName,
  bufferParameterOf,
  bufferParameterValue,
  isBufferParameter,
  reductionsFor,
  withBufferParameter,
  type BufferSettings,
} from './buffer-parameters';
import { calibrationState, invalidCalibration, unusableReason, type DeviceCalibration } from './calibration-state';
import { deviceDetails, type DeviceDetails } from './device-details';
import { StatisticsHub, statisticsStream, type StatisticsStream } from './statistics-stream';
import { deviceStatistics, type SampleLoss } from './statistics-update';

/** How a stream ends by itself; without either, it runs until `stop()`. */
export interface StartOptions {
  /** Seconds of samples (at the buffer's sampling frequency, rounded to the nearest sample). */
  duration?: number;
}

/** What `read()` collects: exactly one of the three. */
export interface ReadOptions {
  /** Seconds of samples, rounded to the nearest sample. */
  duration?: number;
  /** Seconds of samples with no sample missing. */
  contiguousDuration?: number;
  /** A number of samples. */
  samples?: number;
}

/** `read()` in the `samplesGet` form: the buffer's result for these fields. */
export interface ReadFieldsOptions<F extends SampleField> extends ReadOptions {
  /** The `samplesGet` fields to return (`current`, `voltage`, `power`, `current_range`, `raw`, ...). */
  fields: readonly F[];
}

/** Calibrated samples from `read()`, one element per sample. */
export interface ReadResult {
  /** Amperes (raw ADC codes when `calibrated` is false). */
  readonly current: Float32Array;
  /** Volts (raw ADC codes when `calibrated` is false). */
  readonly voltage: Float32Array;
  /** Watts: current × voltage. */
  readonly power: Float32Array;
  /** [start, end) sample ids in the buffer (`end − start` = the length of each array). */
  readonly sampleIdRange: readonly [number, number];
  /** Samples per second of the arrays. */
  readonly samplingFrequency: number;
  /** False when the device has no usable calibration: values are raw ADC codes. */
  readonly calibrated: boolean;
  /** `A`, `V`, `W`; `LSB`, `LSB`, `LSB²` when not calibrated. */
  readonly units: {
    /** `A` or `LSB`. */
    readonly current: string;
    /** `V` or `LSB`. */
    readonly voltage: string;
    /** `W` or `LSB²`. */
    readonly power: string;
  };
}

/**
 * Why a stream ended: `host` (`stop()`, `close()`, or the last statistics subscriber left),
 * `duration` (the requested duration or read was reached), `disconnect` (the device was
 * removed), `error` (a transfer failed).
 */
export type StopReason = 'host' | 'duration' | 'disconnect' | 'error';

/** The end of a stream. */
export interface DeviceStop {
  /** Why the stream ended. */
  readonly reason: StopReason;
  /** The same, for people (the driver's message for faults). */
  readonly message: string;
  /** The fault behind `disconnect` and `error`. */
  readonly error?: unknown;
  /** Samples the buffer processed in this stream (at its sampling frequency). */
  readonly samples: number;
  /** Samples lost during the stream. */
  readonly loss: SampleLoss;
}

/** Newly processed samples, `[start, stop)` in the buffer's sample ids. */
export interface SamplesEvent {
  /** The device's buffer, holding the samples. */
  readonly buffer: SampleBuffer;
  /** First new sample id. */
  readonly start: number;
  /** One past the last new sample id. */
  readonly stop: number;
}

/** Events of a Device (`device.on(name, listener)`). */
export interface DeviceEvents {
  /** A stream ended (every stream ends with exactly one). */
  stop: DeviceStop;
  /** The device was removed; the buffer keeps what it holds. */
  disconnect: {
    /** The USB serial number of the device that was removed. */
    readonly serialNumber: string;
  };
  /** A listener threw, or streaming for a statistics subscriber could not start. */
  error: {
    /** What failed, for people. */
    readonly message: string;
    /** What was thrown. */
    readonly error: unknown;
  };
  /** After each USB transfer is processed: samples to consume now (they stay until overwritten). */
  samples: SamplesEvent;
}

type State = 'idle' | 'starting' | 'streaming' | 'stopping' | 'closed';
type Owner = 'user' | 'statistics' | 'read';

/** Stop once this many samples were processed, or (contiguous) are known free of gaps. */
interface Target {
  readonly samples: number;
  readonly contiguous: boolean;
}

/** Output samples of margin for the decimation filters' memory in a contiguous read. */
const FILTER_MEMORY_SAMPLES = 64;

/**
 * A JS110 with its buffer. Get one with `open()`. The buffer is created at the first need
 * (`start`, `read`, `statistics`, `streamBuffer`) with the parameters then in effect.
 */
export class Device {
  /** The driver: status, EXTIO and the protocol-level API. */
  readonly driver: Js110;
  /** The USB serial number. */
  readonly serialNumber: string;
  /** True for the emulated JS110. */
  readonly emulated: boolean;
  /** Statistics updates at `reduction_frequency`: subscribe, or iterate with `for await`. */
  readonly statistics: StatisticsStream;

  private state: State = 'idle';
  private owner: Owner | null = null;
  private target: Target | null = null;
  private settings: BufferSettings = DEFAULT_BUFFER_SETTINGS;
  private buffer: SampleBuffer | null = null;
  private cal: DeviceCalibration;
  private ended: Promise<DeviceStop> | null = null;
  private resolveEnded: ((stop: DeviceStop) => void) | null = null;
  private reachedTarget = false;
  private emittedTo = 0;
  private operations: Promise<unknown> = Promise.resolve();
  private readonly events: Emitter<DeviceEvents>;
  private readonly hub: StatisticsHub;
  private readonly unwatch: () => void;

  /** Use `open()`; this wraps a driver that is already open. */
  constructor(driver: Js110, info: Pick<DeviceInfo, 'serialNumber'> & { emulated: boolean }) {
    this.driver = driver;
    this.serialNumber = info.serialNumber;
    this.emulated = info.emulated;
    this.events = new Emitter<DeviceEvents>((error, event) => {
      if (event !== 'error') this.reportError(`a "${String(event)}" listener threw`, error);
    });
    this.hub = new StatisticsHub({
      first: () => this.run(async () => {
        if (this.state === 'idle') await this.begin('statistics', null);
      }),
      last: () => {
        if (this.owner === 'statistics') this.stop().catch((error: unknown) => this.reportError('stopping after the last statistics subscriber', error));
      },
      error: (error) => this.reportError('a statistics listener threw', error),
    });
    this.statistics = statisticsStream(this.hub);
    const cal = calibrationState(driver.calibration);
    const unusable = cal.values === null ? null : unusableReason(cal.values);
    this.cal = unusable === null || cal.values === null ? cal : invalidCalibration(cal.values, unusable);
    this.unwatch = driver.on('disconnect', () => this.events.emit('disconnect', { serialNumber: this.serialNumber }));
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof DeviceEvents>(event: K, listener: (value: DeviceEvents[K]) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError(`an event listener must be a function, got ${typeof listener}`);
    if (!['stop', 'disconnect', 'error', 'samples'].includes(event)) {
      throw new RangeError(`unknown event "${String(event)}"; events: stop, disconnect, error, samples`);
    }
    return this.events.on(event, listener);
  }

  /** True until `close()`. */
  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  /** True while samples stream into the buffer. */
  get isStreaming(): boolean {
    return this.state === 'starting' || this.state === 'streaming' || this.state === 'stopping';
  }

  /** True once the device was removed (open it again after it is plugged back in). */
  get isDisconnected(): boolean {
    return this.driver.isDisconnected;
  }

  /**
   * The calibration in effect, with an explicit `state`: unless `applied`, samples and
   * statistics are raw ADC codes and say so (units `LSB`, `calibrated: false`).
   */
  get calibration(): DeviceCalibration {
    return this.cal;
  }

  /**
   * The buffer the device streams into (created now if it does not exist yet): the
   * StreamBuffer at 2 MHz, the DownsamplingStreamBuffer at a lower `sampling_frequency`.
   * A buffer parameter changed later replaces it.
   */
  get streamBuffer(): SampleBuffer {
    this.requireOpen('streamBuffer');
    return this.ensureBuffer();
  }

  /** Identity, firmware and FPGA versions, and calibration. */
  async info(): Promise<DeviceDetails> {
    this.requireOpen('info()');
    const info = await this.driver.info();
    return deviceDetails(info, {
      serialNumber: this.serialNumber,
      hardwareSerialNumber: this.driver.hardwareSerialNumber,
      emulated: this.emulated,
      calibration: this.cal,
    });
  }

  /**
   * Sets a parameter by name to an option name, alias or value (the driver's table), plus the
   * buffer parameters `buffer_duration`, `reduction_frequency` and `sampling_frequency`, which
   * take effect at once when not streaming (they replace the buffer and its contents), and
   * `current_ranging*` (the glitch filter), which apply to the buffer at once.
   */
  async parameterSet(name: string, value: ParameterInput): Promise<void> {
    if (typeof name !== 'string') throw new TypeError(`a parameter name is a string, got ${typeof name}`);
    this.requireOpen('parameterSet()');
    if (isBufferParameter(name)) {
      const v = bufferParameterValue(name, value);
      await this.run(() => {
        if (bufferParameterOf(this.settings, name) === v) return Promise.resolve();
        if (this.state !== 'idle') throw deviceError('state', `${name} changes the buffer: stop streaming first`);
        const next = withBufferParameter(this.settings, name, v);
        checkSamplingFrequency(next.samplingFrequency);
        this.settings = next;
        this.buffer = null;
        return Promise.resolve();
      });
      return;
    }
    await this.driver.parameterSet(name, value);
    if (name.startsWith('current_ranging') && this.buffer !== null) this.buffer.suppressMode = this.suppressMode();
  }

  /** A parameter's value as its option name (or its value when no option names it). */
  parameterGet(name: string): string | number | null {
    if (typeof name !== 'string') throw new TypeError(`a parameter name is a string, got ${typeof name}`);
    if (isBufferParameter(name)) return bufferParameterName(name, bufferParameterOf(this.settings, name));
    return this.driver.parameterGet(name);
  }

  /**
   * Starts streaming into the buffer (emptied first; sample ids restart at 0 and the charge
   * and energy accumulators at zero). With `duration` it stops by itself after exactly that
   * many samples. Resolves once streaming runs; throws if it already does.
   */
  async start(options: StartOptions = {}): Promise<void> {
    if (typeof options !== 'object' || options === null) throw new TypeError('start() options must be an object');
    const target = options.duration === undefined ? null : { samples: this.samplesFor('duration', options.duration), contiguous: false };
    await this.run(() => this.begin('user', target));
  }

  /** Stops streaming; resolves with how the stream ended (null when it was not streaming). */
  async stop(): Promise<DeviceStop | null> {
    return this.run(() => this.end());
  }

  /**
   * Streams until the requested samples are in the buffer, stops, and returns exactly that
   * many: the newest ones (for `contiguousDuration`, with no sample missing). Needs a stopped
   * device; the samples stay in the buffer. With `fields` returns the buffer's `samplesGet`
   * result for them instead.
   */
  async read(options: ReadOptions): Promise<ReadResult>;
  async read<F extends SampleField>(options: ReadFieldsOptions<F>): Promise<SamplesResult<F>>;
  async read(options: ReadOptions & { fields?: readonly SampleField[] }): Promise<ReadResult | SamplesResult> {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('read() takes { duration } or { contiguousDuration } or { samples }');
    }
    const given = (['duration', 'contiguousDuration', 'samples'] as const).filter((k) => options[k] !== undefined);
    if (given.length !== 1) {
      throw new TypeError(`read() takes exactly one of duration, contiguousDuration, samples; got ${given.length === 0 ? 'none' : given.join(' and ')}`);
    }
    const kind = given[0];
    const n = this.samplesFor(kind, options[kind] as number);
    if (options.fields !== undefined && !Array.isArray(options.fields)) throw new TypeError('read() fields must be an array of field names');
    this.requireOpen('read()');
    if (this.state !== 'idle') throw deviceError('state', 'read() needs a stopped device: stop streaming (or unsubscribe the statistics) first');
    const buffer = this.ensureBuffer();
    if (n > buffer.length) {
      throw new RangeError(
        `read() of ${String(n)} samples does not fit the ${String(buffer.length)}-sample buffer: raise buffer_duration (now ${String(this.settings.duration)} s)`,
      );
    }
    const { ended } = await this.run(() => this.begin('read', { samples: n, contiguous: kind === 'contiguousDuration' }));
    const stop = await ended;
    if (stop.reason !== 'duration') {
      const code = stop.reason === 'disconnect' ? 'disconnected' : stop.reason === 'error' ? 'stream' : 'state';
      throw deviceError(code, `read() ended before ${String(n)} samples arrived: ${stop.message}`, stop.error);
    }
    const end = buffer.sampleIdRange[1];
    const start = end - n;
    if (options.fields !== undefined) return buffer.samplesGet(start, end, options.fields);
    const current = new Float32Array(n);
    const voltage = new Float32Array(n);
    const power = new Float32Array(n);
    readSamples(buffer, start, end, { current, voltage, power });
    const calibrated = this.cal.applied;
    return {
      current,
      voltage,
      power,
      sampleIdRange: [start, end],
      samplingFrequency: buffer.outputSamplingFrequency,
      calibrated,
      units: calibrated ? { current: 'A', voltage: 'V', power: 'W' } : { current: 'LSB', voltage: 'LSB', power: 'LSB²' },
    };
  }

  /** Stops streaming, ends the statistics subscriptions and closes the device. Safe to call twice. */
  async close(): Promise<void> {
    await this.run(async () => {
      if (this.state === 'closed') return;
      await this.end();
      this.state = 'closed';
      this.hub.end(null);
      this.unwatch();
      await this.driver.close();
    });
  }

  // ---- the stream ----

  /** Runs device operations one after another, in call order. */
  private run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.operations.then(operation);
    this.operations = result.catch(() => undefined);
    return result;
  }

  /**
   * Starts a stream for `owner`; resolves when it runs, with the promise of its end (in an
   * object: a promise returned bare would be adopted, resolving only at the end).
   */
  private async begin(owner: Owner, target: Target | null): Promise<{ ended: Promise<DeviceStop> }> {
    this.requireOpen('start()');
    if (this.driver.isDisconnected) throw deviceError('disconnected', `the JS110 ${this.serialNumber} was removed; open it again after plugging it in`);
    if (this.state !== 'idle') {
      throw deviceError('state', `already streaming (started by ${this.owner === 'user' ? 'start()' : this.owner === 'read' ? 'read()' : 'a statistics subscriber'}); stop() first`);
    }
    const buffer = this.ensureBuffer();
    buffer.reset();
    this.emittedTo = 0;
    this.reachedTarget = false;
    this.state = 'starting';
    this.owner = owner;
    this.target = target;
    const ended = new Promise<DeviceStop>((resolve) => {
      this.resolveEnded = resolve;
    });
    this.ended = ended;
    try {
      await this.driver.start({ data: (chunk) => this.consume(buffer, chunk), onStop: (event) => this.finish(buffer, event) });
    } catch (error) {
      this.state = 'idle';
      this.owner = null;
      this.target = null;
      this.ended = null;
      this.resolveEnded = null;
      throw error;
    }
    if (this.state === 'starting') this.state = 'streaming';
    return { ended };
  }

  /** The driver's consumer: one USB transfer into the buffer; true stops streaming. */
  private consume(buffer: SampleBuffer, chunk: Uint8Array): boolean {
    const stop = buffer.insert(chunk);
    buffer.process();
    const end = buffer.sampleIdRange[1];
    if (end > this.emittedTo && this.events.has('samples')) this.events.emit('samples', { buffer, start: this.emittedTo, stop: end });
    this.emittedTo = end;
    if (this.target !== null && this.reached(buffer, this.target)) {
      this.reachedTarget = true;
      return true;
    }
    return stop;
  }

  private reached(buffer: SampleBuffer, target: Target): boolean {
    if (!target.contiguous) return buffer.sampleIdRange[1] >= target.samples;
    const s = buffer.status();
    const decimation = buffer.inputSamplingFrequency / buffer.outputSamplingFrequency;
    // The last `samples` outputs are gap-free once the gap-free input run covers them, the
    // samples the glitch filter still holds and, when decimating, the filters' memory.
    const memory = decimation > 1 ? FILTER_MEMORY_SAMPLES * decimation : 0;
    return s.contiguousCount >= target.samples * decimation + memory + (s.deviceSampleId - s.sampleId);
  }

  /** The driver's stop event: the stream is over. */
  private finish(buffer: SampleBuffer, event: StopEvent): void {
    const reason: StopReason =
      event.code === DeviceEvent.ENDPOINT_CALLBACK_STOP
        ? this.reachedTarget
          ? 'duration'
          : 'host'
        : event.code === DeviceEvent.UNDEFINED
          ? 'host'
          : event.disconnected
            ? 'disconnect'
            : 'error';
    const s = buffer.status();
    const stop: DeviceStop = {
      reason,
      message: reason === 'duration' ? 'the requested samples arrived' : event.message,
      ...(event.error === undefined ? {} : { error: event.error }),
      samples: buffer.sampleIdRange[1],
      loss: { missing: s.sampleMissingCount, skips: s.skipCount, sync: s.sampleSyncCount },
    };
    if (this.state !== 'closed') this.state = 'idle';
    this.owner = null;
    this.target = null;
    const resolve = this.resolveEnded;
    this.resolveEnded = null;
    this.hub.end(
      reason === 'disconnect'
        ? deviceError('disconnected', `the JS110 ${this.serialNumber} was removed`, event.error)
        : reason === 'error'
          ? deviceError('stream', `streaming stopped: ${event.message}`, event.error)
          : null,
    );
    resolve?.(stop);
    this.events.emit('stop', stop);
  }

  /** Stops the stream, if any, and waits for its end. */
  private async end(): Promise<DeviceStop | null> {
    const ended = this.ended;
    if (ended === null || this.state === 'idle' || this.state === 'closed') return null;
    this.state = 'stopping';
    await this.driver.stop();
    return ended;
  }

  // ---- buffer, calibration, checks ----

  private ensureBuffer(): SampleBuffer {
    if (this.buffer !== null) return this.buffer;
    const { duration, reductionFrequency, samplingFrequency } = this.settings;
    const buffer = createBuffer(duration, reductionsFor(reductionFrequency), samplingFrequency);
    const values = this.cal.applied ? this.cal.values : null;
    if (values !== null) buffer.calibrationSet(values.currentOffset, values.currentGain, values.voltageOffset, values.voltageGain);
    buffer.suppressMode = this.suppressMode();
    buffer.callback = (update) => this.onUpdate(buffer, update);
    this.buffer = buffer;
    return buffer;
  }

  private onUpdate(buffer: SampleBuffer, update: StatisticsUpdate): void {
    if (this.hub.size === 0) return;
    // A stream with a duration ends with the update that reaches it, though the transfer
    // that reached it may hold a few more (at high statistics rates).
    const t = this.target;
    if (t !== null && !t.contiguous && update.time.sampleRange[1] > t.samples * (buffer.inputSamplingFrequency / buffer.outputSamplingFrequency)) return;
    this.hub.emit(deviceStatistics(update, buffer.status(), this.cal.applied));
  }

  /** The glitch filter mode from the `current_ranging_*` parameters, e.g. `interp_1_n_1`. */
  private suppressMode(): string {
    return String(this.driver.parameterGet('current_ranging'));
  }

  /** Samples in `seconds` (or a sample count) at the buffer's rate, checked. */
  private samplesFor(kind: 'duration' | 'contiguousDuration' | 'samples', value: number): number {
    if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${kind} must be a number, got ${typeof value === 'number' ? 'NaN' : typeof value}`);
    if (kind === 'samples') {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`samples must be a whole number ≥ 1, got ${String(value)}`);
      return value;
    }
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${kind} must be a positive number of seconds, got ${String(value)}`);
    const n = Math.round(value * this.settings.samplingFrequency);
    if (n < 1) throw new RangeError(`${kind} ${String(value)} s is less than one sample at ${String(this.settings.samplingFrequency)} Hz`);
    return n;
  }

  private requireOpen(what: string): void {
    if (this.state === 'closed') throw deviceError('state', `${what} needs an open device; this one was closed`);
  }

  private reportError(message: string, error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.events.emit('error', { message: `${message}: ${text}`, error });
  }
}
