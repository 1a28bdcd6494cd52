/** USB identities of the JS110 in application mode and the names derived from them (docs/protocol.md, "USB identities"). */

/** One USB identity (VID:PID) of the JS110 application firmware. */
export interface UsbIdentity {
  readonly vendorId: number;
  readonly productId: number;
  /** `production` units (16d0:0e88) or early `alpha` units (1fc9:fc93). */
  readonly variant: 'production' | 'alpha';
}

/** The JS110 application identities, production first. */
export const JS110_USB_IDS: readonly UsbIdentity[] = Object.freeze([
  Object.freeze({ vendorId: 0x16d0, productId: 0x0e88, variant: 'production' as const }),
  Object.freeze({ vendorId: 0x1fc9, productId: 0xfc93, variant: 'alpha' as const }),
]);

/** True for a JS110 application-mode VID/PID. */
export function isJs110(vendorId: number, productId: number): boolean {
  for (const id of JS110_USB_IDS) {
    if (id.vendorId === vendorId && id.productId === productId) return true;
  }
  return false;
}

/** The device path of the reference: `vid/pid/serial`, lowercase 4-digit hex. */
export function devicePath(vendorId: number, productId: number, serialNumber: string): string {
  const hex4 = (x: number): string => x.toString(16).padStart(4, '0');
  return `${hex4(vendorId)}/${hex4(productId)}/${serialNumber}`;
}

/** The device name of the reference, also its identity when comparing scans. */
export function deviceName(serialNumber: string): string {
  return `Joulescope:${serialNumber}`;
}
