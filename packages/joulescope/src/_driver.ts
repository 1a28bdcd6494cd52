/**
 * Every touch point with `@joulescope/driver`: where devices come from (USB in Node or in a
 * browser, or the emulated JS110), how one is opened, and the driver names the Device uses.
 * Nothing Node-only is imported here: the Node USB provider is loaded with a dynamic import
 * that bundlers leave alone, and only when there is no `navigator.usb`.
 */
import { calibrationPublicKeys } from '@joulescope/codec';
import { Js110, Js110Error, scan as driverScan } from '@joulescope/driver';
import type { DeviceInfo, Js110Config, Js110ErrorCode, LogFunction, UsbProvider } from '@joulescope/driver';
import { browserUsbProvider, navigatorUsb } from '@joulescope/driver/browser';
import { EMULATOR_PUBLIC_KEY, EmulatedJs110, emulatedProvider } from '@joulescope/driver/emulator';
import type { EmulatorOptions } from '@joulescope/driver/emulator';
import type * as NodeProvider from '@joulescope/driver/node';

export { DeviceEvent, Js110, Js110Error, parameterValue, parameterValueName } from '@joulescope/driver';
export type { DeviceInfo, Js110Config, Js110ErrorCode, FirmwareInfo, LogFunction, ParameterInput, StopEvent } from '@joulescope/driver';
export { EmulatedJs110 };
export type { EmulatorOptions };

/** What `scan` and `open` take to use the emulated JS110 instead of USB hardware. */
export type EmulatedOption = boolean | EmulatorOptions | EmulatedJs110 | readonly EmulatedJs110[];

/** A Device-level error: the driver's error class, so one `instanceof Js110Error` covers all. */
export function deviceError(code: Js110ErrorCode, message: string, cause?: unknown): Js110Error {
  return new Js110Error(code, message, cause === undefined ? undefined : { cause });
}

/** The provider of the emulated devices that `emulated` asks for, or null for USB hardware. */
export function emulatedDevices(emulated: EmulatedOption | undefined): UsbProvider | null {
  if (emulated === undefined || emulated === false) return null;
  if (emulated === true) return emulatedProvider(new EmulatedJs110());
  if (emulated instanceof EmulatedJs110) return emulatedProvider(emulated);
  const what = 'emulated takes true, emulator options, an EmulatedJs110 or an array of them';
  if (isList(emulated)) {
    if (!emulated.every((d: unknown) => d instanceof EmulatedJs110)) throw new TypeError(`${what}; the array holds something else`);
    return emulatedProvider(emulated);
  }
  if (typeof emulated !== 'object' || emulated === null) throw new TypeError(`${what}, got ${emulated === null ? 'null' : typeof emulated}`);
  return emulatedProvider(new EmulatedJs110(emulated));
}

function isList(value: unknown): value is readonly EmulatedJs110[] {
  return Array.isArray(value);
}

/** `@joulescope/driver/node`, loaded in Node only, out of bundlers' sight. */
async function nodeDriver(): Promise<typeof NodeProvider> {
  const g = globalThis as { process?: { versions?: { node?: unknown } } };
  if (typeof g.process?.versions?.node !== 'string') {
    throw deviceError('unavailable', 'no USB access here: this browser has no WebUSB (navigator.usb); use a Chromium-based browser, or { emulated: true }');
  }
  // A computed specifier: bundlers leave this import alone, so browser bundles never see it.
  const specifier = ['@joulescope/driver', 'node'].join('/');
  return (await import(/* @vite-ignore */ specifier)) as typeof NodeProvider;
}

/** The USB provider of this platform: WebUSB where `navigator.usb` exists, else Node's `usb`. */
async function usbProvider(): Promise<UsbProvider> {
  if (navigatorUsb() !== null) return browserUsbProvider();
  return (await nodeDriver()).nodeUsbProvider();
}

/** Lists JS110s: the emulated ones when `provider` is given, else USB hardware. */
export async function scanDevices(provider: UsbProvider | null, log: LogFunction | undefined): Promise<DeviceInfo[]> {
  return driverScan({ provider: provider ?? (await usbProvider()), ...(log === undefined ? {} : { log }) });
}

/** True when `info` describes an emulated JS110. */
export function isEmulated(info: DeviceInfo): boolean {
  return info.provider === 'emulated';
}

/** What to check when a scan finds nothing: the cable, and in Node on Linux the udev rule. */
export async function emptyScanHint(emulated: boolean): Promise<string> {
  if (emulated) return 'no emulated JS110 is connected';
  if (navigatorUsb() !== null) return 'no JS110 this page may use: pick one with requestDevice() (from a click) first';
  const { JS110_UDEV_HELP } = await nodeDriver();
  return `check that the JS110 is plugged in with a data cable (not a charge-only one).\n${JS110_UDEV_HELP}`;
}

/**
 * Opens the driver for a scan result. An emulated JS110 signs its calibration with the
 * emulator's own key, which is trusted for it (and only for it) next to the official keys.
 */
export async function openJs110(info: DeviceInfo, options: { config?: Js110Config; log?: LogFunction }): Promise<Js110> {
  return Js110.open(info, {
    config: options.config ?? 'auto',
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(isEmulated(info) ? { calibrationPublicKeys: [...calibrationPublicKeys(), EMULATOR_PUBLIC_KEY] } : {}),
  });
}

/** Browser only: asks the user to pick a JS110 (the WebUSB chooser; call it from a click). */
export async function requestUsbDevice(): Promise<DeviceInfo> {
  return browserUsbProvider().requestDevice();
}
