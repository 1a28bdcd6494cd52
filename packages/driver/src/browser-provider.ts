import { registerDevice } from './_device-registry';
import type { DeviceInfo } from './device-info';
import { UsbUnavailableError } from './errors';
import { isJs110, JS110_USB_IDS } from './identities';
import type { UsbDeviceLike, UsbProvider } from './usb-device';

/** The part of the WebUSB `USB` object (`navigator.usb`) this provider uses. */
export interface UsbLike {
  getDevices(): Promise<UsbDeviceLike[]>;
  requestDevice?(options: { filters: { vendorId: number; productId: number }[] }): Promise<UsbDeviceLike>;
  addEventListener(type: 'disconnect', listener: (event: { readonly device: UsbDeviceLike }) => void): void;
  removeEventListener(type: 'disconnect', listener: (event: { readonly device: UsbDeviceLike }) => void): void;
}

/** WebUSB filters for both JS110 identities. */
export const JS110_USB_FILTERS: readonly { readonly vendorId: number; readonly productId: number }[] = Object.freeze(
  JS110_USB_IDS.map(({ vendorId, productId }) => Object.freeze({ vendorId, productId })),
);

/** The browser provider, which can also ask the user for a device. */
export interface BrowserUsbProvider extends UsbProvider {
  /**
   * Asks the user to pick a JS110 (both identities) and grants this page access. Needs a window
   * and a user gesture (a click handler); a worker then sees the device in `getDevices()`.
   * Resolves with the scan result of the device picked.
   */
  requestDevice(): Promise<DeviceInfo>;
}

/** The WebUSB `USB` object of this context: `navigator.usb` in a page or a worker, else null. */
export function navigatorUsb(): UsbLike | null {
  const nav = (globalThis as { navigator?: { usb?: UsbLike } }).navigator;
  return nav?.usb ?? null;
}

/**
 * The browser provider over WebUSB (`navigator.usb`, also in a Web Worker): `getDevices()`
 * lists the JS110s this origin may already use, `requestDevice()` asks for a new one.
 */
export function browserUsbProvider(usb: UsbLike | null = navigatorUsb()): BrowserUsbProvider {
  const api = (): UsbLike => {
    if (usb === null) {
      throw new UsbUnavailableError(
        'WebUSB is not available here: navigator.usb is missing (it needs a Chromium-based browser and a secure context, https or localhost)',
      );
    }
    return usb;
  };
  const provider: BrowserUsbProvider = {
    kind: 'browser',
    emptyMessage:
      'no JS110 this page may use: call requestDevice() from a user gesture to pick one (16d0:0e88 or 1fc9:fc93)',
    async getDevices() {
      const devices = await api().getDevices();
      return devices.filter((d) => isJs110(d.vendorId, d.productId));
    },
    async requestDevice() {
      const u = api();
      if (typeof u.requestDevice !== 'function') {
        throw new UsbUnavailableError(
          'navigator.usb.requestDevice is not available in a worker: request the device from the page (a user gesture), then scan in the worker',
        );
      }
      const device = await u.requestDevice({ filters: JS110_USB_FILTERS.map((f) => ({ ...f })) });
      return registerDevice(provider, device);
    },
    watchDisconnect(device, listener) {
      const u = api();
      const onDisconnect = (event: { readonly device: UsbDeviceLike }): void => {
        if (event.device !== device) return;
        u.removeEventListener('disconnect', onDisconnect);
        listener();
      };
      u.addEventListener('disconnect', onDisconnect);
      return () => u.removeEventListener('disconnect', onDisconnect);
    },
  };
  return provider;
}
