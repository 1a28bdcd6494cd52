/** `@joulescope/driver/browser`: the WebUSB provider (`navigator.usb`, in a page or a Web Worker). */
export { browserUsbProvider, navigatorUsb, JS110_USB_FILTERS } from './browser-provider';
export type { BrowserUsbProvider, UsbLike } from './browser-provider';
