import { UsbPermissionError } from './errors';
import type { LibusbDeviceLike, LibusbError, LibusbInterfaceLike, LibusbTransferLike } from './libusb';
import { DESCRIPTOR_TYPE_STRING, GET_DESCRIPTOR } from './protocol';
import { JS110_UDEV_HELP } from './udev';
import type { UsbControlSetup, UsbDeviceLike, UsbInResult, UsbOutResult } from './usb-device';

/** libusb error codes (< 0) and transfer statuses (> 0) (docs/protocol.md, "Timeouts"). */
const LIBUSB_ERROR_ACCESS = -3;
const LIBUSB_ERROR_NO_DEVICE = -4;
const LIBUSB_ERROR_BUSY = -6;
const LIBUSB_ERROR_TIMEOUT = -7;
const LIBUSB_ERROR_OVERFLOW = -8;
const LIBUSB_ERROR_PIPE = -9;
const TRANSFER_TIMED_OUT = 2;
const TRANSFER_CANCELLED = 3;
const TRANSFER_STALL = 4;
const TRANSFER_NO_DEVICE = 5;
const TRANSFER_OVERFLOW = 6;

const STRING_DESCRIPTOR = DESCRIPTOR_TYPE_STRING << 8;
const REQUEST_TYPE = { standard: 0x00, class: 0x20, vendor: 0x40 } as const;
const RECIPIENT = { device: 0x00, interface: 0x01, endpoint: 0x02, other: 0x03 } as const;

function errno(error: unknown): number | null {
  const e = error as Partial<LibusbError> | null;
  return e !== null && typeof e === 'object' && typeof e.errno === 'number' ? e.errno : null;
}

/** A `UsbPermissionError` explaining the udev rule for an access error, else null. */
export function libusbAccessError(error: unknown, what: string): UsbPermissionError | null {
  const code = errno(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code === LIBUSB_ERROR_ACCESS || /LIBUSB_ERROR_ACCESS|EACCES/.test(text)) {
    return new UsbPermissionError(`${what}: access to the JS110 was denied (${text}).\n${JS110_UDEV_HELP}`, { cause: error });
  }
  return null;
}

/** Maps a libusb failure to the error a WebUSB implementation would raise. */
function webUsbError(error: unknown, what: string): Error {
  const access = libusbAccessError(error, what);
  if (access !== null) return access;
  const code = errno(error);
  const text = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  if (isNoDevice(error)) return new DOMException(text, 'NotFoundError');
  if (code === TRANSFER_CANCELLED) return new DOMException(text, 'AbortError');
  if (code === LIBUSB_ERROR_TIMEOUT || code === TRANSFER_TIMED_OUT) return new DOMException(text, 'TimeoutError');
  if (code === LIBUSB_ERROR_BUSY) return new DOMException(`${text} (is another program using the JS110?)`, 'InvalidStateError');
  return new DOMException(text, 'NetworkError');
}

/** True for libusb's "the device is gone". */
function isNoDevice(error: unknown): boolean {
  const code = errno(error);
  return code === LIBUSB_ERROR_NO_DEVICE || code === TRANSFER_NO_DEVICE;
}

/** A transfer outcome that WebUSB reports as a status rather than an error. */
function transferStatus(error: unknown): 'stall' | 'babble' | null {
  const code = errno(error);
  if (code === TRANSFER_STALL || code === LIBUSB_ERROR_PIPE) return 'stall';
  if (code === TRANSFER_OVERFLOW || code === LIBUSB_ERROR_OVERFLOW) return 'babble';
  return null;
}

/**
 * Opens the device, reads its iSerialNumber string and closes it, as the reference's scan
 * does (docs/protocol.md, "Scan"): GET_DESCRIPTOR string 0 for the language id, then the serial number string,
 * decoded as UTF-16LE from byte 2 up to the descriptor's own length.
 */
export async function readSerialNumber(device: LibusbDeviceLike, controlTimeoutMs: number): Promise<string> {
  try {
    device.open(false);
  } catch (error) {
    throw libusbAccessError(error, 'scan') ?? error;
  }
  const getDescriptor = (value: number, index: number): Promise<Uint8Array> =>
    new Promise<Uint8Array>((resolve, reject) => {
      const done = (error: LibusbError | undefined, data: Uint8Array | number | undefined): void => {
        if (error) reject(libusbAccessError(error, 'scan') ?? webUsbError(error, 'scan: string descriptor'));
        else resolve(data instanceof Uint8Array ? data : new Uint8Array(0));
      };
      try {
        device.controlTransfer(0x80, GET_DESCRIPTOR, value, index, 255, done);
      } catch (error) {
        done(error as LibusbError, undefined);
      }
    });
  try {
    device.timeout = controlTimeoutMs;
    const index = device.deviceDescriptor.iSerialNumber;
    if (index === 0) return '';
    const languages = await getDescriptor(STRING_DESCRIPTOR, 0);
    const language = languages.length >= 4 ? languages[2] | (languages[3] << 8) : 0x0409;
    const string = await getDescriptor(STRING_DESCRIPTOR | index, language);
    const end = Math.min(string.length, string[0] ?? 0);
    return new TextDecoder('utf-16le').decode(string.subarray(2, Math.max(2, end)));
  } finally {
    try {
      device.close();
    } catch {
      // Closing a device we only peeked at: nothing to do if it fails.
    }
  }
}

