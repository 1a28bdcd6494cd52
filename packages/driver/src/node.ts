/**
 * `@joulescope/driver/node`: the Node.js provider over the `usb` package (2.x, an optional
 * peer dependency, loaded on first use).
 */
export { nodeUsbProvider } from './node-provider';
export type { NodeUsbProviderOptions } from './node-provider';
export { loadUsbModule } from './libusb';
export type {
  LibusbDeviceLike,
  LibusbEndpointLike,
  LibusbError,
  LibusbInterfaceLike,
  LibusbModuleLike,
  LibusbTransferLike,
} from './libusb';
export { JS110_UDEV_HELP, JS110_UDEV_RULES } from './udev';
