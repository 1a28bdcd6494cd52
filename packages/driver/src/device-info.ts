/**
 * A JS110 found by `scan()`: plain data (it can be cloned, stored or posted to a Worker). The
 * live USB device stays inside the driver; `Js110.open(info)` finds it again by `provider`
 * and `path` (docs/protocol.md, "Scan").
 */
export interface DeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  /** `production` (16d0:0e88) or early `alpha` units (1fc9:fc93). */
  readonly variant: 'production' | 'alpha';
  /** The USB string serial number. */
  readonly serialNumber: string;
  /** `vid/pid/serial` (lowercase hex), the reference's device path. */
  readonly path: string;
  /** `Joulescope:<serial>`, the identity used to compare scans. */
  readonly name: string;
  /** The kind of provider that found it: `node`, `browser` or `emulated`. */
  readonly provider: string;
}

/** True for a value shaped like a `DeviceInfo` (a scan result, possibly cloned). */
export function isDeviceInfo(value: unknown): value is DeviceInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof DeviceInfo, unknown>>;
  return typeof v.path === 'string' && typeof v.provider === 'string' && typeof v.vendorId === 'number' && typeof v.productId === 'number';
}
