import { Js110RangeError, Js110TypeError } from './errors';
import {
  BULK_TIMEOUT_MS,
  CLOSE_TIMEOUT_MS,
  CONTROL_TIMEOUT_MS,
  OPEN_TIMEOUT_MS,
  SENSOR_WAIT_BUSY_RETRY_MS,
  SENSOR_WAIT_READ_RETRY_MS,
  SENSOR_WAIT_TIMEOUT_MS,
} from './protocol';
import type { StopEvent, StreamConsumer } from './stream-events';
import type { LogFunction, UsbDeviceLike, UsbProvider } from './usb-device';

/** The timeouts and retry delays of the driver, in milliseconds (docs/protocol.md, "Timeouts"). */
export interface Js110Timing {
  /** Per control transfer (1000). */
  controlTimeoutMs: number;
  /** A bulk transfer pending longer is reported as a timeout and kept queued (1000). */
  bulkTimeoutMs: number;
  /** The USB open sequence: open, configuration, interface, alternate setting (10000). */
  openTimeoutMs: number;
  /** Closing the USB device (3000). */
  closeTimeoutMs: number;
  /** Overall wait for the sensor after a SETTINGS command (3000). */
  sensorWaitTimeoutMs: number;
  /** Delay after a failed STATUS read in that wait (400). */
  sensorWaitReadRetryMs: number;
  /** Delay while the sensor reports busy (−1 or 19) (10). */
  sensorWaitBusyRetryMs: number;
}

/** The default timing. */
export const DEFAULT_TIMING: Readonly<Js110Timing> = Object.freeze({
  controlTimeoutMs: CONTROL_TIMEOUT_MS,
  bulkTimeoutMs: BULK_TIMEOUT_MS,
  openTimeoutMs: OPEN_TIMEOUT_MS,
  closeTimeoutMs: CLOSE_TIMEOUT_MS,
  sensorWaitTimeoutMs: SENSOR_WAIT_TIMEOUT_MS,
  sensorWaitReadRetryMs: SENSOR_WAIT_READ_RETRY_MS,
  sensorWaitBusyRetryMs: SENSOR_WAIT_BUSY_RETRY_MS,
});

/** Parameter presets applied at open: `auto` streams in autorange at 15 V. */
export type Js110Config = 'auto' | 'off' | 'ignore';

/** Options of `new Js110()` and `Js110.open()`. */
export interface Js110Options {
  /** Parameters applied at open; default `auto` (i_range auto, v_range 15V, source on). */
  config?: Js110Config;
  /** Allowed calibration signing keys (default: the two official keys). */
  calibrationPublicKeys?: readonly Uint8Array[];
  /** Timeouts, each a number of milliseconds in (0, 2147483647]. */
  timing?: Partial<Js110Timing>;
  log?: LogFunction;
  /**
   * The provider of the device: its removal notifications, and where `Js110.open(info)` looks
   * for a scan result that was found elsewhere. Set by `Js110.open(info)` for a scan result.
   */
  provider?: UsbProvider;
}

/** What `start()` takes besides a bare consumer function. */
export interface StartOptions {
  /** Receives each bulk transfer (a whole number of 512-byte packets), in order. */
  data: StreamConsumer;
  /** Called once after the last data with why the stream stopped. */
  onStop?: (event: StopEvent) => void;
}

const CONFIGS: readonly Js110Config[] = ['auto', 'off', 'ignore'];
const OPTION_KEYS = ['config', 'calibrationPublicKeys', 'timing', 'log', 'provider'];
const TIMER_MAX_MS = 2_147_483_647;
const DEVICE_METHODS = [
  'open',
  'close',
  'selectConfiguration',
  'claimInterface',
  'releaseInterface',
  'selectAlternateInterface',
  'controlTransferIn',
  'controlTransferOut',
  'transferIn',
] as const;

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
    case 'function':
      return 'a function';
    case 'symbol':
      return value.toString();
    default:
      return `${typeof value} ${String(value)}`;
  }
}

