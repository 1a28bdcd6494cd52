/** Opening the device a command names: `--emulated` and `--serial`. */
import type { Device } from '../device';
import { open } from '../open';
import { scan, type ScanOptions } from '../scan';
import type { DeviceInfo } from '../_driver';

/** The options every command takes. */
export interface DeviceArguments {
  /** Use the emulated JS110 (real-time) instead of USB hardware. */
  emulated?: boolean;
  /** The serial number of the device to use (default: the first found). */
  serial?: string;
}

/** Where to look: the emulated JS110 (with the serial number asked for) or USB. */
export function scanOptionsOf(args: DeviceArguments): ScanOptions {
  if (args.emulated !== true) return {};
  return { emulated: args.serial === undefined ? true : { serialNumber: args.serial } };
}

/** The devices found, filtered by `--serial`. */
export async function findDevices(args: DeviceArguments): Promise<DeviceInfo[]> {
  const found = await scan(scanOptionsOf(args));
  return args.serial === undefined ? found : found.filter((d) => d.serialNumber === args.serial);
}

/** Opens the device the arguments name; `config` as `open()` takes it. */
export async function openDevice(args: DeviceArguments, config: 'auto' | 'ignore'): Promise<Device> {
  return open(args.serial, { ...scanOptionsOf(args), config });
}
