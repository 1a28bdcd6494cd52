import type { UsbDeviceLike } from './usb-device';

/** The name of an error (a `DOMException` is an `Error`), or '' for anything else. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/**
 * True when `error` says that `device` was removed: WebUSB raises `NotFoundError` both for a
 * removed device and for some misuse (an endpoint that is not claimed), so the error counts
 * as a removal only once the device no longer says it is opened (docs/protocol.md, "Removal").
 */
export function isRemovalError(error: unknown, device: UsbDeviceLike): boolean {
  return errorName(error) === 'NotFoundError' && !device.opened;
}

/** True for the error a WebUSB implementation raises for a transfer it aborted. */
export function isAbortError(error: unknown): boolean {
  return errorName(error) === 'AbortError';
}

/** The message of an error, or the value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
