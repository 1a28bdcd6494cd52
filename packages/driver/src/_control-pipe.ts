import { Js110DisconnectedError, Js110TimeoutError, Js110TransferError } from './errors';
import { isDisconnectError, type UsbControlSetup, type UsbDeviceLike } from './usb-device';

/**
 * Control transfers on endpoint 0, one at a time in call order (js110-facts §1.3), each with
 * the §1.5 timeout (WebUSB has none of its own). A transfer that times out releases the queue;
 * its late completion is ignored.
 */
export class ControlPipe {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly device: UsbDeviceLike,
    private readonly timeoutMs: number,
    /** Called with the error when a transfer shows the device was removed. */
    private readonly onDisconnect: (error: unknown) => void,
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
    const run = (): Promise<T> => this.withTimeout(what, transfer);
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private withTimeout<T>(what: string, transfer: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Js110TimeoutError(`${what}: no reply to the control transfer within ${String(this.timeoutMs)} ms`));
      }, this.timeoutMs);
      transfer().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (error instanceof Js110TransferError) {
            reject(error);
          } else if (isDisconnectError(error)) {
            this.onDisconnect(error);
            reject(new Js110DisconnectedError(`${what}: the device was removed`, { cause: error }));
          } else {
            const message = error instanceof Error ? error.message : String(error);
            reject(new Js110TransferError(`${what}: control transfer failed: ${message}`, 'error', { cause: error }));
          }
        },
      );
    });
  }
}

function setup(request: number, value: number, index: number): UsbControlSetup {
  return { requestType: 'vendor', recipient: 'device', request, value, index };
}
