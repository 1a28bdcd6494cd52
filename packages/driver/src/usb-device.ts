/**
 * The one seam between the driver and a USB device: the subset of the W3C WebUSB `USBDevice`
 * interface the JS110 protocol needs. A browser `USBDevice`, the Node adapter over the `usb`
 * package and the emulated JS110 all satisfy it, so everything above it is the same code.
 * The types are structural (no DOM lib needed); a real `USBDevice` is assignable to them.
 */

export type UsbTransferStatus = 'ok' | 'stall' | 'babble';

export interface UsbControlSetup {
  requestType: 'standard' | 'class' | 'vendor';
  recipient: 'device' | 'interface' | 'endpoint' | 'other';
  request: number;
  value: number;
  index: number;
}

export interface UsbInResult {
  readonly status: UsbTransferStatus;
  /** The received bytes (absent on stall). */
  readonly data?: DataView | undefined;
}

export interface UsbOutResult {
  readonly status: UsbTransferStatus;
  readonly bytesWritten: number;
}

/** The WebUSB-shaped device the driver uses. */
export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  /** The USB iSerialNumber string. */
  readonly serialNumber?: string | null | undefined;
  readonly opened: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  /** Also aborts every pending transfer of the interface (WebUSB), which is how streaming stops. */
  selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void>;
  controlTransferIn(setup: UsbControlSetup, length: number): Promise<UsbInResult>;
  controlTransferOut(setup: UsbControlSetup, data?: Uint8Array): Promise<UsbOutResult>;
  transferIn(endpointNumber: number, length: number): Promise<UsbInResult>;
}

/** A source of attached JS110 devices: Node (`usb`), browser (`navigator.usb`) or emulated. */
export interface UsbProvider {
  /** `node`, `browser` or `emulated`. */
  readonly kind: string;
  /** Says why a scan found nothing and what to try. */
  readonly emptyMessage?: string;
  /** The attached JS110s (application mode, both USB identities) this provider may open. */
  getDevices(): Promise<UsbDeviceLike[]>;
  /** Calls `listener` once when `device` is removed; returns a function that unsubscribes. */
  watchDisconnect?(device: UsbDeviceLike, listener: () => void): () => void;
}

/** Optional logging hook shared by the driver's functions (the default is silent). */
export type LogFunction = (level: 'debug' | 'info' | 'warn', message: string) => void;

/** True for the error a WebUSB implementation raises for a removed device. */
export function isDisconnectError(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotFoundError';
}

/** True for the error a WebUSB implementation raises for a transfer it aborted. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
