import { bytesToHex, defaultCalibration, parseCalibration, PACKET_SIZE, type Calibration } from '@joulescope/codec';
import { BulkStream, type BulkStreamEnd } from './_bulk-stream';
import { ControlPipe } from './_control-pipe';
import { withDeadline } from './_deadline';
import { registeredDevice, registerScan } from './_device-registry';
import { transition, type ActiveStream, type Js110Action, type Js110State } from './_js110-state';
import { checkJs110Options, checkStartOptions, checkUsbDevice, describeValue, type Js110Options, type Js110Timing, type StartOptions } from './_js110-options';
import { Listeners } from './_listeners';
import { now, sleep } from './_timers';
import { transferIterator } from './_transfer-iterator';
import { errorText } from './_usb-errors';
import { browserUsbProvider, navigatorUsb } from './browser-provider';
import { readCalibrationRecord } from './calibration-read';
import { isDeviceInfo, type DeviceInfo } from './device-info';
import {
  Js110DisconnectedError,
  Js110NotFoundError,
  Js110OpenError,
  Js110ProtocolError,
  Js110RangeError,
  Js110StateError,
  Js110TimeoutError,
  Js110TransferError,
  Js110TypeError,
  ParameterValueError,
  UsbPermissionError,
} from './errors';
import { encodeExtio, parseExtioStatus, type ExtioStatus } from './extio-pdu';
import { parseInfo, type FirmwareInfo } from './info';
import { ParameterStore, parameterDefinition, type ParameterInput, type ParameterValue } from './parameters';
import {
  EXTIO_REQUEST_LENGTH,
  INFO_REQUEST_LENGTH,
  Request,
  SERIAL_NUMBER_LENGTH,
  STATUS_REQUEST_LENGTH,
  STREAMING_ENDPOINT,
  USB_CONFIGURATION,
  USB_INTERFACE,
  type CalibrationWhich,
} from './protocol';
import { encodeSettings } from './settings-pdu';
import { parseStatus, type Js110Status } from './status-pdu';
import { DeviceEvent, type StopEvent, type StreamConsumer } from './stream-events';
import type { UsbDeviceLike, UsbProvider } from './usb-device';

export { DEFAULT_TIMING } from './_js110-options';
export type { Js110Config, Js110Options, Js110Timing, StartOptions } from './_js110-options';

/** Options of `stream()`. */
export interface StreamOptions {
  /** Chunks held for a slow reader before delivery pauses (default 32, ~4 MB). */
  highWaterMark?: number;
}

/** The events of a `Js110` and what each listener receives. */
export interface Js110Events {
  /** A stream ended, after its last data (once per stream). */
  stop: StopEvent;
  /** A bulk transfer waited longer than the bulk timeout; streaming goes on. */
  timeout: { pendingMs: number; count: number };
  /** The device was removed (once). */
  disconnect: { serialNumber: string };
}

/** Where a `Js110` is: `state` (docs/protocol.md, "Driver states"). */
export type Js110StateKind = Js110State['kind'];

const EVENT_NAMES: readonly (keyof Js110Events)[] = ['stop', 'timeout', 'disconnect'];

const CONFIG_PRESETS: Record<'auto' | 'off' | 'ignore', readonly [string, string][]> = {
  auto: [['i_range', 'auto'], ['v_range', '15V'], ['source', 'on']],
  off: [['source', 'off']],
  ignore: [],
};

/** The devices a `Js110` holds open in this context: a second `Js110` on one of them is refused. */
const held = new WeakSet<UsbDeviceLike>();

/**
 * A JS110 over the WebUSB-shaped seam: open, info, calibration, parameters, status, EXTIO,
 * and streaming (callback or async iterator). Control transfers go one at a time. Its one
 * state (`state`) changes only through `transition` (docs/protocol.md, "Driver states").
 */
export class Js110 {
  readonly device: UsbDeviceLike;
  private current: Js110State = { kind: 'closed' };
  private readonly params = new ParameterStore();
  private readonly timing: Js110Timing;
  private readonly options: Js110Options;
  private readonly control: ControlPipe;
  private readonly events: { [K in keyof Js110Events]: Listeners<Js110Events[K]> };
  private hardwareSerial: string | null = null;
  private activeCalibration: Calibration | null = null;
  private unwatch: (() => void) | null = null;