const view = (bytes: Uint8Array, length = bytes.length): DataView => new DataView(bytes.buffer, bytes.byteOffset, length);

/** One reusable libusb transfer and the `transferIn` call it currently serves. */
interface TransferSlot {
  transfer: LibusbTransferLike;
  resolve: (result: UsbInResult) => void;
  reject: (error: Error) => void;
  done: Promise<void>;
  markDone: () => void;
}

/**
 * A libusb device (usb 2.x) behind the WebUSB-shaped seam. Each `transferIn` submits a libusb
 * transfer from a reusable pool, so any number can be queued on an endpoint (the streaming
 * requirement); transfers have no libusb timeout, the driver watches them. Changing the
 * alternate setting, releasing or closing cancels pending transfers (AbortError), as WebUSB.
 */
export class LibusbWebUsbDevice implements UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string;
  private isOpen = false;
  /** Set when libusb said the device is gone: it is no longer `opened`, as in WebUSB. */
  private removed = false;
  private iface: LibusbInterfaceLike | null = null;
  private readonly free = new Map<number, TransferSlot[]>();
  private readonly active = new Set<TransferSlot>();

  constructor(
    readonly libusbDevice: LibusbDeviceLike,
    serialNumber: string,
    private readonly controlTimeoutMs: number,
  ) {
    this.vendorId = libusbDevice.deviceDescriptor.idVendor;
    this.productId = libusbDevice.deviceDescriptor.idProduct;
    this.serialNumber = serialNumber;
  }

  get opened(): boolean {
    return this.isOpen && !this.removed;
  }

  open(): Promise<void> {
    if (this.isOpen && !this.removed) return Promise.resolve();
    if (this.isOpen) this.closeHandle();
    try {
      this.libusbDevice.open(false);
    } catch (error) {
      return Promise.reject(this.fail(error, 'open'));
    }
    this.libusbDevice.timeout = this.controlTimeoutMs;
    this.isOpen = true;
    this.removed = false;
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    await this.cancelAll();
    const iface = this.iface;
    this.iface = null;
    this.free.clear();
    if (iface !== null && !this.removed) {
      await this.promised('release interface', (cb) => iface.release(true, cb)).catch(() => undefined);
    }
    this.closeHandle();
  }

  /** Releases the libusb handle; that of a removed device is released without complaint. */
  private closeHandle(): void {
    const removed = this.removed;
    this.isOpen = false;
    this.removed = false;
    try {
      this.libusbDevice.close();
    } catch (error) {
      if (!removed) throw webUsbError(error, 'close');
    }
  }

  selectConfiguration(configurationValue: number): Promise<void> {
    return this.promised('select configuration', (cb) => this.libusbDevice.setConfiguration(configurationValue, cb));
  }

  claimInterface(interfaceNumber: number): Promise<void> {
    try {
      const iface = this.libusbDevice.interface(interfaceNumber);
      iface.claim();
      this.iface = iface;
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(this.fail(error, `claim interface ${String(interfaceNumber)}`));
    }
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    const iface = this.claimed(interfaceNumber);
    await this.cancelAll();
    this.iface = null;
    this.free.clear();
    await this.promised('release interface', (cb) => iface.release(true, cb));
  }

  async selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void> {
    const iface = this.claimed(interfaceNumber);
    await this.cancelAll();
    await this.promised('select alternate setting', (cb) => iface.setAltSetting(alternateSetting, cb));
  }

  controlTransferIn(setup: UsbControlSetup, length: number): Promise<UsbInResult> {
    return new Promise<UsbInResult>((resolve, reject) => {
      const done = (error: LibusbError | undefined, data: Uint8Array | number | undefined): void => {
        if (error) {
          const status = transferStatus(error);
          if (status !== null) resolve({ status });
          else reject(this.fail(error, `control IN ${String(setup.request)}`));
          return;
        }
        const bytes = data instanceof Uint8Array ? data : new Uint8Array(0);
        resolve({ status: 'ok', data: view(bytes) });
      };
      try {
        this.libusbDevice.controlTransfer(0x80 | requestType(setup), setup.request, setup.value, setup.index, length, done);
      } catch (error) {
        done(error as LibusbError, undefined);
      }
    });
  }

  controlTransferOut(setup: UsbControlSetup, data?: Uint8Array): Promise<UsbOutResult> {
    const payload = Buffer.from(data ?? new Uint8Array(0));
    return new Promise<UsbOutResult>((resolve, reject) => {
      const done = (error: LibusbError | undefined): void => {
        if (error) {
          const status = transferStatus(error);
          if (status !== null) resolve({ status, bytesWritten: 0 });
          else reject(this.fail(error, `control OUT ${String(setup.request)}`));
          return;
        }
        resolve({ status: 'ok', bytesWritten: payload.length });
      };
      try {
        this.libusbDevice.controlTransfer(requestType(setup), setup.request, setup.value, setup.index, payload, (e) => done(e));
      } catch (error) {
        done(error as LibusbError);
      }
    });
  }

  transferIn(endpointNumber: number, length: number): Promise<UsbInResult> {
    if (this.iface === null) return Promise.reject(new DOMException('transferIn: no interface is claimed', 'InvalidStateError'));
    const slot = this.slot(0x80 | endpointNumber);
    if (slot === null) {
      return Promise.reject(new DOMException(`transferIn: endpoint ${String(endpointNumber)} is not on the claimed interface`, 'InvalidAccessError'));
    }
    const result = new Promise<UsbInResult>((resolve, reject) => {
      slot.resolve = resolve;
      slot.reject = reject;
    });
    slot.done = new Promise<void>((resolve) => {
      slot.markDone = resolve;
    });
    this.active.add(slot);
    try {
      // Its own memory, not the shared pool: the consumer may keep the data.
      slot.transfer.submit(Buffer.allocUnsafeSlow(length));
    } catch (error) {
      this.active.delete(slot);
      slot.markDone();
      slot.reject(this.fail(error, 'transferIn submit'));
    }
    return result;
  }

  /** Maps a libusb failure to a WebUSB-like error; "no device" also marks the device removed. */
  private fail(error: unknown, what: string): Error {
    if (isNoDevice(error)) this.removed = true;
    return webUsbError(error, what);
  }

  private promised(what: string, call: (callback: (error?: LibusbError) => void) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      try {
        call((error) => (error ? reject(this.fail(error, what)) : resolve()));
      } catch (error) {
        reject(this.fail(error, what));
      }
    });
  }

  private claimed(interfaceNumber: number): LibusbInterfaceLike {
    if (this.iface === null) throw new DOMException(`interface ${String(interfaceNumber)} is not claimed`, 'InvalidStateError');
    return this.iface;
  }

  /** A free transfer for the endpoint at `address`, made on first use. */
  private slot(address: number): TransferSlot | null {
    let pool = this.free.get(address);
    if (pool === undefined) {
      pool = [];
      this.free.set(address, pool);
    }
    const reused = pool.pop();
    if (reused !== undefined) return reused;
    const endpoint = this.iface?.endpoint(address);
    if (endpoint === undefined) return null;
    const freeList = pool;
    const slot: TransferSlot = {
      transfer: undefined as unknown as LibusbTransferLike,
      resolve: () => undefined,
      reject: () => undefined,
      done: Promise.resolve(),
      markDone: () => undefined,
    };
    // No libusb timeout (0): the driver watches pending transfers itself, for every provider.
    slot.transfer = endpoint.makeTransfer(0, (error, buffer, actualLength) => {
      this.active.delete(slot);
      freeList.push(slot);
      slot.markDone();
      if (!error) {
        slot.resolve({ status: 'ok', data: view(buffer, actualLength) });
      } else if (errno(error) === TRANSFER_CANCELLED && actualLength > 0) {
        // Data that arrived before the cancel is kept, not lost.
        slot.resolve({ status: 'ok', data: view(buffer, actualLength) });
      } else {
        const status = transferStatus(error);
        if (status !== null) slot.resolve({ status });
        else slot.reject(this.fail(error, `transferIn endpoint ${String(address & 0x7f)}`));
      }
    });
    return slot;
  }

  /** Cancels every pending transfer and waits for their completions. */
  private async cancelAll(): Promise<void> {
    const pending = [...this.active];
    for (const slot of pending) {
      try {
        slot.transfer.cancel();
      } catch {
        // Already completing: its completion arrives anyway.
      }
    }
    await Promise.all(pending.map((slot) => slot.done));
  }
}

function requestType(setup: UsbControlSetup): number {
  return REQUEST_TYPE[setup.requestType] | RECIPIENT[setup.recipient];
}
