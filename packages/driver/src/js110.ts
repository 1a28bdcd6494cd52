import { defaultCalibration, parseCalibration, type Calibration } from '@joulescope/codec';
import { BulkStream, type BulkStreamEnd } from './_bulk-stream';
import { ControlPipe } from './_control-pipe';
import { Listeners } from './_listeners';
import { now, sleep } from './_timers';
import { readCalibrationRecord } from './calibration-read';
import {
  Js110DisconnectedError,
  Js110Error,
  Js110OpenError,
  Js110ProtocolError,
  Js110StateError,
  Js110StreamError,
  Js110TimeoutError,
  Js110TransferError,
  UsbPermissionError,
} from './errors';
import { encodeExtio, parseExtioStatus, type ExtioStatus } from './extio-pdu';
import { parseInfo, type Js110Info } from './info';
import {
  ParameterStore,
  parameterDefinition,
  type ParameterInput,
  type ParameterValue,
} from './parameters';
import {
  BULK_TIMEOUT_MS,
  CONTROL_TIMEOUT_MS,
  EXTIO_REQUEST_LENGTH,
  INFO_REQUEST_LENGTH,
  Request,
  SENSOR_WAIT_BUSY_RETRY_MS,
  SENSOR_WAIT_READ_RETRY_MS,
  SENSOR_WAIT_TIMEOUT_MS,
  SERIAL_NUMBER_LENGTH,
  STATUS_REQUEST_LENGTH,
  STREAMING_ENDPOINT,
  USB_CONFIGURATION,
  USB_INTERFACE,
  USB_PACKET_SIZE,
  type CalibrationWhich,
} from './protocol';
import { encodeSettings } from './settings-pdu';
import { parseStatus, type Js110Status } from './status-pdu';
import { DeviceEvent, type StopEvent, type StreamConsumer } from './stream-events';
import type { LogFunction, UsbDeviceLike, UsbProvider } from './usb-device';

/** The timeouts and retry delays of js110-facts §1.5 and §2.4, in milliseconds. */
export interface Js110Timing {
  /** Per control transfer (1000). */
  controlTimeoutMs: number;
  /** A bulk transfer pending longer is reported as a timeout and kept queued (1000). */
  bulkTimeoutMs: number;
  /** Overall wait for the sensor after a SETTINGS command (3000). */
  sensorWaitTimeoutMs: number;
  /** Delay after a failed STATUS read in that wait (400). */
  sensorWaitReadRetryMs: number;
  /** Delay while the sensor reports busy (−1 or 19) (10). */
  sensorWaitBusyRetryMs: number;
}

export const DEFAULT_TIMING: Readonly<Js110Timing> = Object.freeze({
  controlTimeoutMs: CONTROL_TIMEOUT_MS,
  bulkTimeoutMs: BULK_TIMEOUT_MS,
  sensorWaitTimeoutMs: SENSOR_WAIT_TIMEOUT_MS,
  sensorWaitReadRetryMs: SENSOR_WAIT_READ_RETRY_MS,
  sensorWaitBusyRetryMs: SENSOR_WAIT_BUSY_RETRY_MS,
});

/** Parameter presets applied at open (§2.9): `auto` streams in autorange at 15 V. */
export type Js110Config = 'auto' | 'off' | 'ignore';

const CONFIG_PRESETS: Record<Js110Config, readonly [string, string][]> = {
  auto: [['i_range', 'auto'], ['v_range', '15V'], ['source', 'on']],
  off: [['source', 'off']],
  ignore: [],
};

export interface Js110Options {
  /** Parameters applied at open; default `auto` (i_range auto, v_range 15V, source on). */
  config?: Js110Config;
  /** Allowed calibration signing keys (default: the two official keys). */
  calibrationPublicKeys?: readonly Uint8Array[];
  timing?: Partial<Js110Timing>;
  log?: LogFunction;
  /** Removal notifications, usually `provider.watchDisconnect` (set by `Js110.open(info)`). */
  watchDisconnect?: UsbProvider['watchDisconnect'];
}

export interface StartOptions {
  /** Receives each bulk transfer (a whole number of 512-byte packets), in order. */
  data: StreamConsumer;
  /** Called once after the last data with why the stream stopped. */
  onStop?: (event: StopEvent) => void;
}

