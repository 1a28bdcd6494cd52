import { now } from './_timers';
import { errorText, isAbortError, isRemovalError } from './_usb-errors';
import { DeviceEvent, type DeviceEventCode, type StopEvent, type StreamConsumer } from './stream-events';
import type { UsbDeviceLike, UsbInResult } from './usb-device';

/** How a bulk stream ended: the stop event the driver reports. */
export type BulkStreamEnd = StopEvent;

export interface BulkStreamOptions {
  device: UsbDeviceLike;
  endpoint: number;
  /** Bytes per transfer. */
  transferSize: number;
  /** Transfers kept queued. */
  outstanding: number;
  /** A transfer pending longer than this is reported (and kept queued). */
  timeoutMs: number;
  consumer: StreamConsumer;
  /** Aborts every pending transfer (WebUSB: select the alternate setting again). */
  abort: () => Promise<void>;
  onTimeout: (pendingMs: number) => void;
}

interface Slot {
  settled: boolean;
  result: UsbInResult | null;
  error: unknown;
}

const RUNNING = 1;
const STOPPING = 2;
const DONE = 3;

/**
 * The bulk streaming state machine (docs/protocol.md, "Streaming") over WebUSB: keeps `outstanding` transfers
 * queued on the endpoint, hands each completed one to the consumer in submission order and
 * resubmits. A stop (host, consumer, fault) stops resubmitting, aborts what is pending and
 * ends once no transfer is pending. Data that completes after a host stop is still delivered;
 * after a consumer stop or a fault it is not (the reference's STOPPING state).
 */
export class BulkStream {
  private state = RUNNING;
  private readonly queue: Slot[] = [];
  private draining = false;
  private headSince = 0;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private abandonTimer: ReturnType<typeof setTimeout> | null = null;
  private deliverWhileStopping = false;
  private end: Omit<BulkStreamEnd, 'bytes' | 'transfers' | 'timeouts'> | null = null;
  private bytes = 0;
  private transfers = 0;
  private timeouts = 0;
  private resolveEnded!: (end: BulkStreamEnd) => void;
  private resolveStopSignal!: () => void;
  /** Resolves when a stop is requested: a consumer's pause must not hold the stop up. */
  private readonly stopSignal: Promise<void>;
  /** Resolves once, when the stream has ended and no transfer is pending. */
  readonly ended: Promise<BulkStreamEnd>;

  constructor(private readonly options: BulkStreamOptions) {
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
    this.stopSignal = new Promise((resolve) => {
      this.resolveStopSignal = resolve;
    });
    this.headSince = now();
    for (let i = 0; i < options.outstanding; i++) this.submit();
    const period = Math.max(1, Math.floor(options.timeoutMs / 4));
    this.watchdog = setInterval(() => this.checkTimeout(), period);
  }

  get running(): boolean {
    return this.state === RUNNING;
  }

  /**
   * Requests the stop; the first request wins. `deliverPending` keeps delivering transfers
   * that complete while stopping (a host stop); faults and consumer stops do not.
   */
  stop(code: DeviceEventCode, message: string, options: { error?: unknown; disconnected?: boolean; deliverPending?: boolean } = {}): void {
    if (this.state !== RUNNING) return;
    this.state = STOPPING;
    this.deliverWhileStopping = options.deliverPending ?? false;
    this.end = { code, message, disconnected: options.disconnected ?? false };
    if (options.error !== undefined) this.end.error = options.error;
    this.resolveStopSignal();
    this.stopWatchdog();
    if (this.queue.length > 0) {
      // WebUSB cannot cancel one transfer: selecting the interface setting aborts them all.
      this.options.abort().catch(() => undefined);
      // Transfers that neither complete nor abort (a device gone silent) are given up on.
      this.abandonTimer = setTimeout(() => this.abandon(), this.options.timeoutMs);
    }
    this.maybeFinish();
  }

