import { UsbUnavailableError } from './errors';

/**
 * The parts of the `usb` package's libusb API (usb 2.x) that the Node provider uses, as
 * structural types: the real module fits them, and the tests inject a fake of the same shape.
 * The package README explains why this API and not the package's WebUSB layer.
 */

/** A libusb exception: `errno` is a libusb error code (< 0) or a transfer status (> 0). */
export interface LibusbError extends Error {
  errno: number;
}

/** A reusable libusb bulk transfer. */
export interface LibusbTransferLike {
  submit(buffer: Uint8Array): unknown;
  cancel(): unknown;
}

/** A libusb endpoint: makes transfers. */
export interface LibusbEndpointLike {
  makeTransfer(timeout: number, callback: (error: LibusbError | undefined, buffer: Uint8Array, actualLength: number) => void): LibusbTransferLike;
}

/** A libusb interface: claim, release, alternate setting, endpoints. */
export interface LibusbInterfaceLike {
  claim(): void;
  release(closeEndpoints: boolean, callback: (error?: LibusbError) => void): void;
  setAltSetting(altSetting: number, callback: (error?: LibusbError) => void): void;
  endpoint(address: number): LibusbEndpointLike | undefined;
}

/** A libusb device of the `usb` package. */
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

/** Loads the `usb` package lazily, so that nothing else of this package needs the native module. */
export async function loadUsbModule(): Promise<LibusbModuleLike> {
  // A variable specifier keeps bundlers from following the import.
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