export interface StreamOptions {
  /** Chunks held for a slow reader before delivery pauses (default 32, ~4 MB). */
  highWaterMark?: number;
}

export interface Js110Events {
  stop: StopEvent;
  /** A bulk transfer waited longer than the bulk timeout; streaming goes on. */
  timeout: { pendingMs: number; count: number };
  disconnect: { serialNumber: string };
}

/** What `Js110.open` takes: a device, or a scan result that also names its provider. */
export interface Js110Target {
  readonly device: UsbDeviceLike;
  readonly provider?: UsbProvider;
}

const CLOSED = 0;
const OPENING = 1;
const OPEN = 2;

/**
 * A JS110 over the WebUSB-shaped seam: open, info, calibration, parameters, status, EXTIO,
 * and streaming (callback or async iterator). Control transfers go one at a time.
 */
export class Js110 {
  readonly device: UsbDeviceLike;
  private readonly params = new ParameterStore();
  private readonly timing: Js110Timing;
  private readonly options: Js110Options;
  private readonly control: ControlPipe;
  private readonly events: { [K in keyof Js110Events]: Listeners<Js110Events[K]> };
  private state = CLOSED;
  private removed = false;
  private hardwareSerial: string | null = null;
  private activeCalibration: Calibration | null = null;
  private streamingActive = false;
  private bulk: BulkStream | null = null;
  private streamEnd: Promise<StopEvent> | null = null;
  private unwatch: (() => void) | null = null;

  constructor(device: UsbDeviceLike, options: Js110Options = {}) {
    this.device = device;
    this.options = options;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.control = new ControlPipe(device, this.timing.controlTimeoutMs, (error) => this.handleDisconnect(error));
    const onListenerError = (error: unknown): void => this.log('warn', `an event listener threw: ${errorText(error)}`);
    this.events = {
      stop: new Listeners(onListenerError),
      timeout: new Listeners(onListenerError),
      disconnect: new Listeners(onListenerError),
    };
  }

  /** Creates and opens a driver for a scan result or a device. */
  static async open(target: Js110Target | UsbDeviceLike, options: Js110Options = {}): Promise<Js110> {
    const device = isTarget(target) ? target.device : target;
    const provider = isTarget(target) ? target.provider : undefined;
    const watchDisconnect = options.watchDisconnect ?? provider?.watchDisconnect?.bind(provider);
    const js110 = new Js110(device, { ...options, watchDisconnect });
    await js110.open();
    return js110;
  }

  get isOpen(): boolean {
    return this.state === OPEN;
  }

  get isStreaming(): boolean {
    return this.streamingActive;
  }

  /** True once the device was removed; reopen it after it is plugged in again. */
  get isDisconnected(): boolean {
    return this.removed;
  }

  /** The USB string serial number. */
  get serialNumber(): string {
    return this.device.serialNumber ?? '';
  }

  /** Hex of the 16-byte SERIAL_NUMBER reply (null before open). */
  get hardwareSerialNumber(): string | null {
    return this.hardwareSerial;
  }

