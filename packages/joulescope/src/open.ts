/** Opening a JS110 as a `Device`. */
import { deviceError, emptyScanHint, isEmulated, openJs110, type DeviceInfo, type Js110Config } from './_driver';
import { Device } from './device';
import { scan, type ScanOptions } from './scan';

/** How `open` finds and prepares the device. */
export interface OpenOptions extends ScanOptions {
  /**
   * Parameters applied at open: `auto` (default: current autorange, 15 V range, sensor
   * streaming on), `off` (source off) or `ignore` (change nothing).
   */
  config?: Js110Config;
}

/**
 * Opens a JS110: a scan result, the one with a serial number, or the first one found. The
 * Device applies the device's active calibration (see `device.calibration`).
 */
export async function open(target?: DeviceInfo | string, options: OpenOptions = {}): Promise<Device> {
  if (typeof options !== 'object' || options === null) throw new TypeError('open() options must be an object');
  let info: DeviceInfo;
  if (target !== undefined && typeof target === 'object' && target !== null && 'path' in target && 'provider' in target) {
    info = target;
  } else if (target === undefined || typeof target === 'string') {
    const found = await scan(options);
    const match = target === undefined ? found[0] : found.find((d) => d.serialNumber === target);
    if (match === undefined) {
      const emulated = options.emulated !== undefined && options.emulated !== false;
      const what = target === undefined ? 'no JS110 found' : `no JS110 with serial number "${target}"`;
      const seen = found.length === 0 ? await emptyScanHint(emulated) : `found: ${found.map((d) => d.serialNumber).join(', ')}`;
      throw deviceError('not_found', `${what}; ${seen}`);
    }
    info = match;
  } else {
    throw new TypeError(`open() takes a scan result, a serial number or nothing, got ${target === null ? 'null' : typeof target}`);
  }
  const js110 = await openJs110(info, options);
  return new Device(js110, { serialNumber: info.serialNumber, emulated: isEmulated(info) });
}