  constructor(device: UsbDeviceLike, options: Js110Options = {}) {
    checkUsbDevice(device, 'new Js110(device)');
    this.timing = checkJs110Options(options);
    this.device = device;
    this.options = options;
    this.control = new ControlPipe(device, this.timing.controlTimeoutMs, (error) => this.handleRemoval(error));
    const onListenerError = (error: unknown): void => this.log('warn', `an event listener threw: ${errorText(error)}`);
    this.events = {
      stop: new Listeners(onListenerError),
      timeout: new Listeners(onListenerError),
      disconnect: new Listeners(onListenerError),
    };
  }

  /**
   * Creates and opens a driver for a scan result or a device. A scan result is found again by
   * its provider and path among what the scans of this context found; one that came from
   * elsewhere (a page, another worker) is found by scanning here (`options.provider`, or
   * `navigator.usb` for a browser result).
   */
  static async open(target: DeviceInfo | UsbDeviceLike, options: Js110Options = {}): Promise<Js110> {
    checkJs110Options(options);
    let device: UsbDeviceLike;
    let provider = options.provider;
    if (isDeviceInfo(target)) {
      const found = registeredDevice(target) ?? (await findAgain(target, options.provider));
      device = found.device;
      provider = found.provider;
    } else if (typeof target === 'object' && target !== null && 'transferIn' in target) {
      device = target;
    } else {
      throw new Js110TypeError(`Js110.open() takes a scan result (DeviceInfo) or a USB device, got ${describeValue(target)}`);
    }
    const js110 = new Js110(device, { ...options, provider });
    await js110.open();
    return js110;
  }

  /** Where the driver is: closed, opening, open, starting, streaming, closing or disconnected. */
  get state(): Js110StateKind {
    return this.current.kind;
  }

  /** True while the device is open (streaming or not). */
  get isOpen(): boolean {
    const kind = this.current.kind;
    return kind === 'open' || kind === 'starting' || kind === 'streaming';
  }

  /** True from `start()` until the stop event of its stream. */
  get isStreaming(): boolean {
    const kind = this.current.kind;
    return kind === 'starting' || kind === 'streaming';
  }

