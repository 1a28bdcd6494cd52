import { devicePath, deviceName, JS110_USB_IDS } from './identities';
import type { UsbDeviceLike, UsbProvider } from './usb-device';

/** A JS110 found by `scan()`: its identity, the device and the provider that found it. */
export interface DeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly variant: 'production' | 'alpha';
  /** The USB string serial number. */
  readonly serialNumber: string;
  /** `vid/pid/serial` (lowercase hex). */
  readonly path: string;
  /** `Joulescope:<serial>`, the identity used to compare scans. */
  readonly name: string;
  readonly device: UsbDeviceLike;
  readonly provider: UsbProvider;
}

/** Describes a device found by `provider`. */
export function deviceInfo(device: UsbDeviceLike, provider: UsbProvider): DeviceInfo {
  const serialNumber = device.serialNumber ?? '';
  const id = JS110_USB_IDS.find((x) => x.vendorId === device.vendorId && x.productId === device.productId);
  return Object.freeze({
    vendorId: device.vendorId,
    productId: device.productId,
    variant: id?.variant ?? 'production',
    serialNumber,
    path: devicePath(device.vendorId, device.productId, serialNumber),
    name: deviceName(serialNumber),
    device,
    provider,
  });
}
