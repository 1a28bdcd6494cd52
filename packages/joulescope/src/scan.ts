/** Finding JS110s: USB hardware (Node's `usb` or WebUSB) or the emulated JS110. */
import { emulatedDevices, scanDevices, type DeviceInfo, type EmulatedOption, type LogFunction } from './_driver';

/** Where `scan` and `open` look. */
export interface ScanOptions {
  /**
   * Use the emulated JS110 instead of USB hardware: `true` (real-time pacing), emulator
   * options (e.g. `{ pacing: 'fast' }`), or `EmulatedJs110` instances to control them
   * (faults, unplug).
   */
  emulated?: EmulatedOption;
  /** Told why a scan is empty, among other things (default: silent). */
  log?: LogFunction;
}

/** Lists the attached JS110s (or the emulated ones); [] when there are none. */
export async function scan(options: ScanOptions = {}): Promise<DeviceInfo[]> {
  if (typeof options !== 'object' || options === null) throw new TypeError('scan() options must be an object');
  return scanDevices(emulatedDevices(options.emulated), options.log);
}
