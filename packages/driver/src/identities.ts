/** USB identities of the JS110 in application mode (js110-facts §1.1) and derived names. */

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

/** Linux udev rules granting access to both JS110 identities (without root). */
export const JS110_UDEV_RULES = [
  '# /etc/udev/rules.d/72-joulescope.rules',
  'SUBSYSTEM=="usb", ATTRS{idVendor}=="16d0", ATTRS{idProduct}=="0e88", MODE="0666"',
  'SUBSYSTEM=="usb", ATTRS{idVendor}=="1fc9", ATTRS{idProduct}=="fc93", MODE="0666"',
].join('\n');

/** How to fix a permission error on Linux, appended to `UsbPermissionError` messages. */
export const JS110_UDEV_HELP =
  'On Linux, allow access with a udev rule: write these lines to /etc/udev/rules.d/72-joulescope.rules\n' +
  `${JS110_UDEV_RULES}\n` +
  'then run `sudo udevadm control --reload-rules && sudo udevadm trigger` and plug the JS110 in again.';
