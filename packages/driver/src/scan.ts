import { registerScan } from './_device-registry';
import { browserUsbProvider, navigatorUsb } from './browser-provider';
import type { DeviceInfo } from './device-info';
import { Js110TypeError, UsbUnavailableError } from './errors';
import type { LogFunction, UsbProvider } from './usb-device';

/** Options of `scan()`. */
export interface ScanOptions {
  /**
   * Where to look. Default: WebUSB (`navigator.usb`) where it exists; in Node.js pass
   * `nodeUsbProvider()` from `@joulescope/driver/node`.
   */
  provider?: UsbProvider;
  /** Told (level `info`) why the list is empty, among other things. */
  log?: LogFunction;
}

/**
 * Lists the attached JS110s (production 16d0:0e88 and alpha 1fc9:fc93) as plain data. With
 * none attached it returns [] and logs why at level `info` (pass `log` to see it). Open a
 * result with `Js110.open(info)`.
 */
export async function scan(options: ScanOptions = {}): Promise<DeviceInfo[]> {
  if (typeof options !== 'object' || options === null) throw new Js110TypeError(`scan(options) takes an options object, got ${String(options)}`);
  if (options.provider !== undefined && typeof (options.provider as Partial<UsbProvider> | null)?.getDevices !== 'function') {
    throw new Js110TypeError('scan({ provider }) needs a provider with getDevices(): nodeUsbProvider(), browserUsbProvider() or emulatedProvider()');
  }
  if (options.log !== undefined && typeof options.log !== 'function') throw new Js110TypeError('scan({ log }) needs a function');
  const provider = options.provider ?? defaultProvider();
  const infos = registerScan(provider, await provider.getDevices());
  if (infos.length === 0) options.log?.('info', `scan (${provider.kind}): ${provider.emptyMessage ?? 'no JS110 found'}`);
  else options.log?.('debug', `scan (${provider.kind}): ${infos.map((i) => i.name).join(', ')}`);
  return infos;
}

/** WebUSB where `navigator.usb` exists; elsewhere the caller must say which provider. */
function defaultProvider(): UsbProvider {
  if (navigatorUsb() !== null) return browserUsbProvider();
  throw new UsbUnavailableError(
    'scan() found no navigator.usb (WebUSB) here: in Node.js pass { provider: await nodeUsbProvider() } from "@joulescope/driver/node", ' +
      'or { provider: emulatedProvider() } from "@joulescope/driver/emulator" for the emulated JS110',
  );
}
