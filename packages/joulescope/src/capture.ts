/**
 * Capture: stream a Device and hand every processed sample, in order and exactly once, to a
 * writer (CSV, raw words, JLS or your own), with a summary of what was written.
 */
import { deviceError } from './_driver';
import { readChunk } from './_stream-buffer';
import type { SampleChunk } from './sample-chunk';
import type { Device, DeviceStop } from './device';

/** Where a capture's samples go. */
export interface CaptureWriter {
  /** True when chunks must carry the raw words (`chunk.raw`); needs the 2 MHz buffer. */
  readonly needsRaw?: boolean;
  /**
   * Writes one chunk. The chunk's arrays are the writer's to keep. A returned promise is
   * awaited before the next chunk is written.
   */
  write(chunk: SampleChunk): void | Promise<void>;
  /** Finishes the output; called once, also after an early stop or a failure. */
  close(): void | Promise<void>;
}

/** What `capture` does. */
export interface CaptureOptions {
  /** Seconds to capture (rounded to the nearest sample); without it, until `signal` aborts. */
  duration?: number;
  /** Where the samples go: `csvWriter`, `rawWriter`, `jlsWriter` or your own. */
  writer: CaptureWriter;
  /** Stops the capture early; what was captured is kept and the writer closed. */
  signal?: AbortSignal;
  /** Called after each written block: samples so far and the total (null without a duration). */
  onProgress?: (samples: number, total: number | null) => void;
}

/** What a capture wrote. */
export interface CaptureSummary {
  /** Samples written (rows of a CSV file). */
  readonly samples: number;
  /** Of those, samples that never arrived (written as NaN). */
  readonly missing: number;
  /** Samples per second of what was written. */
  readonly samplingFrequency: number;
  /** False when the values are raw ADC codes (no usable calibration). */
  readonly calibrated: boolean;
  /** Mean current over the samples that arrived (A). */
  readonly meanCurrent: number;
  /** Mean power over the samples that arrived (W). */
  readonly meanPower: number;
  /** Charge (C): the sum of current times the sample period. */
  readonly charge: number;
  /** Energy (J): the sum of power times the sample period. */
  readonly energy: number;
  /** How the stream ended (`duration` for a complete capture, `host` when stopped early). */
  readonly stop: DeviceStop;
}

/** Samples per chunk handed to the writer. */
const CHUNK_SAMPLES = 65_536;
/** Chunks a slow asynchronous writer may hold back before the capture gives up. */
const MAX_PENDING_CHUNKS = 256;

/**
 * Streams `device` (which must be open and not streaming) and writes `[0, duration)` of the
 * stream, every sample once, in order. Resolves with the summary when the writer is closed.
 */
export async function capture(device: Device, options: CaptureOptions): Promise<CaptureSummary> {
  if (typeof options !== 'object' || options === null) throw new TypeError('capture() takes { writer, duration?, signal?, onProgress? }');
  const { writer, signal, onProgress } = options;
  if (typeof writer !== 'object' || writer === null || typeof writer.write !== 'function' || typeof writer.close !== 'function') {
    throw new TypeError('capture() needs a writer with write(chunk) and close()');
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError('onProgress must be a function');
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  const buffer = device.streamBuffer;
  const fs = buffer.outputSamplingFrequency;
  if (writer.needsRaw === true && !buffer.hasRaw) {
    throw new RangeError(`raw words exist only at 2 MHz; this buffer samples at ${String(fs)} Hz`);
  }
  if (options.duration !== undefined && (typeof options.duration !== 'number' || !(options.duration > 0) || !Number.isFinite(options.duration))) {
    throw new RangeError(`duration must be a positive number of seconds, got ${String(options.duration)}`);
  }
  const total = options.duration === undefined ? null : Math.round(options.duration * fs);

  const sums = { finite: 0, missing: 0, current: 0, power: 0 };
  let written = 0;
  let pending = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const fail = (error: unknown): void => {
    if (failure !== null) return;
    failure = error;
    device.stop().catch(() => undefined);
  };
  const enqueue = (chunk: SampleChunk): void => {
    if (failure !== null) return;
    if (pending === 0) {
      let result: void | Promise<void>;
      try {
        result = writer.write(chunk);
      } catch (error) {
        fail(error);
        return;
      }
      if (result === undefined) return;
      pending++;
      chain = result.then(() => void pending--, fail);
      return;
    }
    if (pending >= MAX_PENDING_CHUNKS) {
      fail(deviceError('stream', `the capture output fell ${String(MAX_PENDING_CHUNKS)} blocks behind the device; write to a faster destination`));
      return;
    }
    pending++;
    chain = chain.then(() => writer.write(chunk)).then(() => void pending--, fail);
  };

  const offSamples = device.on('samples', ({ buffer: b, start, stop }) => {
    const end = total === null ? stop : Math.min(stop, total);
    for (let s = Math.max(start, written); s < end; s += CHUNK_SAMPLES) {
      const e = Math.min(end, s + CHUNK_SAMPLES);
      const chunk = readChunk(b, s, e, writer.needsRaw === true);
      summarize(chunk, sums);
      enqueue(chunk);
      written = e;
    }
    onProgress?.(written, total);
  });
  const stopped = new Promise<DeviceStop>((resolve) => {
    const off = device.on('stop', (stop) => {
      off();
      resolve(stop);
    });
  });
  const onAbort = (): void => {
    device.stop().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let stop: DeviceStop;
  try {
    if (signal?.aborted !== true) {
      await device.start(total === null ? {} : { duration: options.duration });
      stop = await stopped;
    } else {
      stop = { reason: 'host', message: 'aborted before it started', samples: 0, loss: { missing: 0, skips: 0, sync: 0 } };
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    offSamples();
    await chain;
    await writer.close();
  }
  if (failure !== null) throw failure instanceof Error ? failure : new Error(`the capture writer failed: ${describe(failure)}`);
  const period = 1 / fs;
  return {
    samples: written,
    missing: sums.missing,
    samplingFrequency: fs,
    calibrated: device.calibration.applied,
    meanCurrent: sums.finite === 0 ? NaN : sums.current / sums.finite,
    meanPower: sums.finite === 0 ? NaN : sums.power / sums.finite,
    charge: sums.current * period,
    energy: sums.power * period,
    stop,
  };
}

/** Adds a chunk to the summary: finite samples, missing ones, sums of current and power. */
function summarize(chunk: SampleChunk, sums: { finite: number; missing: number; current: number; power: number }): void {
  const { current, power, bits, length } = chunk;
  // A missing sample is range 8 at 2 MHz; downsampled, a NaN current.
  let finite = 0;
  let missing = 0;
  let sumI = 0;
  let sumP = 0;
  for (let k = 0; k < length; k++) {
    const i = current[k];
    const p = power[k];
    if (i === i && p === p) {
      finite++;
      sumI += i;
      sumP += p;
    }
    if (bits === null ? i !== i : (bits[k] & 0x0f) === 8) missing++;
  }
  sums.finite += finite;
  sums.missing += missing;
  sums.current += sumI;
  sums.power += sumP;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? typeof value;
}
