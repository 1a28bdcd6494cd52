import type { EmulatedJs110 } from '../src/emulator';
import type { LibusbDeviceLike, LibusbEndpointLike, LibusbError, LibusbInterfaceLike, LibusbModuleLike } from '../src/node';

/** libusb codes used by the fake (js110-facts §1.5). */
export const LIBUSB = { ERROR_ACCESS: -3, ERROR_NO_DEVICE: -4, ERROR_BUSY: -6, COMPLETED: 0, CANCELLED: 3, STALL: 4, NO_DEVICE: 5, OVERFLOW: 6 };

export function libusbError(errno: number, message: string): LibusbError {
  return Object.assign(new Error(message), { errno });
}

/** What the emulator's WebUSB errors are in libusb terms. */
function toLibusb(error: unknown): LibusbError {
  const name = (error as Error).name;
  if (name === 'NotFoundError') return libusbError(LIBUSB.NO_DEVICE, 'LIBUSB_TRANSFER_NO_DEVICE');
  if (name === 'AbortError') return libusbError(LIBUSB.CANCELLED, 'LIBUSB_TRANSFER_CANCELLED');
  return libusbError(1, `LIBUSB_TRANSFER_ERROR: ${(error as Error).message}`);
}

/**
 * A fake of the `usb` package's (2.x) libusb Device, with the native module's rules (Buffer
 * arguments, one submission per Transfer at a time, synchronous open/claim), in front of an
 * emulated JS110 that does the USB work.
 */
export class FakeLibusbDevice implements LibusbDeviceLike {
  readonly deviceDescriptor: { idVendor: number; idProduct: number; iSerialNumber: number };
  readonly busNumber = 1;
  readonly deviceAddress: number;
  timeout = 0;
  isOpen = false;
  openError: LibusbError | null = null;
  readonly log: string[] = [];
  readonly transferTimeouts: number[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly emulator: EmulatedJs110,
    address = 7,
  ) {
    this.deviceDescriptor = { idVendor: emulator.vendorId, idProduct: emulator.productId, iSerialNumber: 3 };
    this.deviceAddress = address;
  }

  /** Runs emulator calls in order, as the native thread does. */
  then<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  open(defaultConfig?: boolean): void {
    this.log.push(`open(${String(defaultConfig)})`);
    if (this.openError) throw this.openError;
    if (!this.emulator.connected) throw libusbError(LIBUSB.ERROR_NO_DEVICE, 'LIBUSB_ERROR_NO_DEVICE');
    this.isOpen = true;
    void this.then(() => this.emulator.open());
  }

  close(): void {
    this.log.push('close');
    if (!this.isOpen) throw new Error('Device is not opened');
    this.isOpen = false;
    void this.then(() => this.emulator.close()).catch(() => undefined);
  }

  setConfiguration(desired: number, callback: (error?: LibusbError) => void): void {
    this.log.push(`setConfiguration(${String(desired)})`);
    this.then(() => this.emulator.selectConfiguration(desired)).then(() => callback(), (e: unknown) => callback(toLibusb(e)));
  }

  interface(interfaceNumber: number): LibusbInterfaceLike {
    return new FakeLibusbInterface(this, interfaceNumber);
  }

  controlTransfer(
    bmRequestType: number,
    bRequest: number,
    wValue: number,
    wIndex: number,
    dataOrLength: number | Uint8Array,
    callback: (error: LibusbError | undefined, buffer: Uint8Array | number | undefined) => void,
  ): unknown {
    const isIn = (bmRequestType & 0x80) !== 0;
    if (isIn ? typeof dataOrLength !== 'number' : !Buffer.isBuffer(dataOrLength)) {
      throw new TypeError(isIn ? 'Expected size number for IN transfer' : 'Expected buffer for OUT transfer');
    }
    this.log.push(`control ${bmRequestType.toString(16)} ${String(bRequest)}`);
    const type = (['standard', 'class', 'vendor'] as const)[(bmRequestType >> 5) & 3];
    const setup = { requestType: type, recipient: 'device' as const, request: bRequest, value: wValue, index: wIndex };
    const stall = libusbError(LIBUSB.STALL, 'LIBUSB_TRANSFER_STALL');
    if (isIn) {
      this.then(() => this.emulator.controlTransferIn(setup, dataOrLength as number)).then(
        (r) => {
          if (r.status !== 'ok' || r.data === undefined) return callback(stall, undefined);
          callback(undefined, Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength));
        },
        (e: unknown) => callback(toLibusb(e), undefined),
      );
    } else {
      this.then(() => this.emulator.controlTransferOut(setup, new Uint8Array(dataOrLength as Uint8Array))).then(
        (r) => (r.status === 'ok' ? callback(undefined, r.bytesWritten) : callback(stall, undefined)),
        (e: unknown) => callback(toLibusb(e), undefined),
      );
    }
    return this;
  }
}

