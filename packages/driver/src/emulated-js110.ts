import { bytesToHex, PACKET_SIZE, SAMPLES_PER_PACKET, SAMPLING_FREQUENCY } from '@joulescope/codec';
import { SampleEncoder } from './_emulator-encoder';
import { checkEmulatorOptions, checkFault, type EmulatorFault, type EmulatorOptions } from './_emulator-options';
import { PacketSource } from './_emulator-packets';
import { OnDeviceStatistics } from './_emulator-statistics';
import { now, scheduleMacrotask } from './_timers';
import { emulatorCalibrationRecord, emulatorCalibrationValues } from './emulator-calibration';
import { firmwareLikeSignal, type EmulatorSignal } from './emulator-signal';
import { decodeExtio, encodeExtioStatus, type ExtioSettings } from './extio-pdu';
import { JS110_USB_IDS, devicePath } from './identities';
import { encodeInfo } from './info';
import { DESCRIPTOR_TYPE_STRING, GET_DESCRIPTOR, Request, STREAMING_ENDPOINT, USB_CONFIGURATION, USB_INTERFACE } from './protocol';
import { decodeSettings, type SettingsFields } from './settings-pdu';
import { encodeStatus } from './status-pdu';
import { Js110RangeError, Js110TypeError } from './errors';
import type { UsbControlSetup, UsbDeviceLike, UsbInResult, UsbOutResult, UsbProvider } from './usb-device';

export type { EmulatorFault, EmulatorOptions };

interface PendingIn {
  length: number;
  resolve: (result: UsbInResult) => void;
  reject: (error: Error) => void;
}

const DEFAULT_HARDWARE_SERIAL = new TextEncoder().encode('JS110 emulator 1');
const SOURCE_RAW = 0xc0;
/** Wall-clock milliseconds per packet at 2 MS/s. */
const PACKET_MS = (SAMPLES_PER_PACKET / SAMPLING_FREQUENCY) * 1000;
/** The longest timer delay; a longer wait is taken in steps. */
const TIMER_MAX_MS = 2_147_483_647;

const disconnected = (): DOMException => new DOMException('The device was disconnected.', 'NotFoundError');

/**
 * An emulated JS110 behind the WebUSB-shaped seam. It answers the vendor requests as the
 * firmware does (SETTINGS, STATUS, SERIAL_NUMBER, CALIBRATION, EXTIO, INFO, TEST_MODE; others
 * stall) and the string descriptors (serial number at index 3), and streams 512-byte packets of a configurable signal on endpoint 0x82 while a
 * SETTINGS with a non-zero streaming byte, source raw and sensor power on is in effect:
 * 16-bit packet index, toggle bit, range bits following the current (autorange, one decade
 * per range) or the fixed range, voltage range, GPI levels on the LSBs when EXTIO maps them.
 */
