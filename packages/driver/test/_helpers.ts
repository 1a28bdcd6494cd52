import { MISSING_SAMPLE, RawProcessor, SAMPLES_PER_PACKET, UsbBulkProcessor } from '@joulescope/codec';
import { encodeSettings, type SettingsFields, type UsbDeviceLike, type UsbInResult } from '../src/index';
import { EmulatedJs110, emulatorCalibrationValues, type EmulatorOptions } from '../src/emulator';

const vendor = (request: number, value = 0, index = 0) =>
  ({ requestType: 'vendor', recipient: 'device', request, value, index }) as const;

/** A vendor IN request; returns the reply bytes or throws on a stall. */
export async function vendorIn(device: UsbDeviceLike, request: number, length: number, value = 0, index = 0): Promise<Uint8Array> {
  const r = await device.controlTransferIn(vendor(request, value, index), length);
  if (r.status !== 'ok' || r.data === undefined) throw new Error(`request ${String(request)}: ${r.status}`);
  return new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
}

export async function vendorOut(device: UsbDeviceLike, request: number, data?: Uint8Array): Promise<string> {
  return (await device.controlTransferOut(vendor(request), data)).status;
}

/** An emulator opened as the driver does (configuration 1, interface 0). */
export async function openedEmulator(options: EmulatorOptions = {}): Promise<EmulatedJs110> {
  const emulator = new EmulatedJs110({ pacing: 'fast', ...options });
  await emulator.open();
  await emulator.selectConfiguration(1);
  await emulator.claimInterface(0);
  await emulator.selectAlternateInterface(0, 0);
  return emulator;
}

export const STREAM_AUTO: SettingsFields = { sensorPower: 1, iRange: 0x80, source: 0xc0, vRange: 0, ovrToLsb: 0, streaming: 3 };

export async function settings(device: UsbDeviceLike, fields: Partial<SettingsFields>): Promise<void> {
  const status = await vendorOut(device, 3, encodeSettings({ ...STREAM_AUTO, ...fields }));
  if (status !== 'ok') throw new Error(`SETTINGS ${status}`);
}

/** The bytes of one completed bulk transfer. */
export function bytesOf(result: UsbInResult): Uint8Array {
  if (result.status !== 'ok' || result.data === undefined) throw new Error(`transfer ${result.status}`);
  return new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength);
}

/** Host-side decoding of a USB stream with the codec: packets → raw words → calibrated samples. */
export class StreamDecoder {
  readonly packets = new UsbBulkProcessor();
  readonly raw = new RawProcessor();
  private words = new Uint32Array(1 << 16);
  private ranges = new Uint8Array(1 << 16);
  length = 0;

  constructor(suppressMode = 'off') {
    const c = emulatorCalibrationValues();
    this.raw.calibrationSet(c.currentOffset, c.currentGain, c.voltageOffset, c.voltageGain);
    this.raw.suppressMode = suppressMode;
  }

  insert(data: Uint8Array): void {
    this.packets.process(data, {
      onSamples: (words, start, voltageRange) => this.push(words.subarray(start, start + SAMPLES_PER_PACKET), voltageRange),
      onMissing: (count, voltageRange) => this.push(new Uint32Array(count).fill(MISSING_SAMPLE), voltageRange),
    });
  }

  private push(words: Uint32Array, voltageRange: number): void {
    if (this.length + words.length > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2 + words.length);
      grown.set(this.words.subarray(0, this.length));
      this.words = grown;
      const ranges = new Uint8Array(grown.length);
      ranges.set(this.ranges.subarray(0, this.length));
      this.ranges = ranges;
    }
    this.words.set(words, this.length);
    this.ranges.fill(voltageRange, this.length, this.length + words.length);
    this.length += words.length;
  }

  /** The raw sample words received so far. */
  get samples(): Uint32Array {
    return this.words.subarray(0, this.length);
  }

  /** Calibrates every sample received so far (each packet with its own voltage range). */
  calibrated(): { current: Float32Array; voltage: Float32Array; bits: Uint8Array } {
    const n = this.length;
    const out = { current: new Float32Array(n + 64), voltage: new Float32Array(n + 64), bits: new Uint8Array(n + 64) };
    this.raw.reset();
    let o = 0;
    let k = 0;
    while (k < n) {
      let end = k;
      while (end < n && this.ranges[end] === this.ranges[k]) end++;
      this.raw.voltageRange = this.ranges[k];
      o += this.raw.process(this.words, k, end, out, o);
      k = end;
    }
    return { current: out.current.subarray(0, o), voltage: out.voltage.subarray(0, o), bits: out.bits.subarray(0, o) };
  }
}

/** Resolves after `n` turns of the event loop (macrotasks), never on a timer. */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Races a promise against `n` event-loop turns: 'pending' if it has not settled by then. */
export async function settledWithin<T>(promise: Promise<T>, n: number): Promise<T | 'pending'> {
  let done = false;
  let value: T | undefined;
  promise.then(
    (v) => {
      done = true;
      value = v;
    },
    () => {
      done = true;
    },
  );
  await turns(n);
  return done ? (value as T) : 'pending';
}