  /** True once the device was removed; reopen it (scan, then open) after it is plugged in again. */
  get isDisconnected(): boolean {
    return this.current.kind === 'disconnected';
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
   * The active calibration applied at open (docs/protocol.md, "Calibration"): the device's
   * record if its serial number matches the hardware serial, the default identity calibration
   * (`signatureStatus` `default`) if the record did not load (damaged, or values such as a NaN
   * gain that cannot calibrate), null if
   * it could not be read or belongs to another device.
   */
  get calibration(): Calibration | null {
    return this.activeCalibration;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends keyof Js110Events>(event: K, listener: (value: Js110Events[K]) => void): () => void {
    if (!EVENT_NAMES.includes(event)) throw new Js110RangeError(`unknown event ${describeValue(event)}; the events are ${EVENT_NAMES.join(', ')}`);
    if (typeof listener !== 'function') throw new Js110TypeError(`on('${event}', listener) needs a function, got ${describeValue(listener)}`);
    return (this.events[event] as Listeners<Js110Events[K]>).add(listener);
  }

  /**
   * Opens the device (docs/protocol.md, "Open sequence"): configuration 1, interface 0,
   * alternate setting 0 within the open timeout; reads the hardware serial, the INFO (errors
   * ignored) and the active calibration; applies `config`. A device held by another `Js110`
   * is refused.
   */
  async open(): Promise<void> {
    const state = this.current;
    if (state.kind === 'disconnected') throw new Js110DisconnectedError('the device was removed; scan again to open it');
    if (state.kind !== 'closed') throw new Js110StateError(`open() needs a closed device; this one is ${state.kind}`);
    if (held.has(this.device)) {
      throw new Js110StateError(`the JS110 ${this.serialNumber} is already open by another Js110 in this context; close that one first`);
    }
    held.add(this.device);
    return this.enter((done) => ({ type: 'open', done }), () => this.openSequence());
  }

  /**
   * Stops streaming and closes the device. Always safe and always settles: never throws, may
   * be called twice, waits at most the close timeout for a device that does not answer.
   */
  async close(): Promise<void> {
    const state = this.current;
    switch (state.kind) {
      case 'closed':
        return;
      case 'closing':
        return state.done;
      case 'opening':
        await state.done;
        return this.close();
      case 'disconnected':
        return this.release(state);
      default:
        return this.enter((done) => ({ type: 'close', done }), () => this.closeSequence(state.kind === 'starting' ? state.done : null));
    }
  }

  /** Reads the INFO JSON (docs/protocol.md, "INFO"); null when the firmware does not answer it (before 0.3). */
  async info(): Promise<FirmwareInfo | null> {
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

  /** Reads a calibration record in chunks and returns its raw bytes (docs/protocol.md, "Calibration"). */
  async calibrationReadBytes(which: CalibrationWhich): Promise<Uint8Array> {
    if (which !== 'factory' && which !== 'active') {
      throw new Js110RangeError(`calibrationRead() reads 'factory' or 'active', got ${describeValue(which)}`);
    }
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
   * Sets a parameter by its name to an option name, alias or value (docs/protocol.md,
   * "Parameters"). SETTINGS parameters send a SETTINGS PDU (then wait for the sensor when not
   * streaming), EXTIO ones an EXTIO PDU; before open the value is only cached. Setting a
   * read-only parameter is a `ParameterValueError` (code `read_only_parameter`).
   */
  async parameterSet(name: string, value: ParameterInput): Promise<void> {
    const definition = parameterDefinition(name);
    if (definition.flags.includes('read_only')) {
      throw new ParameterValueError(
        `parameter "${name}" is read-only (it reads ${JSON.stringify(this.readOnlyParameter(name))}); nothing was set`,
        'read_only_parameter',
      );
    }
    if (this.current.kind === 'disconnected') throw new Js110DisconnectedError(`parameterSet('${name}'): the device was removed`);
    this.params.set(name, value);
    if (!this.isOpen) return;
    if (definition.path === 'setting' && !definition.flags.includes('skip_update')) {
      await this.sendSettings(this.isStreaming);
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

  /** Reads and parses STATUS (docs/protocol.md, "STATUS"), with the on-device statistics of the 104-byte form. */
  async status(): Promise<Js110Status> {
    this.requireOpen('status()');
    return this.readStatus();
  }

  /** Reads and parses the EXTIO status (docs/protocol.md, "EXTIO"), including the GPI levels. */
  async extioStatus(): Promise<ExtioStatus> {
    this.requireOpen('extioStatus()');
    const reply = await this.control.in(Request.EXTIO, 0, 0, EXTIO_REQUEST_LENGTH, 'EXTIO');
    return parseExtioStatus(reply);
  }

  /**
   * Starts streaming (docs/protocol.md, "Streaming"): SETTINGS with the streaming byte, then
   * `transfer_outstanding` bulk transfers of `transfer_length` packets on endpoint 0x82 kept
   * queued. Each completed transfer goes to the consumer in order; it returns true to stop.
   * Every stream ends with the `stop` event (and `onStop`) after its last data. A stream
   * already running is stopped first and replaced; a `start()` still in progress makes this
   * one a `Js110StateError` (one stream at a time).
   */
  async start(consumer: StreamConsumer | StartOptions): Promise<void> {
    const options = checkStartOptions(consumer);
    const state = this.current;
    if (state.kind === 'starting') {
      throw new Js110StateError('start() is already in progress: one stream at a time (await that start(), or stop() first)');
    }
    if (state.kind !== 'open' && state.kind !== 'streaming') this.requireOpen('start()');
    return this.enter((done) => ({ type: 'start', done }), () => this.startSequence(options));
  }

  /**
   * Stops streaming: no more resubmissions, pending transfers aborted, data completing
   * meanwhile still delivered; then SETTINGS with streaming 0. Resolves with the stop event
   * (null when not streaming). A `start()` in progress is waited for and then stopped, so
   * nothing streams once `stop()` resolved.
   */
  async stop(): Promise<StopEvent | null> {
    const state = this.current;
    switch (state.kind) {
      case 'starting':
        await state.done;
        return this.stop();
      case 'streaming':
        state.stream.bulk.stop(DeviceEvent.UNDEFINED, 'stopped by the host', { deliverPending: true });
        return state.stream.ended;
      case 'closing':
      case 'disconnected':
        return state.stream === null ? null : state.stream.ended;
      default:
        return null;
    }
  }

  /**
   * Streams as an async iterator of bulk transfers. Streaming starts with the first `next()`
   * and stops when the loop ends (`break`/`return`); a stop on an error throws a
   * `Js110StreamError` after the last data. Concurrent `next()` calls are served in order. A
   * reader slower than the device pauses delivery once `highWaterMark` chunks wait.
   */
  stream(options: StreamOptions = {}): AsyncIterableIterator<Uint8Array> {
    if (typeof options !== 'object' || options === null) throw new Js110TypeError(`stream(options) takes an options object, got ${describeValue(options)}`);
    const highWaterMark = options.highWaterMark ?? 32;
    if (typeof highWaterMark !== 'number' || !Number.isInteger(highWaterMark) || highWaterMark < 1 || highWaterMark > 1 << 20) {
      throw new Js110RangeError(`highWaterMark must be an integer in 1..1048576, got ${describeValue(highWaterMark)}`);
    }
    return transferIterator({ start: (o) => this.start(o), stop: () => this.stop() }, highWaterMark);
  }

  // ---- sequences ----

  private async openSequence(): Promise<void> {
    const name = `the JS110 ${this.serialNumber}`;
    const usbOpen = async (): Promise<void> => {
      await this.device.open();
      await this.device.selectConfiguration(USB_CONFIGURATION);
      await this.device.claimInterface(USB_INTERFACE);
      await this.device.selectAlternateInterface(USB_INTERFACE, 0);
    };
    try {
      await withDeadline(usbOpen, this.timing.openTimeoutMs, () => new Js110TimeoutError(`could not open ${name}: no answer within ${String(this.timing.openTimeoutMs)} ms`));
    } catch (error) {
      held.delete(this.device);
      await this.closeDevice();
      this.dispatch({ type: 'closed' });
      if (error instanceof UsbPermissionError || error instanceof Js110TimeoutError) throw error;
      throw new Js110OpenError(`could not open ${name}: ${errorText(error)}`, { cause: error });
    }
    if (this.current.kind !== 'opening') {
      // Removed while opening.
      held.delete(this.device);
      await this.closeDevice();
      throw new Js110DisconnectedError(`could not open ${name}: the device was removed`);
    }
    const provider = this.options.provider;
    if (provider?.watchDisconnect) this.unwatch = provider.watchDisconnect(this.device, () => this.handleRemoval(null));
    this.dispatch({ type: 'opened' });
    try {
      await this.readHardwareSerial();
      try {
        const info = await this.info();
        if (info) this.log('debug', `INFO ${JSON.stringify(info)}`);
      } catch (error) {
        if (error instanceof Js110DisconnectedError) throw error;
        this.log('info', `INFO not read (ignored as the reference does): ${errorText(error)}`);
      }
      await this.loadActiveCalibration();
      for (const [parameter, value] of CONFIG_PRESETS[this.options.config ?? 'auto']) await this.parameterSet(parameter, value);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  private async closeSequence(starting: Promise<void> | null): Promise<void> {
    if (starting !== null) await starting; // the start sees 'closing' and backs out
    const state = this.current;
    if ('stream' in state && state.stream !== null) {
      state.stream.bulk.stop(DeviceEvent.UNDEFINED, 'stopped by the host: close()', { deliverPending: true });
      await state.stream.ended;
    }
    await this.releaseDevice();
    this.dispatch({ type: 'closed' });
  }

  /** `close()` of a removed device: releases what the driver holds, once. */
  private release(state: Extract<Js110State, { kind: 'disconnected' }>): Promise<void> {
    if (state.released !== null) return state.released;
    return this.enter(
      (done) => ({ type: 'release', done }),
      async () => {
        if (state.stream !== null) await state.stream.ended;
        await this.releaseDevice();
      },
    );
  }

  private async releaseDevice(): Promise<void> {
    if (this.unwatch) {
      this.unwatch();
      this.unwatch = null;
    }
    held.delete(this.device);
    await this.closeDevice();
  }

  /** Closes the USB device within the close timeout; failures are only logged. */
  private async closeDevice(): Promise<void> {
    const ms = this.timing.closeTimeoutMs;
    try {
      await withDeadline(() => this.device.close(), ms, () => new Js110TimeoutError(`no answer to close within ${String(ms)} ms`));
    } catch (error) {
      this.log('debug', `device close: ${errorText(error)}`);
    }
  }

  private async startSequence(options: StartOptions): Promise<void> {
    try {
      const previous = this.current.kind === 'starting' ? this.current.stream : null;
      if (previous !== null) {
        previous.bulk.stop(DeviceEvent.UNDEFINED, 'stopped by the host', { deliverPending: true });
        await previous.ended;
      }
      this.checkStillStarting();
      const transferSize = Number(this.params.value('transfer_length')) * PACKET_SIZE;
      const outstanding = Number(this.params.value('transfer_outstanding'));
      await this.sendSettings(true);
      if (this.current.kind !== 'starting') {
        // close() or a removal came while SETTINGS went out: the device must not stream.
        if (this.current.kind !== 'disconnected') await this.sendSettings(false).catch((e: unknown) => this.log('warn', `SETTINGS stop: ${errorText(e)}`));
        this.checkStillStarting();
      }
      this.dispatch({ type: 'streamStarted', stream: this.newStream(options, transferSize, outstanding) });
    } catch (error) {
      this.dispatch({ type: 'startFailed' });
      throw error;
    }
  }

  private checkStillStarting(): void {
    const kind = this.current.kind;
    if (kind === 'starting') return;
    if (kind === 'disconnected') throw new Js110DisconnectedError('start(): the device was removed');
    throw new Js110StateError(`start() was interrupted: the device is ${kind}`);
  }

  private newStream(options: StartOptions, transferSize: number, outstanding: number): ActiveStream {
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
    const stream: { bulk: BulkStream; ended: Promise<StopEvent> } = { bulk, ended: Promise.resolve(null as never) };
    stream.ended = bulk.ended.then((end) => this.finishStream(stream, end, options.onStop));
    return stream;
  }

  private async finishStream(stream: ActiveStream, end: BulkStreamEnd, onStop: ((event: StopEvent) => void) | undefined): Promise<StopEvent> {
    if (end.disconnected) this.handleRemoval(end.error ?? null);
    const kind = this.current.kind;
    if (kind !== 'disconnected' && kind !== 'closed') {
      try {
        await this.sendSettings(false);
      } catch (error) {
        this.log('warn', `SETTINGS stop after streaming: ${errorText(error)}`);
      }
    }
    const event: StopEvent = { ...end, disconnected: this.current.kind === 'disconnected' };
    this.dispatch({ type: 'streamEnded', stream });
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

  // ---- internals ----

  private dispatch(action: Js110Action): void {
    this.current = transition(this.current, action);
  }

  /**
   * Enters the state of `action` (given the promise of the sequence's end, which never
   * rejects), then runs the sequence: the state is in place before any of its code runs.
   */
  private enter(action: (done: Promise<void>) => Js110Action, sequence: () => Promise<void>): Promise<void> {
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.dispatch(action(done));
    const result = sequence();
    result.then(settle, settle);
    return result;
  }

  private async readStatus(): Promise<Js110Status> {
    const reply = await this.control.in(Request.STATUS, 0, 0, STATUS_REQUEST_LENGTH, 'STATUS');
    return parseStatus(reply);
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

  /** Polls STATUS until the sensor has taken the SETTINGS command (docs/protocol.md, "SETTINGS"). */
  private async waitForSensor(): Promise<number> {
    const deadline = now() + this.timing.sensorWaitTimeoutMs;
    while (true) {
      let delay: number;
      try {
        const status = await this.readStatus();
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
      this.hardwareSerial = bytesToHex(reply);
    } catch (error) {
      if (error instanceof Js110DisconnectedError) throw error;
      this.log('warn', `hardware serial number not read: ${errorText(error)}`);
    }
  }

  /** The reference's outcomes for each way the active calibration can fail (docs/protocol.md, "Calibration"). */
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
      // parseCalibration also refuses values that cannot calibrate (a NaN or infinite used entry).
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

  /** The one way into `disconnected`: the provider's removal event, a control or a bulk transfer. */
  private handleRemoval(error: unknown): void {
    const kind = this.current.kind;
    if (kind === 'disconnected' || kind === 'closed') return;
    this.dispatch({ type: 'disconnect' });
    this.log('warn', `JS110 ${this.serialNumber} removed`);
    const state = this.current as Js110State;
    if (state.kind === 'disconnected' && state.stream !== null) {
      state.stream.bulk.stop(DeviceEvent.COMMUNICATION_ERROR, 'device removed', { disconnected: true, error: error ?? undefined });
    }
    this.events.disconnect.emit({ serialNumber: this.serialNumber });
  }

  private requireOpen(what: string): void {
    if (this.isOpen) return;
    if (this.current.kind === 'disconnected') throw new Js110DisconnectedError(`${what}: the device was removed; scan again to open it`);
    throw new Js110StateError(`${what} needs an open device; this one is ${this.current.kind}`);
  }

  private log(level: 'debug' | 'info' | 'warn', message: string): void {
    this.options.log?.(level, message);
  }
}

/** A scan result from elsewhere: scan `provider` (or WebUSB for a browser result) to find it here. */
async function findAgain(info: DeviceInfo, provider: UsbProvider | undefined): Promise<{ device: UsbDeviceLike; provider: UsbProvider }> {
  const source = provider ?? (info.provider === 'browser' && navigatorUsb() !== null ? browserUsbProvider() : undefined);
  if (source !== undefined) {
    registerScan(source, await source.getDevices());
    const found = registeredDevice(info);
    if (found !== undefined) return found;
  }
  throw new Js110NotFoundError(
    `no ${info.provider} device ${info.path} is known here: scan() in this context first` +
      (source === undefined ? ' (or pass the provider that finds it in Js110.open options)' : ' (it is not attached, or not permitted here)'),
  );
}

