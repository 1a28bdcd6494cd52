import { withDeadline } from './_deadline';
import { errorText, isRemovalError } from './_usb-errors';
import { Js110DisconnectedError, Js110TimeoutError, Js110TransferError } from './errors';
import type { UsbControlSetup, UsbDeviceLike } from './usb-device';

/**
 * Control transfers on endpoint 0, one at a time in call order, each with the control
 * timeout (WebUSB has none of its own) (docs/protocol.md, "Control requests"). A transfer
 * that times out releases the queue; its late completion is ignored.
 */
export class ControlPipe {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly device: UsbDeviceLike,
    private readonly timeoutMs: number,
    /** Called with the error when a transfer shows that the device was removed. */
    private readonly onRemoval: (error: unknown) => void,
  ) {}

  /** A vendor IN request to the device; resolves with the bytes received. */
  in(request: number, value: number, index: number, length: number, what: string): Promise<Uint8Array> {
    return this.enqueue(what, async () => {
      const result = await this.device.controlTransferIn(setup(request, value, index), length);
      if (result.status !== 'ok') throw new Js110TransferError(`${what}: control IN request ${String(request)} ${result.status}`, result.status);
      const data = result.data;
      return data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(0);
    });
  }

  /** A vendor OUT request with an optional data stage. */
  out(request: number, value: number, index: number, data: Uint8Array | undefined, what: string): Promise<void> {
    return this.enqueue(what, async () => {
      const result = await this.device.controlTransferOut(setup(request, value, index), data);
      if (result.status !== 'ok') throw new Js110TransferError(`${what}: control OUT request ${String(request)} ${result.status}`, result.status);
    });
  }

  /** Any other operation on endpoint 0 (e.g. SET_INTERFACE), in the same queue. */
  run<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return this.enqueue(what, operation);
  }

  private enqueue<T>(what: string, transfer: () => Promise<T>): Promise<T> {
    const run = (): Promise<T> =>
      withDeadline(transfer, this.timeoutMs, () => new Js110TimeoutError(`${what}: no reply to the control transfer within ${String(this.timeoutMs)} ms`)).catch(
        (error: unknown) => {
          throw this.driverError(error, what);
        },
      );
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** The driver's error for a failed transfer; a removal also tells the driver. */
  private driverError(error: unknown, what: string): Error {
    if (error instanceof Js110TransferError || error instanceof Js110TimeoutError) return error;
    if (isRemovalError(error, this.device)) {
      this.onRemoval(error);
      return new Js110DisconnectedError(`${what}: the device was removed`, { cause: error });
    }
    return new Js110TransferError(`${what}: control transfer failed: ${errorText(error)}`, 'error', { cause: error });
  }
}

function setup(request: number, value: number, index: number): UsbControlSetup {
  return { requestType: 'vendor', recipient: 'device', request, value, index };
}