  private abandon(): void {
    this.abandonTimer = null;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (!this.queue[i].settled) this.queue.splice(i, 1);
    }
    if (!this.draining) void this.drain();
  }

  private submit(): void {
    const slot: Slot = { settled: false, result: null, error: undefined };
    this.queue.push(slot);
    let pending: Promise<UsbInResult>;
    try {
      const returned: unknown = this.options.device.transferIn(this.options.endpoint, this.options.transferSize);
      pending = isThenable(returned)
        ? Promise.resolve(returned as Promise<UsbInResult>)
        : Promise.reject(new TypeError(`transferIn() must return a promise, it returned ${typeof returned}`));
    } catch (error) {
      pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    pending.then(
      (result) => {
        slot.result = result;
        this.settle(slot);
      },
      (error: unknown) => {
        slot.error = error;
        this.settle(slot);
      },
    );
  }

  private settle(slot: Slot): void {
    slot.settled = true;
    if (!this.draining) void this.drain();
  }

  /** Delivers settled transfers from the head of the queue, in order, and resubmits. */
  private async drain(): Promise<void> {
    this.draining = true;
    const queue = this.queue;
    while (queue.length > 0 && queue[0].settled) {
      const slot = queue.shift() as Slot;
      const pause = this.handle(slot);
      if (pause !== null) await Promise.race([pause, this.stopSignal]);
      // The next transfer's wait starts now: time spent in the consumer is not the device's.
      this.headSince = now();
      if (this.state === RUNNING && queue.length < this.options.outstanding) this.submit();
    }
    this.draining = false;
    this.maybeFinish();
  }

  /** Handles one completed transfer; returns a promise when the consumer asked to wait. */
  private handle(slot: Slot): Promise<void> | null {
    const deliver = this.state === RUNNING || (this.state === STOPPING && this.deliverWhileStopping);
    const device = this.options.device;
    if (slot.result === null) {
      const error = slot.error;
      if (this.state === RUNNING) {
        const disconnected = isRemovalError(error, device);
        const text = errorText(error);
        this.stop(
          DeviceEvent.COMMUNICATION_ERROR,
          disconnected ? `device removed while streaming: ${text}` : `bulk transfer failed: ${text}`,
          { error, disconnected },
        );
      } else if (!isAbortError(error) && this.end !== null && isRemovalError(error, device)) {
        this.end.disconnected = true;
      }
      return null;
    }
    const result = slot.result;
    if (typeof result !== 'object' || result === null || result.status !== 'ok') {
      if (this.state === RUNNING) {
        const status = typeof result === 'object' && result !== null ? String(result.status) : `a non-result (${String(result)})`;
        this.stop(DeviceEvent.COMMUNICATION_ERROR, `bulk transfer on endpoint ${String(this.options.endpoint)} ended with ${status}`);
      }
      return null;
    }
    const view = result.data;
    if (!deliver || !(view instanceof DataView) || view.byteLength === 0) return null;
    const data = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    this.bytes += data.length;
    this.transfers += 1;
    let reply: ReturnType<StreamConsumer>;
    try {
      reply = this.options.consumer(data);
    } catch (error) {
      this.consumerFailed(error);
      return null;
    }
    if (reply === true) {
      this.stop(DeviceEvent.ENDPOINT_CALLBACK_STOP, 'stopped by the consumer');
      return null;
    }
    if (reply instanceof Promise) {
      return reply.then(
        (value) => {
          if (value === true) this.stop(DeviceEvent.ENDPOINT_CALLBACK_STOP, 'stopped by the consumer');
        },
        (error: unknown) => this.consumerFailed(error),
      );
    }
    return null;
  }

  private consumerFailed(error: unknown): void {
    this.stop(DeviceEvent.ENDPOINT_CALLBACK_EXCEPTION, `the consumer threw: ${errorText(error)}`, { error });
  }

  /** A bulk timeout is the device's: the head transfer still pending while the consumer is idle. */
  private checkTimeout(): void {
    if (this.state !== RUNNING || this.draining || this.queue.length === 0 || this.queue[0].settled) return;
    const waited = now() - this.headSince;
    if (waited >= this.options.timeoutMs) {
      // The reference logs a timed-out transfer and resubmits it; in WebUSB it simply stays queued.
      this.timeouts += 1;
      this.headSince = now();
      this.options.onTimeout(waited);
    }
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) {
      clearInterval(this.watchdog);
      this.watchdog = null;
    }
  }

  private maybeFinish(): void {
    if (this.state !== STOPPING || this.draining || this.queue.length > 0 || this.end === null) return;
    this.state = DONE;
    if (this.abandonTimer !== null) clearTimeout(this.abandonTimer);
    this.resolveEnded({ ...this.end, bytes: this.bytes, transfers: this.transfers, timeouts: this.timeouts });
  }
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
