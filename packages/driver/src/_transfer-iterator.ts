import { Js110StreamError } from './errors';
import { DeviceEvent, type StopEvent, type StreamConsumer } from './stream-events';

/** What the iterator needs of the driver: start with a consumer, stop. */
export interface TransferSource {
  start(options: { data: StreamConsumer; onStop: (event: StopEvent) => void }): Promise<void>;
  stop(): Promise<StopEvent | null>;
}

interface Reader {
  resolve: (result: IteratorResult<Uint8Array>) => void;
  reject: (error: unknown) => void;
}

const DONE: IteratorResult<Uint8Array> = Object.freeze({ value: undefined, done: true });

/**
 * The bulk transfers of one stream as an async iterator (docs/protocol.md, "Streaming"):
 * streaming starts with the first `next()`, `return()` (a `break`) stops it, and a stop on an
 * error rejects one `next()` with a `Js110StreamError` after the last data. Concurrent
 * `next()` calls are queued and served in order. A reader slower than the device pauses
 * delivery once `highWaterMark` chunks wait.
 */
export function transferIterator(source: TransferSource, highWaterMark: number): AsyncIterableIterator<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const readers: Reader[] = [];
  let resume: (() => void) | null = null;
  let started: Promise<void> | null = null;
  let stopEvent: StopEvent | null = null;
  let failure: unknown = null;
  let finished = false;

  const release = (): void => {
    if (resume === null) return;
    const r = resume;
    resume = null;
    r();
  };

  /** Serves waiting readers: chunks first, then the end (one error at most, then done). */
  const serve = (): void => {
    while (readers.length > 0) {
      const chunk = chunks.shift();
      if (chunk !== undefined) {
        (readers.shift() as Reader).resolve({ value: chunk, done: false });
        if (chunks.length < highWaterMark) release();
        continue;
      }
      if (!finished && stopEvent === null && failure === null) return;
      finished = true;
      const reader = readers.shift() as Reader;
      const error = failure ?? streamError(stopEvent);
      failure = null;
      stopEvent = null;
      if (error !== null) reader.reject(error);
      else reader.resolve(DONE);
    }
  };

  const data: StreamConsumer = (chunk) => {
    if (finished) return true;
    chunks.push(chunk);
    serve();
    if (chunks.length < highWaterMark) return undefined;
    return new Promise<void>((resolve) => {
      resume = resolve;
    });
  };

  const onStop = (event: StopEvent): void => {
    stopEvent = event;
    serve();
  };

  const iterator: AsyncIterableIterator<Uint8Array> = {
    next(): Promise<IteratorResult<Uint8Array>> {
      if (finished && chunks.length === 0 && failure === null && stopEvent === null) return Promise.resolve(DONE);
      if (started === null) {
        started = source.start({ data, onStop });
        started.then(serve, (error: unknown) => {
          failure = error;
          serve();
        });
      }
      return new Promise<IteratorResult<Uint8Array>>((resolve, reject) => {
        readers.push({ resolve, reject });
        serve();
      });
    },
    async return(): Promise<IteratorResult<Uint8Array>> {
      const wasRunning = started !== null && !finished && stopEvent === null;
      finished = true;
      chunks.length = 0;
      failure = null;
      release();
      for (const reader of readers.splice(0)) reader.resolve(DONE);
      if (wasRunning && started !== null) {
        await started.catch(() => undefined);
        await source.stop();
      }
      stopEvent = null;
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** The error a stop event means for the reader, or null for a normal end. */
function streamError(event: StopEvent | null): Js110StreamError | null {
  if (event === null) return null;
  if (event.code !== DeviceEvent.COMMUNICATION_ERROR && event.code !== DeviceEvent.ENDPOINT_CALLBACK_EXCEPTION) return null;
  return new Js110StreamError(`streaming stopped: ${event.message}`, event.code, event.disconnected, { cause: event.error });
}