  /**
   * The active calibration applied at open (§9.7): the device's record if its serial number
   * matches the hardware serial, the default identity calibration if the record did not load,
   * null if it could not be read or belongs to another device.
   */
  get calibration(): Calibration | null {
    return this.activeCalibration;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends keyof Js110Events>(event: K, listener: (value: Js110Events[K]) => void): () => void {
    return (this.events[event] as Listeners<Js110Events[K]>).add(listener);
  }

  /**
   * Opens the device (§1.3, §2.9): configuration 1, interface 0, alternate setting 0; reads the
   * hardware serial, the INFO (errors ignored) and the active calibration; applies `config`.
   */
  async open(): Promise<void> {
    if (this.state !== CLOSED) throw new Js110StateError(`open() needs a closed device; this one is ${this.stateName()}`);
    if (this.removed) throw new Js110DisconnectedError('the device was removed; scan again to open it');
    this.state = OPENING;
    try {
      await this.device.open();
      await this.device.selectConfiguration(USB_CONFIGURATION);
      await this.device.claimInterface(USB_INTERFACE);
      await this.device.selectAlternateInterface(USB_INTERFACE, 0);
    } catch (error) {
      this.state = CLOSED;
      await this.device.close().catch(() => undefined);
      if (error instanceof UsbPermissionError) throw error;
      throw new Js110OpenError(`could not open the JS110 ${this.serialNumber}: ${errorText(error)}`, { cause: error });
    }
    this.state = OPEN;
    const watch = this.options.watchDisconnect;
    if (watch) this.unwatch = watch(this.device, () => this.handleDisconnect(null));
    try {
      await this.readHardwareSerial();
      try {
        const info = await this.info();
        if (info) this.log('debug', `INFO ${JSON.stringify(info)}`);
      } catch (error) {
        this.log('info', `INFO not read (ignored as the reference does): ${errorText(error)}`);
      }
      await this.loadActiveCalibration();
      for (const [name, value] of CONFIG_PRESETS[this.options.config ?? 'auto']) await this.parameterSet(name, value);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Stops streaming and closes the device. Always safe: never throws, may be called twice. */
  async close(): Promise<void> {
    if (this.state === CLOSED) return;
    if (this.streamingActive) await this.stop().catch(() => null);
    this.state = CLOSED;
    if (this.unwatch) {
      this.unwatch();
      this.unwatch = null;
    }
    try {
      await this.device.close();
    } catch (error) {
      this.log('debug', `device close: ${errorText(error)}`);
    }
  }

  /** Reads the INFO JSON (§2.7); null when the firmware does not answer it (before 0.3). */
  async info(): Promise<Js110Info | null> {
    this.requireOpen('info()');
    let reply: Uint8Array;
    try {
      reply = await this.control.in(Request.INFO, 0, 0, INFO_REQUEST_LENGTH, 'INFO');
    } catch (error) {
      if (error instanceof Js110TransferError) return null;
      throw error;
    }
    return parseInfo(reply, this.serialNumber);
  }

  /** Reads a calibration record (chunked, §9.7) and returns its raw bytes. */
  async calibrationReadBytes(which: CalibrationWhich): Promise<Uint8Array> {
    this.requireOpen('calibrationReadBytes()');
    return readCalibrationRecord(
      (value, index, length) => this.control.in(Request.CALIBRATION, value, index, length, `CALIBRATION ${which}`),
      which,
    );
  }

  /** Reads and parses a calibration record: `factory` or `active`. Throws on any error. */
  async calibrationRead(which: CalibrationWhich): Promise<Calibration> {
    const bytes = await this.calibrationReadBytes(which);
    return parseCalibration(bytes, this.calibrationKeys());
  }

  /**
   * Sets a parameter by its name to an option name, alias or value (js110-facts §3). SETTINGS
   * parameters send a SETTINGS PDU (then wait for the sensor when not streaming), EXTIO ones
   * an EXTIO PDU; before open the value is only cached. Read-only parameters are ignored with
   * a warning, as in the reference.
   */
  async parameterSet(name: string, value: ParameterInput): Promise<void> {
    const definition = parameterDefinition(name);
    if (definition.flags.includes('read_only')) {
      this.log('warn', `parameter ${name} is read-only; set ignored`);
      return;
    }
    this.params.set(name, value);
    if (this.state !== OPEN) return;
    if (definition.path === 'setting' && !definition.flags.includes('skip_update')) {
      await this.sendSettings(this.streamingActive);
    } else if (definition.path === 'extio') {
      await this.sendExtio();
    }
  }

  /** A parameter's value as its option name (or the value when no option names it). */
  parameterGet(name: string): string | number | null {
    const readOnly = this.readOnlyParameter(name);
    if (readOnly !== undefined) return readOnly;
    return this.params.name(name);
  }

  /** A parameter's value as its raw value (e.g. `i_range` auto is 0x80). */
  parameterGetValue(name: string): ParameterValue | null {
    const readOnly = this.readOnlyParameter(name);
    if (readOnly !== undefined) return readOnly;
    return this.params.value(name);
  }

  /** Reads and parses STATUS (§2.5), with the on-device statistics of the 104-byte form. */
  async status(): Promise<Js110Status> {
    this.requireOpen('status()');
    const reply = await this.control.in(Request.STATUS, 0, 0, STATUS_REQUEST_LENGTH, 'STATUS');
    return parseStatus(reply);
  }

  /** Reads and parses the EXTIO status (§2.6), including the GPI levels. */
  async extioStatus(): Promise<ExtioStatus> {
    this.requireOpen('extioStatus()');
    const reply = await this.control.in(Request.EXTIO, 0, 0, EXTIO_REQUEST_LENGTH, 'EXTIO');
    return parseExtioStatus(reply);
  }

  /**
   * Starts streaming (§2.9): SETTINGS with the streaming byte, then `transfer_outstanding`
   * bulk transfers of `transfer_length` packets on endpoint 0x82 kept queued. Each completed
   * transfer goes to the consumer in order; it returns true to stop. Stops for any reason end
   * with the `stop` event (and `onStop`) after the last data.
   */
  async start(consumer: StreamConsumer | StartOptions): Promise<void> {
    this.requireOpen('start()');
    if (this.removed) throw new Js110DisconnectedError('the device was removed');
    if (this.streamingActive) await this.stop();
    const options: StartOptions = typeof consumer === 'function' ? { data: consumer } : consumer;
    if (typeof options.data !== 'function') throw new TypeError('start() needs a consumer function (or { data: function })');
    const transferSize = Number(this.params.value('transfer_length')) * USB_PACKET_SIZE;
    const outstanding = Number(this.params.value('transfer_outstanding'));
    this.streamingActive = true;
    try {
      await this.sendSettings(true);
    } catch (error) {
      this.streamingActive = false;
      throw error;
    }
    let timeouts = 0;
    const bulk = new BulkStream({
      device: this.device,
      endpoint: STREAMING_ENDPOINT,
      transferSize,
      outstanding,
      timeoutMs: this.timing.bulkTimeoutMs,
      consumer: options.data,
      // SET_INTERFACE goes through the control queue too: one control transfer at a time.
      abort: () => this.control.run('abort bulk transfers', () => this.device.selectAlternateInterface(USB_INTERFACE, 0)),
      onTimeout: (pendingMs) => {
        timeouts += 1;
        this.log('info', `bulk transfer pending for ${pendingMs.toFixed(0)} ms (timeout ${String(timeouts)}); kept queued`);
        this.events.timeout.emit({ pendingMs, count: timeouts });
      },
    });
    this.bulk = bulk;
    this.streamEnd = bulk.ended.then((end) => this.finishStream(end, options.onStop));
  }

  /**
   * Stops streaming: no more resubmissions, pending transfers aborted, data completing
   * meanwhile still delivered; then SETTINGS with streaming 0. Resolves with the stop event
   * (null when not streaming).
   */
  async stop(): Promise<StopEvent | null> {
    const end = this.streamEnd;
    if (!this.streamingActive || end === null) return null;
    this.bulk?.stop(DeviceEvent.UNDEFINED, 'stopped by the host', { deliverPending: true });
    return end;
  }

  /**
   * Streams as an async iterator of bulk transfers. Streaming starts with the first `next()`
   * and stops when the loop ends (`break`/`return`); a stop on an error throws a
   * `Js110StreamError` after the last data. A reader slower than the device pauses delivery
   * once `highWaterMark` chunks wait.
   */
  stream(options: StreamOptions = {}): AsyncIterableIterator<Uint8Array> {
    const highWaterMark = options.highWaterMark ?? 32;
    if (!Number.isInteger(highWaterMark) || highWaterMark < 1) {
      throw new RangeError(`highWaterMark must be an integer ≥ 1, got ${String(highWaterMark)}`);
    }
    const chunks: Uint8Array[] = [];
    let reader: { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: unknown) => void } | null = null;
    let resume: (() => void) | null = null;
    let started: Promise<void> | null = null;
    let stopEvent: StopEvent | null = null;
    let finished = false;

    const ending = (): IteratorResult<Uint8Array> => {
      finished = true;
      const e = stopEvent;
      if (e !== null && (e.code === DeviceEvent.COMMUNICATION_ERROR || e.code === DeviceEvent.ENDPOINT_CALLBACK_EXCEPTION)) {
        throw new Js110StreamError(`streaming stopped: ${e.message}`, e.code, e.disconnected, { cause: e.error });
      }
      return { value: undefined, done: true };
    };
    const data: StreamConsumer = (chunk) => {
      if (reader !== null) {
        const r = reader;
        reader = null;
        r.resolve({ value: chunk, done: false });
        return;
      }
      chunks.push(chunk);
      if (chunks.length >= highWaterMark) {
        return new Promise<void>((resolve) => {
          resume = resolve;
        });
      }
    };
    const onStop = (event: StopEvent): void => {
      stopEvent = event;
      if (reader !== null && chunks.length === 0) {
        const r = reader;
        reader = null;
        try {
          r.resolve(ending());
        } catch (error) {
          r.reject(error);
        }
      }
    };
    const iterator: AsyncIterableIterator<Uint8Array> = {
      next: async (): Promise<IteratorResult<Uint8Array>> => {
        if (finished) return { value: undefined, done: true };
        if (started === null) started = this.start({ data, onStop });
        await started;
        const chunk = chunks.shift();
        if (chunk !== undefined) {
          if (resume !== null && chunks.length < highWaterMark) {
            const r = resume;
            resume = null;
            r();
          }
          return { value: chunk, done: false };
        }
        if (stopEvent !== null) return ending();
        return new Promise<IteratorResult<Uint8Array>>((resolve, reject) => {
          reader = { resolve, reject };
        });
      },
      return: async (): Promise<IteratorResult<Uint8Array>> => {
        finished = true;
        chunks.length = 0;
        if (resume !== null) {
          const r: () => void = resume;
          resume = null;
          r();
        }
        if (started !== null && stopEvent === null) {
          await started.catch(() => undefined);
          await this.stop();
        }
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  // ---- internals ----

  private async finishStream(end: BulkStreamEnd, onStop: ((event: StopEvent) => void) | undefined): Promise<StopEvent> {
    this.bulk = null;
    const disconnected = end.disconnected || this.removed;
    if (!disconnected && this.state === OPEN) {
      try {
        await this.sendSettings(false);
      } catch (error) {
        this.log('warn', `SETTINGS stop after streaming: ${errorText(error)}`);
      }
    }
    this.streamingActive = false;
    const event: StopEvent = { ...end, disconnected };
    this.log(end.code === DeviceEvent.COMMUNICATION_ERROR ? 'warn' : 'info', `streaming stopped (${String(end.code)}): ${end.message}`);
    if (onStop) {
      try {
        onStop(event);
      } catch (error) {
        this.log('warn', `onStop threw: ${errorText(error)}`);
      }
    }
    this.events.stop.emit(event);
    return event;
  }

  private async sendSettings(streaming: boolean): Promise<void> {
    const v = (name: string): number => Number(this.params.value(name));
    const pdu = encodeSettings({
      sensorPower: v('sensor_power'),
      iRange: v('i_range'),
      source: v('source'),
      vRange: v('v_range'),
      ovrToLsb: v('ovr_to_lsb'),
      streaming: streaming ? v('control_test_mode') : 0,
    });
    await this.control.out(Request.SETTINGS, 0, 0, pdu, 'SETTINGS');
    if (!streaming) await this.waitForSensor();
  }

  /** §2.4: poll STATUS until the sensor has taken the SETTINGS command. */
  private async waitForSensor(): Promise<number> {
    const deadline = now() + this.timing.sensorWaitTimeoutMs;
    while (true) {
      let delay: number;
      try {
        const status = await this.status();
        if (status.settingsResult !== -1 && status.settingsResult !== 19) return status.settingsResult;
        delay = this.timing.sensorWaitBusyRetryMs;
      } catch (error) {
        if (error instanceof Js110DisconnectedError) throw error;
        this.log('debug', `STATUS read failed while waiting for the sensor: ${errorText(error)}`);
        delay = this.timing.sensorWaitReadRetryMs;
      }
      if (now() + delay > deadline) {
        throw new Js110TimeoutError(
          `the sensor did not complete the SETTINGS command within ${String(this.timing.sensorWaitTimeoutMs)} ms`,
        );
      }
      await sleep(delay);
    }
  }

  private async sendExtio(): Promise<void> {
    const v = (name: string): number => Number(this.params.value(name));
    const pdu = encodeExtio({
      triggerSource: v('trigger_source'),
      currentLsb: v('current_lsb'),
      voltageLsb: v('voltage_lsb'),
      gpo0: v('gpo0'),
      gpo1: v('gpo1'),
      ioVoltage: v('io_voltage'),
    });
    await this.control.out(Request.EXTIO, 0, 0, pdu, 'EXTIO');
  }

  private async readHardwareSerial(): Promise<void> {
    try {
      const reply = await this.control.in(Request.SERIAL_NUMBER, 0, 0, SERIAL_NUMBER_LENGTH, 'SERIAL_NUMBER');
      if (reply.length !== SERIAL_NUMBER_LENGTH) {
        throw new Js110ProtocolError(`SERIAL_NUMBER replied ${String(reply.length)} bytes, expected 16`);
      }
      this.hardwareSerial = Array.from(reply, (b) => b.toString(16).padStart(2, '0')).join('');
    } catch (error) {
      if (error instanceof Js110DisconnectedError) throw error;
      this.log('warn', `hardware serial number not read: ${errorText(error)}`);
    }
  }

  /** §9.7 steps 1 to 5, with the reference's outcomes for each failure. */
  private async loadActiveCalibration(): Promise<void> {
    this.activeCalibration = null;
    let bytes: Uint8Array;
    try {
      bytes = await this.calibrationReadBytes('active');
    } catch (error) {
      if (error instanceof Js110DisconnectedError) throw error;
      this.log('warn', `active calibration not read, none applied: ${errorText(error)}`);
      return;
    }
    const hardwareSerial = this.hardwareSerial ?? '';
    let calibration: Calibration;
    try {
      calibration = parseCalibration(bytes, this.calibrationKeys());
    } catch (error) {
      this.log('warn', `active calibration did not load, the default identity calibration applies: ${errorText(error)}`);
      calibration = defaultCalibration(hardwareSerial);
    }
    if (calibration.serialNumber !== hardwareSerial) {
      this.log('warn', `calibration serial ${calibration.serialNumber} is not this device's ${hardwareSerial}; rejected`);
      return;
    }
    if (!calibration.signed) this.log('info', `active calibration is not signed by an allowed key: ${calibration.unsignedReason ?? ''}`);
    this.activeCalibration = calibration;
  }

  private calibrationKeys(): { publicKeys?: readonly Uint8Array[] } {
    const keys = this.options.calibrationPublicKeys;
    return keys === undefined ? {} : { publicKeys: keys };
  }

  private readOnlyParameter(name: string): string | null | undefined {
    switch (parameterDefinition(name).name) {
      case 'model':
        return 'JS110';
      case 'hardware_serial_number':
        return this.hardwareSerial;
      case 'device_serial_number':
        return this.activeCalibration?.serialNumber ?? this.serialNumber;
      default:
        return undefined;
    }
  }

  private handleDisconnect(error: unknown): void {
    if (this.removed) return;
    this.removed = true;
    this.log('warn', `JS110 ${this.serialNumber} removed`);
    this.bulk?.stop(DeviceEvent.COMMUNICATION_ERROR, 'device removed', { disconnected: true, error: error ?? undefined });
    this.events.disconnect.emit({ serialNumber: this.serialNumber });
  }

  private requireOpen(what: string): void {
    if (this.state !== OPEN) throw new Js110StateError(`${what} needs an open device; this one is ${this.stateName()}`);
  }

  private stateName(): string {
    return this.state === OPEN ? 'open' : this.state === OPENING ? 'opening' : 'closed';
  }

  private log(level: 'debug' | 'info' | 'warn', message: string): void {
    this.options.log?.(level, message);
  }
}

function isTarget(target: Js110Target | UsbDeviceLike): target is Js110Target {
  return 'device' in target && typeof target.device === 'object' && target.device !== null;
}

function errorText(error: unknown): string {
  if (error instanceof Js110Error || error instanceof Error) return error.message;
  return String(error);
}