export class EmulatedJs110 implements UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string;
  readonly hardwareSerial: Uint8Array;
  readonly pacing: 'realtime' | 'fast';
  private readonly options: EmulatorOptions;
  private readonly signal: EmulatorSignal;
  private readonly encoder: SampleEncoder;
  private readonly packets: PacketSource;
  private readonly statistics: OnDeviceStatistics;
  private readonly records: { active: Uint8Array | null; factory: Uint8Array | null };
  private readonly disconnectListeners = new Set<() => void>();

  private isConnected = true;
  private isOpened = false;
  private configuration: number | null = null;
  private claimed = false;
  private halted = false;
  private settings: SettingsFields = { sensorPower: 0, iRange: 0, source: 0, vRange: 0, ovrToLsb: 0, streaming: 0 };
  private extio: ExtioSettings = { triggerSource: 0, currentLsb: 0, voltageLsb: 0, gpo0: 0, gpo1: 0, ioVoltage: 3300 };
  private busyPolls = 0;
  private streaming = false;
  /** Device packets since the stream started (sent, dropped or discarded). */
  private packet = 0;
  /** Wall-clock start of the stream (realtime pacing), shifted by pauses. */
  private t0 = 0;
  private frameCounter = 0;
  private discardCounter = 0;
  private readonly pending: PendingIn[] = [];
  private readonly hung = new Set<(error: Error) => void>();
  private faults: EmulatorFault[] = [];
  private pumpScheduled = false;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private pausedUntil = 0;

  constructor(options: EmulatorOptions = {}) {
    checkEmulatorOptions(options);
    this.options = options;
    const identity = JS110_USB_IDS.find((id) => id.variant === (options.identity ?? 'production')) ?? JS110_USB_IDS[0];
    this.vendorId = identity.vendorId;
    this.productId = identity.productId;
    this.serialNumber = options.serialNumber ?? 'EMU001';
    const hardwareSerial = options.hardwareSerial ?? DEFAULT_HARDWARE_SERIAL;
    this.hardwareSerial = Uint8Array.from(hardwareSerial);
    this.pacing = options.pacing ?? 'realtime';
    this.signal = options.signal ?? firmwareLikeSignal();
    this.encoder = new SampleEncoder({ ...emulatorCalibrationValues(), serialNumber: '', time: new Date(0), version: '1.0.0' });
    this.packets = new PacketSource(this.signal, this.encoder);
    this.statistics = new OnDeviceStatistics(this.signal);
    const serialHex = this.hardwareSerialHex;
    const records = options.calibration ?? {};
    this.records = {
      active: records.active !== undefined ? records.active : emulatorCalibrationRecord(serialHex),
      factory: records.factory !== undefined ? records.factory : emulatorCalibrationRecord(serialHex, new Date(Date.UTC(2019, 0, 1))),
    };
    this.configureEncoder();
  }

  /** Hex of the SERIAL_NUMBER reply: the serial number its calibration must carry. */
  get hardwareSerialHex(): string {
    return bytesToHex(this.hardwareSerial);
  }

  get opened(): boolean {
    return this.isOpened;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** True while the device streams (SETTINGS streaming byte set, source raw, sensor on). */
  get isStreaming(): boolean {
    return this.streaming;
  }

  /** The last SETTINGS the device received. */
  get lastSettings(): Readonly<SettingsFields> {
    return { ...this.settings };
  }

  /** The last EXTIO settings the device received. */
  get lastExtio(): Readonly<ExtioSettings> {
    return { ...this.extio };
  }

  /** Packets produced since the stream started (sent or dropped). */
  get packetCount(): number {
    return this.packet;
  }

  /**
   * Schedules a fault (see `EmulatorFault`); stream faults count packets from the stream
   * start. A fault that makes no sense is a `TypeError`/`RangeError` and nothing is scheduled.
   */
  injectFault(fault: EmulatorFault): void {
    this.faults.push(checkFault(fault));
  }

  /** Calls `listener` when the device is unplugged; returns a function that unsubscribes. */
  onDisconnect(listener: () => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /** Unplugs the device now: pending transfers fail, later calls fail, listeners are told. */
  unplug(): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    this.isOpened = false;
    this.claimed = false;
    this.configuration = null;
    this.stopStream();
    this.abortAll(disconnected);
    for (const listener of [...this.disconnectListeners]) listener();
  }

  /** Plugs the device back in, in its power-on state. */
  plugIn(): void {
    if (this.isConnected) return;
    this.isConnected = true;
    this.halted = false;
    this.settings = { sensorPower: 0, iRange: 0, source: 0, vRange: 0, ovrToLsb: 0, streaming: 0 };
    this.configureEncoder();
  }

  // ---- USBDevice ----

  async open(): Promise<void> {
    await this.settle();
    this.isOpened = true;
  }

  async close(): Promise<void> {
    await this.settle();
    this.isOpened = false;
    this.claimed = false;
    this.stopStream();
    this.abortAll(() => new DOMException('The device was closed.', 'AbortError'));
  }

  async selectConfiguration(configurationValue: number): Promise<void> {
    await this.settleOpen();
    if (configurationValue !== USB_CONFIGURATION) {
      throw new DOMException(`The configuration value ${String(configurationValue)} is not supported by the device.`, 'NotFoundError');
    }
    this.configuration = configurationValue;
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    await this.settleOpen();
    if (this.configuration === null) throw new DOMException('No configuration is selected.', 'InvalidStateError');
    if (interfaceNumber !== USB_INTERFACE) throw new DOMException(`The interface ${String(interfaceNumber)} is not found.`, 'NotFoundError');
    this.claimed = true;
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    await this.settleClaimed(interfaceNumber);
    this.claimed = false;
    this.abortBulk();
  }

  async selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void> {
    await this.settleClaimed(interfaceNumber);
    if (alternateSetting !== 0) throw new DOMException(`The alternate setting ${String(alternateSetting)} is not found.`, 'NotFoundError');
    // As in WebUSB: pending transfers of the interface are aborted and halts cleared.
    this.abortBulk();
    this.halted = false;
  }

  async controlTransferIn(setup: UsbControlSetup, length: number): Promise<UsbInResult> {
    await this.settleOpen();
    const fault = this.controlFault(setup.request);
    if (fault === 'hang') return this.hang();
    if (fault === 'stall' || setup.recipient !== 'device') return { status: 'stall' };
    const reply = setup.requestType === 'vendor' ? this.replyIn(setup) : setup.requestType === 'standard' ? this.standardIn(setup) : null;
    if (reply === null) return { status: 'stall' };
    const data = reply.slice(0, Math.min(reply.length, length));
    return { status: 'ok', data: new DataView(data.buffer, data.byteOffset, data.byteLength) };
  }

  async controlTransferOut(setup: UsbControlSetup, data?: Uint8Array): Promise<UsbOutResult> {
    await this.settleOpen();
    const fault = this.controlFault(setup.request);
    if (fault === 'hang') return this.hang();
    const bytes = data ?? new Uint8Array(0);
    if (fault === 'stall' || setup.requestType !== 'vendor' || setup.recipient !== 'device' || !this.acceptOut(setup, bytes)) {
      return { status: 'stall', bytesWritten: 0 };
    }
    return { status: 'ok', bytesWritten: bytes.length };
  }

  async transferIn(endpointNumber: number, length: number): Promise<UsbInResult> {
    await this.settleOpen();
    if (!this.claimed || endpointNumber !== STREAMING_ENDPOINT) {
      throw new DOMException('The specified endpoint is not part of a claimed and selected alternate interface.', 'NotFoundError');
    }
    if (this.halted) return { status: 'stall' };
    return new Promise<UsbInResult>((resolve, reject) => {
      this.pending.push({ length, resolve, reject });
      this.schedulePump(0);
    });
  }

  // ---- control requests ----

  private replyIn(setup: UsbControlSetup): Uint8Array | null {
    switch (setup.request) {
      case Request.STATUS:
        return this.statusReply();
      case Request.SERIAL_NUMBER:
        return this.hardwareSerial;
      case Request.CALIBRATION: {
        const record = setup.value === 1 ? this.records.active : setup.value === 0 ? this.records.factory : null;
        if (record === null) return null;
        return record.subarray(Math.min(setup.index, record.length));
      }
      case Request.EXTIO:
        return encodeExtioStatus({ ...this.extio, flags: 0, gpiValue: this.gpiNow() });
      case Request.INFO:
        return this.infoReply();
      default:
        return null;
    }
  }

  /** GET_DESCRIPTOR for strings (the host reads the serial number this way); other standard requests stall. */
  private standardIn(setup: UsbControlSetup): Uint8Array | null {
    if (setup.request !== GET_DESCRIPTOR || setup.value >> 8 !== DESCRIPTOR_TYPE_STRING) return null;
    const index = setup.value & 0xff;
    if (index === 0) return Uint8Array.of(4, DESCRIPTOR_TYPE_STRING, 0x09, 0x04); // US English
    const text = [undefined, 'Jetperch LLC', 'Joulescope', this.serialNumber][index];
    if (text === undefined) return null;
    const descriptor = new Uint8Array(2 + 2 * text.length);
    descriptor[0] = descriptor.length;
    descriptor[1] = DESCRIPTOR_TYPE_STRING;
    for (let i = 0; i < text.length; i++) {
      descriptor[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      descriptor[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    return descriptor;
  }

  private acceptOut(setup: UsbControlSetup, data: Uint8Array): boolean {
    try {
      switch (setup.request) {
        case Request.SETTINGS:
          this.applySettings(decodeSettings(data));
          return true;
        case Request.EXTIO:
          this.extio = decodeExtio(data);
          this.configureEncoder();
          return true;
        case Request.TEST_MODE:
          return data.length === 0;
        default:
          return false;
      }
    } catch {
      return false;
    }
  }

  private applySettings(next: SettingsFields): void {
    this.settings = next;
    this.busyPolls = Math.max(0, this.options.settingsBusyPolls ?? 1);
    this.configureEncoder();
    const streaming = next.streaming !== 0 && next.source === SOURCE_RAW && next.sensorPower === 1;
    if (streaming && !this.streaming) {
      this.streaming = true;
      this.packet = 0;
      this.t0 = now();
      this.pausedUntil = 0;
      this.halted = false;
      this.statistics.reset();
      this.schedulePump(0);
    } else if (!streaming && this.streaming) {
      this.stopStream();
    }
  }

  private statusReply(): Uint8Array {
    const settingsResult = this.busyPolls > 0 ? 19 : 0;
    if (this.busyPolls > 0) this.busyPolls -= 1;
    const fields = {
      settingsResult,
      fpgaFrameCounter: this.frameCounter,
      fpgaDiscardCounter: this.discardCounter,
      sensorFlags: 0,
      sensorIRange: this.settings.iRange,
      sensorSource: this.settings.source,
    };
    if ((this.options.statusVersion ?? 2) === 1) return encodeStatus(fields);
    const statistics = this.streaming ? this.statistics.report(this.deviceSamples(), this.encoder.currentOff) : null;
    return encodeStatus(fields, statistics);
  }

  private infoReply(): Uint8Array | null {
    const form = this.options.infoForm ?? 'json';
    if (form === 'none') return null;
    const info =
      this.options.info ??
      (form === 'json'
        ? {
            type: 'info',
            ver: 2,
            ctl: {
              mfg: { country: 'USA', location: 'emulated', lot: '0' },
              hw: { rev: 'H', sn_mcu: this.hardwareSerialHex, sn_mfg: this.serialNumber },
              fw: { ver: '1.3.4' },
              fpga: { ver: '0x00010005' },
            },
            sensor: { fw: { ver: '1.3.4' }, hw: { rev: 'H' }, fpga: { ver: '0x00010005' } },
          }
        : { type: 'info', ver: 1, ctl: { hw: { rev: 'H', sn_mfg: this.serialNumber }, fw: { ver: '0.3.2' } } });
    return encodeInfo(info, form);
  }

  private controlFault(request: number): 'hang' | 'stall' | null {
    const i = this.faults.findIndex(
      (f) => (f.kind === 'controlTimeout' || f.kind === 'controlStall') && (f.request === undefined || f.request === request),
    );
    if (i < 0) return null;
    const fault = this.faults[i];
    this.faults.splice(i, 1);
    return fault.kind === 'controlTimeout' ? 'hang' : 'stall';
  }

  private hang(): Promise<never> {
    return new Promise<never>((_resolve, reject) => {
      this.hung.add(reject);
    });
  }

  // ---- streaming ----

  private configureEncoder(): void {
    const changed = this.encoder.configure({
      iRange: this.settings.iRange,
      vRange: this.settings.vRange,
      currentLsb: this.extio.currentLsb,
      voltageLsb: this.extio.voltageLsb,
    });
    if (changed) this.packets.invalidate();
  }

  private stopStream(): void {
    this.streaming = false;
    if (this.pumpTimer !== null) {
      clearTimeout(this.pumpTimer);
      this.pumpTimer = null;
    }
    this.pumpScheduled = false;
  }

  /** Samples since the stream started: by wall clock in realtime, by packets made when fast. */
  private deviceSamples(): number {
    if (this.pacing === 'fast') return this.packet * SAMPLES_PER_PACKET;
    return Math.max(0, Math.floor((now() - this.t0) * (SAMPLING_FREQUENCY / 1000)));
  }

  private gpiNow(): number {
    const one = new Float64Array(1);
    const gpi = new Uint8Array(1);
    this.signal.fill(this.streaming ? this.deviceSamples() : 0, 1, one, new Float64Array(1), gpi);
    return gpi[0] & 3;
  }

  private schedulePump(delayMs: number): void {
    if (this.pumpScheduled || !this.streaming || this.pending.length === 0) return;
    this.pumpScheduled = true;
    const run = (): void => {
      this.pumpTimer = null;
      this.pumpScheduled = false;
      this.pump();
    };
    if (delayMs <= 0) scheduleMacrotask(run);
    else this.pumpTimer = setTimeout(run, Math.min(TIMER_MAX_MS, Math.ceil(delayMs))); // whole ms: timers round anyway
  }

  /** Completes the transfer at the head of the queue when its data is due, then reschedules. */
  private pump(): void {
    if (!this.streaming || this.pending.length === 0) return;
    const t = now();
    if (t < this.pausedUntil) {
      this.schedulePump(this.pausedUntil - t);
      return;
    }
    const head = this.pending[0];
    const count = Math.floor(head.length / PACKET_SIZE);
    const end = this.packet + count;
    const timeout = this.takeFault('timeout', end);
    if (timeout !== null && timeout.kind === 'timeout') {
      this.pausedUntil = t + timeout.durationMs;
      if (this.pacing === 'realtime') this.t0 += timeout.durationMs;
      this.schedulePump(timeout.durationMs);
      return;
    }
    if (this.pacing === 'realtime') {
      // The device's FIFO holds `fifoPackets`; older packets were discarded while nobody read.
      const available = Math.floor((t - this.t0) / PACKET_MS);
      const overflow = available - this.packet - (this.options.fifoPackets ?? 2048);
      if (overflow > 0) {
        this.packet += overflow;
        this.frameCounter += overflow;
        this.discardCounter += overflow;
      }
      const due = this.t0 + (this.packet + count) * PACKET_MS;
      if (t < due) {
        this.schedulePump(due - t);
        return;
      }
    }
    this.pending.shift();
    this.complete(head, count);
    this.schedulePump(0);
  }

  private complete(transfer: PendingIn, count: number): void {
    if (count === 0) {
      transfer.resolve({ status: 'babble' });
      return;
    }
    const end = this.packet + count;
    if (this.takeFault('unplug', end) !== null) {
      this.pending.unshift(transfer);
      this.unplug();
      return;
    }
    if (this.takeFault('stall', end) !== null) {
      this.halted = true;
      this.packet = end;
      this.frameCounter += count;
      transfer.resolve({ status: 'stall' });
      for (const p of this.pending.splice(0)) p.resolve({ status: 'stall' });
      return;
    }
    const bytes = new Uint8Array(count * PACKET_SIZE);
    const words = new Uint32Array(bytes.buffer);
    let written = 0;
    while (written < count) {
      if (this.faults.length > 0) {
        const dropped = this.dropRun(this.packet);
        if (dropped > 0) {
          // A whole run of dropped packets at once: any count costs the same.
          this.packet += dropped;
          this.frameCounter += dropped;
          this.discardCounter += dropped;
          continue;
        }
      }
      const p = this.packet++;
      this.frameCounter += 1;
      const at = written * PACKET_SIZE;
      this.packets.write(words, at, p);
      const field = this.faults.length > 0 ? this.corruption(p) : null;
      if (field !== null) corrupt(bytes.subarray(at, at + PACKET_SIZE), field);
      written += 1;
    }
    transfer.resolve({ status: 'ok', data: new DataView(bytes.buffer) });
  }

  /** Removes and returns the first fault of `kind` due before packet `end`. */
  private takeFault(kind: 'timeout' | 'unplug' | 'stall', end: number): EmulatorFault | null {
    const i = this.faults.findIndex((f) => f.kind === kind && f.at < end);
    if (i < 0) return null;
    return this.faults.splice(i, 1)[0];
  }

  /** Packets to drop from packet `p` on (0 for none); the drop fault is then done. */
  private dropRun(p: number): number {
    for (let i = 0; i < this.faults.length; i++) {
      const f = this.faults[i];
      if (f.kind === 'drop' && p >= f.at && p < f.at + (f.count ?? 1)) {
        this.faults.splice(i, 1);
        return f.at + (f.count ?? 1) - p;
      }
    }
    return 0;
  }

  /** The header field to corrupt in packet `p`, or null. */
  private corruption(p: number): 'type' | 'status' | 'length' | null {
    for (let i = 0; i < this.faults.length; i++) {
      const f = this.faults[i];
      if (f.kind === 'corrupt' && p === f.at) {
        this.faults.splice(i, 1);
        return f.field;
      }
    }
    return null;
  }

  // ---- state helpers ----

  /** Resolves after a microtask when connected, else rejects as WebUSB does for a removed device. */
  private async settle(): Promise<void> {
    await Promise.resolve();
    if (!this.isConnected) throw disconnected();
  }

  private async settleOpen(): Promise<void> {
    await this.settle();
    if (!this.isOpened) throw new DOMException('The device must be opened first.', 'InvalidStateError');
  }

  private async settleClaimed(interfaceNumber: number): Promise<void> {
    await this.settleOpen();
    if (interfaceNumber !== USB_INTERFACE || !this.claimed) {
      throw new DOMException(`The interface ${String(interfaceNumber)} is not claimed.`, 'InvalidStateError');
    }
  }

  private abortBulk(): void {
    for (const p of this.pending.splice(0)) p.reject(new DOMException('The transfer was cancelled.', 'AbortError'));
  }

  private abortAll(error: () => Error): void {
    for (const p of this.pending.splice(0)) p.reject(error());
    for (const reject of [...this.hung]) reject(error());
    this.hung.clear();
  }
}

function corrupt(packet: Uint8Array, field: 'type' | 'status' | 'length'): void {
  if (field === 'type') packet[0] = 2;
  else if (field === 'status') packet[1] = 1;
  else {
    packet[2] = 500 & 0xff;
    packet[3] = (packet[3] & 0x80) | (500 >> 8);
  }
}

/**
 * A provider over emulated devices, for `scan()`: lists the ones plugged in. Each device
 * needs its own path (serial number and identity): a scan result names its device by path.
 */
export function emulatedProvider(devices: EmulatedJs110 | readonly EmulatedJs110[] = new EmulatedJs110()): UsbProvider {
  const list = Array.isArray(devices) ? [...(devices as readonly EmulatedJs110[])] : [devices as EmulatedJs110];
  const paths = new Set<string>();
  for (const device of list) {
    if (!(device instanceof EmulatedJs110)) throw new Js110TypeError('emulatedProvider() takes an EmulatedJs110 or an array of them');
    const path = devicePath(device.vendorId, device.productId, device.serialNumber);
    if (paths.has(path)) throw new Js110RangeError(`emulatedProvider(): two devices have the path ${path}; give each its own serialNumber`);
    paths.add(path);
  }
  return {
    kind: 'emulated',
    getDevices: () => Promise.resolve(list.filter((d) => d.connected)),
    watchDisconnect(device, listener) {
      const emulated = list.find((d) => d === device);
      if (emulated === undefined) return () => undefined;
      let called = false;
      return emulated.onDisconnect(() => {
        if (called) return;
        called = true;
        listener();
      });
    },
  };
}