/** Interface 0 of the fake device, with endpoint 0x82 and its libusb transfers. */
class FakeLibusbInterface implements LibusbInterfaceLike {
  constructor(
    private readonly device: FakeLibusbDevice,
    private readonly interfaceNumber: number,
  ) {}

  claim(): void {
    const { device, interfaceNumber } = this;
    device.log.push(`claim(${String(interfaceNumber)})`);
    if (!device.isOpen) throw libusbError(-5, 'LIBUSB_ERROR_NOT_FOUND');
    void device.then(() => device.emulator.claimInterface(interfaceNumber));
  }

  release(closeEndpoints: boolean, callback: (error?: LibusbError) => void): void {
    const { device, interfaceNumber } = this;
    device.log.push(`release(${String(closeEndpoints)})`);
    device.then(() => device.emulator.releaseInterface(interfaceNumber)).then(() => callback(), (e: unknown) => callback(toLibusb(e)));
  }

  setAltSetting(altSetting: number, callback: (error?: LibusbError) => void): void {
    const { device, interfaceNumber } = this;
    device.log.push(`setAltSetting(${String(altSetting)})`);
    device.then(() => device.emulator.selectAlternateInterface(interfaceNumber, altSetting)).then(
      () => callback(),
      (e: unknown) => callback(toLibusb(e)),
    );
  }

  endpoint(address: number): LibusbEndpointLike | undefined {
    if (address !== 0x82) return undefined;
    const device = this.device;
    return {
      makeTransfer(timeout, callback) {
        device.transferTimeouts.push(timeout);
        let active: Buffer | null = null;
        let cancelled = false;
        const complete = (error: LibusbError | undefined, actual: number): void => {
          const buffer = active as Buffer;
          active = null;
          callback(error, buffer, actual);
        };
        const transfer = {
          submit(buffer: Uint8Array) {
            if (!Buffer.isBuffer(buffer)) throw new TypeError('Buffer arg [0] must be Buffer');
            if (active !== null) throw new Error('Transfer is already active');
            if (!device.isOpen) throw new Error('Device is not open');
            active = buffer;
            cancelled = false;
            device.emulator.transferIn(2, buffer.length).then(
              (r) => {
                if (cancelled) return;
                if (r.status === 'stall') return complete(libusbError(LIBUSB.STALL, 'LIBUSB_TRANSFER_STALL'), 0);
                if (r.status === 'babble') return complete(libusbError(LIBUSB.OVERFLOW, 'LIBUSB_TRANSFER_OVERFLOW'), 0);
                const data = r.data as DataView;
                buffer.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
                complete(undefined, data.byteLength);
              },
              (e: unknown) => {
                if (!cancelled) complete(toLibusb(e), 0);
              },
            );
            return transfer;
          },
          cancel() {
            if (active === null) return false;
            cancelled = true;
            setImmediate(() => complete(libusbError(LIBUSB.CANCELLED, 'LIBUSB_TRANSFER_CANCELLED'), 0));
            return true;
          },
        };
        return transfer;
      },
    };
  }
}

/** A fake `usb` object: the device list and the detach event. */
export class FakeUsbModule implements LibusbModuleLike {
  readonly detachListeners = new Set<(device: LibusbDeviceLike) => void>();
  unrefs = 0;

  constructor(public devices: LibusbDeviceLike[]) {}

  getDeviceList(): LibusbDeviceLike[] {
    return [...this.devices];
  }

  on(_event: 'detach', listener: (device: LibusbDeviceLike) => void): void {
    this.detachListeners.add(listener);
  }

  removeListener(_event: 'detach', listener: (device: LibusbDeviceLike) => void): void {
    this.detachListeners.delete(listener);
  }

  unrefHotplugEvents(): void {
    this.unrefs += 1;
  }

  /** Unplugs `device`: the emulator goes away and `detach` fires. */
  detach(device: FakeLibusbDevice): void {
    this.devices = this.devices.filter((d) => d !== device);
    device.emulator.unplug();
    for (const listener of [...this.detachListeners]) listener(device);
  }
}
