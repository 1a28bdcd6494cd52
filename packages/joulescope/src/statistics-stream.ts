/**
 * The statistics of a Device as a subscribable stream: the first subscriber starts streaming,
 * the last one leaving stops it; an async iterator is a subscriber too. Every stop of the
 * stream ends every subscription (an iterator finishes, or throws when the stop was a fault).
 */
import { deviceError } from './_driver';
import type { DeviceStatistics } from './statistics-update';

/** Receives each statistics update. */
export type StatisticsListener = (update: DeviceStatistics) => void;
/** Ends a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/** Options of a statistics iterator. */
export interface StatisticsIteratorOptions {
  /**
   * Updates held for a reader that is slower than the device (default 1024). Beyond that the
   * iterator throws a `Js110Error` with code `stream` rather than drop updates silently.
   */
  highWaterMark?: number;
}

/**
 * `device.statistics`: call it with a listener to subscribe (returns the unsubscribe
 * function), call it with no argument (or iterate it with `for await`) for an async iterator.
 */
export interface StatisticsStream extends AsyncIterable<DeviceStatistics> {
  (listener: StatisticsListener): Unsubscribe;
  (): AsyncIterableIterator<DeviceStatistics>;
  /** Subscribes `listener`; the first subscriber starts streaming. */
  subscribe(listener: StatisticsListener): Unsubscribe;
  /** An async iterator of updates; it subscribes at its first `next()`. */
  iterator(options?: StatisticsIteratorOptions): AsyncIterableIterator<DeviceStatistics>;
  /** Subscribers now (listeners and iterators). */
  readonly subscriberCount: number;
}

/** What the stream asks of its device. */
export interface StatisticsHooks {
  /** The first subscriber arrived: start streaming unless it already runs. */
  first(): Promise<void>;
  /** The last subscriber left: stop streaming if the first subscriber started it. */
  last(): void;
  /** A listener threw, or starting failed for a listener subscriber. */
  error(error: unknown): void;
}

interface Subscriber {
  next(update: DeviceStatistics): void;
  end(error: unknown): void;
}

const DEFAULT_HIGH_WATER_MARK = 1024;

/** The subscribers of one Device and the fan-out of its updates. */
export class StatisticsHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly hooks: StatisticsHooks;

  constructor(hooks: StatisticsHooks) {
    this.hooks = hooks;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Sends an update to every subscriber; a throwing listener is reported, not propagated. */
  emit(update: DeviceStatistics): void {
    for (const s of this.subscribers) s.next(update);
  }

  /** Ends every subscription: the stream stopped (`error` null) or failed. */
  end(error: unknown): void {
    const all = [...this.subscribers];
    this.subscribers.clear();
    for (const s of all) s.end(error);
  }

  subscribe(listener: StatisticsListener): Unsubscribe {
    if (typeof listener !== 'function') throw new TypeError(`a statistics listener must be a function, got ${describe(listener)}`);
    const subscriber: Subscriber = {
      next: (update) => {
        try {
          listener(update);
        } catch (error) {
          this.hooks.error(error);
        }
      },
      end: () => undefined,
    };
    this.add(subscriber).catch((error: unknown) => this.hooks.error(error));
    return () => this.remove(subscriber);
  }

  iterator(options: StatisticsIteratorOptions = {}): AsyncIterableIterator<DeviceStatistics> {
    if (typeof options !== 'object' || options === null) throw new TypeError('statistics iterator options must be an object');
    const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    if (!Number.isInteger(highWaterMark) || highWaterMark < 1) {
      throw new RangeError(`highWaterMark must be an integer ≥ 1, got ${String(highWaterMark)}`);
    }
    const queue: DeviceStatistics[] = [];
    const readers: { resolve: (r: IteratorResult<DeviceStatistics>) => void; reject: (e: unknown) => void }[] = [];
    let started: Promise<void> | null = null;
    let ended = false;
    let failure: unknown = null;
    const done = (): IteratorResult<DeviceStatistics> => ({ value: undefined, done: true });
    const settleReaders = (): void => {
      while (readers.length > 0 && queue.length > 0) readers.shift()?.resolve({ value: queue.shift() as DeviceStatistics, done: false });
      if (!ended || queue.length > 0) return;
      for (const r of readers.splice(0)) {
        if (failure === null) {
          r.resolve(done());
        } else {
          // The failure is thrown once; later reads are plain ends.
          r.reject(failure);
          failure = null;
        }
      }
    };
    const subscriber: Subscriber = {
      next: (update) => {
        if (ended) return;
        queue.push(update);
        if (queue.length > highWaterMark) {
          this.remove(subscriber);
          subscriber.end(deviceError('stream', `the statistics iterator fell ${String(highWaterMark)} updates behind the device; read faster or raise highWaterMark`));
          return;
        }
        settleReaders();
      },
      end: (error) => {
        if (ended) return;
        ended = true;
        failure = error ?? null;
        settleReaders();
      },
    };
    const iterator: AsyncIterableIterator<DeviceStatistics> = {
      next: async () => {
        if (started === null) started = ended ? Promise.resolve() : this.add(subscriber);
        try {
          await started;
        } catch (error) {
          started = Promise.resolve();
          failure = null;
          throw error;
        }
        return new Promise<IteratorResult<DeviceStatistics>>((resolve, reject) => {
          readers.push({ resolve, reject });
          settleReaders();
        });
      },
      return: () => {
        queue.length = 0;
        failure = null;
        subscriber.end(null);
        this.remove(subscriber);
        return Promise.resolve(done());
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  private async add(subscriber: Subscriber): Promise<void> {
    this.subscribers.add(subscriber);
    if (this.subscribers.size !== 1) return;
    try {
      await this.hooks.first();
    } catch (error) {
      this.subscribers.delete(subscriber);
      subscriber.end(error);
      throw error;
    }
  }

  private remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size === 0) this.hooks.last();
  }
}

/** The callable `device.statistics` over a hub. */
export function statisticsStream(hub: StatisticsHub): StatisticsStream {
  function statistics(listener: StatisticsListener): Unsubscribe;
  function statistics(): AsyncIterableIterator<DeviceStatistics>;
  function statistics(...args: [StatisticsListener?]): Unsubscribe | AsyncIterableIterator<DeviceStatistics> {
    return args.length === 0 ? hub.iterator() : hub.subscribe(args[0] as StatisticsListener);
  }
  return Object.defineProperties(statistics, {
    subscribe: { value: (listener: StatisticsListener) => hub.subscribe(listener) },
    iterator: { value: (options?: StatisticsIteratorOptions) => hub.iterator(options) },
    subscriberCount: { get: () => hub.size },
    [Symbol.asyncIterator]: { value: () => hub.iterator() },
  }) as StatisticsStream;
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