/** Checks the options of a `Js110` (nothing is changed on failure) and returns the timing. */
export function checkJs110Options(options: Js110Options): Js110Timing {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new Js110TypeError(`Js110 options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new Js110RangeError(`unknown Js110 option "${key}"; the options are ${OPTION_KEYS.join(', ')}`);
  }
  if (options.config !== undefined && !CONFIGS.includes(options.config)) {
    throw new Js110RangeError(`config must be 'auto', 'off' or 'ignore', got ${describeValue(options.config)}`);
  }
  const keys = options.calibrationPublicKeys;
  if (keys !== undefined && (!Array.isArray(keys) || !keys.every((k) => k instanceof Uint8Array && k.length === 32))) {
    throw new Js110TypeError('calibrationPublicKeys must be an array of 32-byte Uint8Array public keys');
  }
  if (options.log !== undefined && typeof options.log !== 'function') throw new Js110TypeError(`log must be a function, got ${describeValue(options.log)}`);
  const provider = options.provider as Partial<UsbProvider> | null | undefined;
  if (provider !== undefined && (typeof provider !== 'object' || provider === null || typeof provider.getDevices !== 'function')) {
    throw new Js110TypeError('provider must be a USB provider (nodeUsbProvider(), browserUsbProvider() or emulatedProvider())');
  }
  return checkTiming(options.timing);
}

function checkTiming(timing: Partial<Js110Timing> | undefined): Js110Timing {
  if (timing === undefined) return { ...DEFAULT_TIMING };
  if (typeof timing !== 'object' || timing === null) throw new Js110TypeError(`timing must be an object, got ${describeValue(timing)}`);
  const known = Object.keys(DEFAULT_TIMING);
  for (const [key, value] of Object.entries(timing)) {
    if (!known.includes(key)) throw new Js110RangeError(`unknown timing "${key}"; the timings are ${known.join(', ')}`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0 && value <= TIMER_MAX_MS)) {
      throw new Js110RangeError(`timing.${key} must be a number of milliseconds in (0, ${String(TIMER_MAX_MS)}], got ${describeValue(value)}`);
    }
  }
  const result = { ...DEFAULT_TIMING };
  for (const [key, value] of Object.entries(timing) as [keyof Js110Timing, number | undefined][]) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** Checks that `device` has what the driver calls. */
export function checkUsbDevice(device: unknown, what: string): asserts device is UsbDeviceLike {
  if (typeof device !== 'object' || device === null) throw new Js110TypeError(`${what} needs a USB device, got ${describeValue(device)}`);
  const d = device as Record<string, unknown>;
  const missing = DEVICE_METHODS.filter((m) => typeof d[m] !== 'function');
  if (missing.length > 0 || typeof d.vendorId !== 'number' || typeof d.productId !== 'number') {
    throw new Js110TypeError(`${what} needs a WebUSB-shaped device (vendorId, productId, ${DEVICE_METHODS.join(', ')}); this one lacks ${missing.join(', ') || 'vendorId/productId'}`);
  }
}

/** The start options of a consumer function or `{ data, onStop? }`, checked. */
export function checkStartOptions(consumer: unknown): StartOptions {
  if (typeof consumer === 'function') return { data: consumer as StreamConsumer };
  if (typeof consumer !== 'object' || consumer === null) {
    throw new Js110TypeError(`start() needs a consumer function or { data: function, onStop?: function }, got ${describeValue(consumer)}`);
  }
  const { data, onStop } = consumer as Partial<StartOptions>;
  if (typeof data !== 'function') throw new Js110TypeError(`start({ data }) needs a consumer function, got ${describeValue(data)}`);
  if (onStop !== undefined && typeof onStop !== 'function') throw new Js110TypeError(`start({ onStop }) must be a function, got ${describeValue(onStop)}`);
  return onStop === undefined ? { data } : { data, onStop };
}
