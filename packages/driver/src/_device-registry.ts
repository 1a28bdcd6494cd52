import type { DeviceInfo } from './device-info';
import { deviceName, devicePath, JS110_USB_IDS } from './identities';
import type { UsbDeviceLike, UsbProvider } from './usb-device';

/** A live device behind a scan result, and the provider that found it. */
export interface RegisteredDevice {
  readonly device: UsbDeviceLike;
  readonly provider: UsbProvider;
}

/**
 * The live devices behind the scan results of this context (page, worker or process), keyed
 * by provider kind and path. A scan replaces what the same provider found before, so the map
 * holds only what the latest scans found.
 */
const registry = new Map<string, RegisteredDevice>();

const keyOf = (kind: string, path: string): string => `${kind}\n${path}`;

/** The scan result of `device`: plain, frozen data. */
export function describeDevice(device: UsbDeviceLike, kind: string): DeviceInfo {
  const serialNumber = device.serialNumber ?? '';
  const id = JS110_USB_IDS.find((x) => x.vendorId === device.vendorId && x.productId === device.productId);
  return Object.freeze({
    vendorId: device.vendorId,
    productId: device.productId,
    variant: id?.variant ?? 'production',
    serialNumber,
    path: devicePath(device.vendorId, device.productId, serialNumber),
    name: deviceName(serialNumber),
    provider: kind,
  });
}

/** Registers what one scan of `provider` found (forgetting what it found before) and describes it. */
export function registerScan(provider: UsbProvider, devices: readonly UsbDeviceLike[]): DeviceInfo[] {
  for (const [key, entry] of registry) {
    if (entry.provider === provider) registry.delete(key);
  }
  return devices.map((device) => registerDevice(provider, device));
}

/** Registers one device (a scan result or a device the user picked) and describes it. */
export function registerDevice(provider: UsbProvider, device: UsbDeviceLike): DeviceInfo {
  const info = describeDevice(device, provider.kind);
  registry.set(keyOf(info.provider, info.path), { device, provider });
  return info;
}

/** The live device of a scan result, if a scan in this context found it. */
export function registeredDevice(info: DeviceInfo): RegisteredDevice | undefined {
  return registry.get(keyOf(info.provider, info.path));
}
