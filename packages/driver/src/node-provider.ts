import { LibusbWebUsbDevice, readSerialNumber } from './_libusb-device';
import { UsbUnavailableError } from './errors';
import { isJs110 } from './identities';
import { CONTROL_TIMEOUT_MS } from './protocol';
import type { LogFunction, UsbDeviceLike, UsbProvider } from './usb-device';

/**
 * The Node provider over the `usb` package's libusb API (usb 2.x). The README explains why
 * this API and not the package's WebUSB layer: streaming needs 8 bulk transfers queued on
 * 0x82 at once. The interfaces below are the parts of that module the adapter uses; the tests
 * inject a fake with the same shape.
 */

/** A libusb exception: `errno` is a libusb error code (< 0) or a transfer status (> 0). */
export interface LibusbError extends Error {
  errno: number;
}

export interface LibusbTransferLike {
  submit(buffer: Uint8Array): unknown;
  cancel(): unknown;
}

export interface LibusbEndpointLike {
  makeTransfer(timeout: number, callback: (error: LibusbError | undefined, buffer: Uint8Array, actualLength: number) => void): LibusbTransferLike;
}

export interface LibusbInterfaceLike {
  claim(): void;
  release(closeEndpoints: boolean, callback: (error?: LibusbError) => void): void;
  setAltSetting(altSetting: number, callback: (error?: LibusbError) => void): void;
  endpoint(address: number): LibusbEndpointLike | undefined;
}

export interface LibusbDeviceLike {
  readonly deviceDescriptor: { readonly idVendor: number; readonly idProduct: number; readonly iSerialNumber: number };
  readonly busNumber?: number;
  readonly deviceAddress?: number;
  /** Control transfer timeout in ms. */
  timeout: number;
  open(defaultConfig?: boolean): void;
  close(): void;
  setConfiguration(desired: number, callback: (error?: LibusbError) => void): void;
  interface(interfaceNumber: number): LibusbInterfaceLike;
  controlTransfer(
    bmRequestType: number,
    bRequest: number,
    wValue: number,
    wIndex: number,
    dataOrLength: number | Uint8Array,
    callback: (error: LibusbError | undefined, buffer: Uint8Array | number | undefined) => void,
  ): unknown;
}

/** The `usb` object of the `usb` package (2.x): device list and hot-plug events. */
export interface LibusbModuleLike {
  getDeviceList(): LibusbDeviceLike[];
  on?(event: 'detach', listener: (device: LibusbDeviceLike) => void): unknown;
  removeListener?(event: 'detach', listener: (device: LibusbDeviceLike) => void): unknown;
  /** Lets the process exit while hot-plug events are watched. */
  unrefHotplugEvents?(): void;
}

export interface NodeUsbProviderOptions {
  /** The `usb` module's `usb` object; loaded with a dynamic import when absent. */
  usb?: LibusbModuleLike;
  /** Control transfer timeout given to libusb (default 1000 ms, §1.5). */
  controlTimeoutMs?: number;
  log?: LogFunction;
}

/** Loads the `usb` package lazily, so that importing this package never needs the native module. */
export async function loadUsbModule(): Promise<LibusbModuleLike> {
  // A variable specifier keeps bundlers from pulling the native module into browser builds.
  const specifier = 'usb';
  let mod: unknown;
  try {
    mod = await import(/* @vite-ignore */ specifier);
  } catch (error) {
    throw new UsbUnavailableError(
      `the "usb" package could not be loaded (install it with \`npm install usb@^2\`): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const m = mod as { usb?: unknown; default?: { usb?: unknown } };
  const usb = (m.usb ?? m.default?.usb) as Partial<LibusbModuleLike> | undefined;
  if (usb === undefined || typeof usb.getDeviceList !== 'function') {
    throw new UsbUnavailableError('the "usb" package loaded but has no usb.getDeviceList(): version 2.x is required');
  }
  return usb as LibusbModuleLike;
}

/**
 * The Node provider: lists attached JS110s (both identities) with their USB serial numbers,
 * read as the reference does by opening each device briefly. With none attached the list is
 * empty (and `scan()` logs why). A device the OS denies throws `UsbPermissionError` with the
 * udev rule to add.
 */
export async function nodeUsbProvider(options: NodeUsbProviderOptions = {}): Promise<UsbProvider> {
  const usb = options.usb ?? (await loadUsbModule());
  const controlTimeoutMs = options.controlTimeoutMs ?? CONTROL_TIMEOUT_MS;
  return {
    kind: 'node',
    emptyMessage: 'no JS110 attached: no USB device 16d0:0e88 (production) or 1fc9:fc93 (alpha) was found',
    async getDevices(): Promise<UsbDeviceLike[]> {
      const found = usb.getDeviceList().filter((d) => isJs110(d.deviceDescriptor.idVendor, d.deviceDescriptor.idProduct));
      const devices: UsbDeviceLike[] = [];
      for (const device of found) {
        const serialNumber = await readSerialNumber(device, controlTimeoutMs);
        devices.push(new LibusbWebUsbDevice(device, serialNumber, controlTimeoutMs));
      }
      return devices;
    },
    watchDisconnect(device, listener) {
      if (!(device instanceof LibusbWebUsbDevice) || typeof usb.on !== 'function') return () => undefined;
      const target = device.libusbDevice;
      const onDetach = (detached: LibusbDeviceLike): void => {
        const same =
          detached === target ||
          (detached.busNumber !== undefined && detached.busNumber === target.busNumber && detached.deviceAddress === target.deviceAddress);
        if (!same) return;
        unsubscribe();
        listener();
      };
      const unsubscribe = (): void => {
        usb.removeListener?.('detach', onDetach);
      };
      usb.on('detach', onDetach);
      usb.unrefHotplugEvents?.();
      return unsubscribe;
    },
  };
}
