import { browserUsbProvider, navigatorUsb } from './browser-provider';
import { deviceInfo, type DeviceInfo } from './device-info';
import { UsbUnavailableError } from './errors';
import { nodeUsbProvider } from './node-provider';
import type { LogFunction, UsbProvider } from './usb-device';

export interface ScanOptions {
  /** Where to look: default `navigator.usb` in a browser or worker, the `usb` package in Node. */
  provider?: UsbProvider;
  /** Told (level `info`) why the list is empty, among other things. */
  log?: LogFunction;
}

/** The provider for this environment: WebUSB where `navigator.usb` exists, else Node's `usb`. */
export async function defaultProvider(): Promise<UsbProvider> {
  if (navigatorUsb() !== null) return browserUsbProvider();
  const g = globalThis as { process?: { versions?: { node?: string } } };
  if (typeof g.process?.versions?.node === 'string') return nodeUsbProvider();
  throw new UsbUnavailableError('no USB access here: neither navigator.usb (WebUSB) nor Node.js');
}

/**
 * Lists the attached JS110s (production 16d0:0e88 and alpha 1fc9:fc93). With none attached
 * it returns [] and logs why at level `info` (pass `log` to see it). Open a result with
 * `Js110.open(info)`.
 */
export async function scan(options: ScanOptions = {}): Promise<DeviceInfo[]> {
  const provider = options.provider ?? (await defaultProvider());
  const devices = await provider.getDevices();
  const infos = devices.map((device) => deviceInfo(device, provider));
  if (infos.length === 0) options.log?.('info', `scan (${provider.kind}): ${provider.emptyMessage ?? 'no JS110 found'}`);
  else options.log?.('debug', `scan (${provider.kind}): ${infos.map((i) => i.name).join(', ')}`);
  return infos;
}
