/**
 * The one seam between the driver and a USB device: the subset of the W3C WebUSB `USBDevice`
 * interface the JS110 protocol needs. A browser `USBDevice`, the Node adapter over the `usb`
 * package and the emulated JS110 all satisfy it, so everything above it is the same code.
 * The types are structural (no DOM lib needed); a real `USBDevice` is assignable to them.
 */

/** How a transfer ended: `ok`, or the endpoint `stall`ed, or the device sent too much (`babble`). */
export type UsbTransferStatus = 'ok' | 'stall' | 'babble';

/** The setup packet of a control transfer, as WebUSB takes it. */
export interface UsbControlSetup {
  requestType: 'standard' | 'class' | 'vendor';
  recipient: 'device' | 'interface' | 'endpoint' | 'other';
  request: number;
  value: number;
  index: number;
}

/** The result of an IN transfer (control or bulk). */
export interface UsbInResult {
  readonly status: UsbTransferStatus;
  /** The received bytes (absent on stall). */
  readonly data?: DataView | undefined;
}

/** The result of an OUT control transfer. */
export interface UsbOutResult {
  readonly status: UsbTransferStatus;
  readonly bytesWritten: number;
}

/**
 * The WebUSB-shaped device the driver uses. `opened` must turn false when the device is
 * removed: a `NotFoundError` from a device that is no longer opened is how the driver tells a
 * removal from a misuse (docs/protocol.md, "Removal").
 */
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
  /** `node`, `browser` or `emulated` for the providers of this package. */
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
