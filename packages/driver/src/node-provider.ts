import { LibusbWebUsbDevice, readSerialNumber } from './_libusb-device';
import { Js110RangeError, Js110TypeError } from './errors';
import { isJs110 } from './identities';
import { loadUsbModule, type LibusbDeviceLike, type LibusbModuleLike } from './libusb';
import { CONTROL_TIMEOUT_MS } from './protocol';
import type { LogFunction, UsbDeviceLike, UsbProvider } from './usb-device';

/** Options of `nodeUsbProvider`. */
export interface NodeUsbProviderOptions {
  /** The `usb` module's `usb` object; loaded with a dynamic import when absent. */
  usb?: LibusbModuleLike;
  /** Control transfer timeout given to libusb (default 1000 ms). */
  controlTimeoutMs?: number;
  log?: LogFunction;
}

/**
 * The Node provider over the `usb` package's libusb API (usb 2.x): lists attached JS110s
 * (both identities) with their USB serial numbers, read as the reference does by opening each
 * device briefly (docs/protocol.md, "Scan"). With none attached the list is empty (and
 * `scan()` logs why). A device the OS denies throws `UsbPermissionError` with the udev rule
 * to add. Each libusb device keeps one adapter, so a second scan finds the same device object.
 */
export async function nodeUsbProvider(options: NodeUsbProviderOptions = {}): Promise<UsbProvider> {
  if (typeof options !== 'object' || options === null) throw new Js110TypeError('nodeUsbProvider(options) takes an options object');
  const controlTimeoutMs = options.controlTimeoutMs ?? CONTROL_TIMEOUT_MS;
  if (typeof controlTimeoutMs !== 'number' || !(controlTimeoutMs > 0 && controlTimeoutMs <= 2_147_483_647)) {
    throw new Js110RangeError(`controlTimeoutMs must be a number of milliseconds in (0, 2147483647], got ${String(controlTimeoutMs)}`);
  }
  if (options.usb !== undefined && typeof (options.usb as Partial<LibusbModuleLike> | null)?.getDeviceList !== 'function') {
    throw new Js110TypeError('usb must be the `usb` object of the usb package (2.x), with getDeviceList()');
  }
  const usb = options.usb ?? (await loadUsbModule());
  const adapters = new WeakMap<LibusbDeviceLike, LibusbWebUsbDevice>();
  return {
    kind: 'node',
    emptyMessage: 'no JS110 attached: no USB device 16d0:0e88 (production) or 1fc9:fc93 (alpha) was found',
    async getDevices(): Promise<UsbDeviceLike[]> {
      const found = usb.getDeviceList().filter((d) => isJs110(d.deviceDescriptor.idVendor, d.deviceDescriptor.idProduct));
      const devices: UsbDeviceLike[] = [];
      for (const device of found) {
        let adapter = adapters.get(device);
        if (adapter === undefined || !adapter.opened) {
          // An open device keeps its adapter; opening it again to read the serial would disturb it.
          adapter = new LibusbWebUsbDevice(device, await readSerialNumber(device, controlTimeoutMs), controlTimeoutMs);
          adapters.set(device, adapter);
        }
        devices.push(adapter);
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
