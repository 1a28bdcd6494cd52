/**
 * Every touch point with `@joulescope/stream-buffer`: which buffer a sampling frequency needs
 * and how samples are copied out of it.
 */
import { DOWNSAMPLING_OUTPUT_FREQUENCIES, DownsamplingStreamBuffer, StreamBuffer } from '@joulescope/stream-buffer';
import type { SampleBuffer, SamplesInto } from '@joulescope/stream-buffer';
import type { SampleChunk } from './sample-chunk';

export type { SampleBuffer, SampleField, SamplesResult, StatisticsUpdate, StreamBufferStatus } from '@joulescope/stream-buffer';

/** The JS110's sampling frequency: the input of every buffer. */
export const DEVICE_SAMPLING_FREQUENCY = 2_000_000;

/** The rates a buffer can sample at, highest first: 2 MHz, then the downsampled ones. */
export const SAMPLING_FREQUENCIES: readonly number[] = Object.freeze(
  [DEVICE_SAMPLING_FREQUENCY, ...DOWNSAMPLING_OUTPUT_FREQUENCIES].sort((a, b) => b - a),
);

/** Throws a RangeError unless a buffer can sample at `samplingFrequency`. */
export function checkSamplingFrequency(samplingFrequency: number): void {
  if (SAMPLING_FREQUENCIES.includes(samplingFrequency)) return;
  throw new RangeError(`sampling_frequency must be one of ${SAMPLING_FREQUENCIES.join(', ')} Hz, got ${String(samplingFrequency)}`);
}

/**
 * A buffer of `duration` seconds at `samplingFrequency`: the full-rate StreamBuffer at 2 MHz,
 * the DownsamplingStreamBuffer below.
 */
export function createBuffer(duration: number, reductions: readonly number[], samplingFrequency: number): SampleBuffer {
  checkSamplingFrequency(samplingFrequency);
  if (samplingFrequency === DEVICE_SAMPLING_FREQUENCY) return new StreamBuffer(duration, reductions, DEVICE_SAMPLING_FREQUENCY);
  return new DownsamplingStreamBuffer(duration, reductions, DEVICE_SAMPLING_FREQUENCY, samplingFrequency);
}

/** Calibrated samples of `[start, stop)` copied into `out` at `offset`; returns how many. */
export function readSamples(buffer: SampleBuffer, start: number, stop: number, out: SamplesInto, offset = 0): number {
  return buffer.samplesInto(start, stop, out, offset);
}

/**
 * The samples of `[start, stop)` (all held) as a capture chunk: calibrated values, then the
 * bits byte at 2 MHz or the averaged bit fields of a downsampled buffer, and the raw words
 * when asked.
 */
export function readChunk(buffer: SampleBuffer, start: number, stop: number, raw: boolean): SampleChunk {
  const n = stop - start;
  const current = new Float32Array(n);
  const voltage = new Float32Array(n);
  const power = new Float32Array(n);
  if (buffer.hasRaw) {
    const bits = new Uint8Array(n);
    buffer.samplesInto(start, stop, { current, voltage, power, bits });
    const chunk: SampleChunk = { start, length: n, current, voltage, power, bits, averaged: null };
    return raw ? { ...chunk, raw: buffer.samplesGet(start, stop, 'raw') } : chunk;
  }
  buffer.samplesInto(start, stop, { current, voltage, power });
  // The downsampled ring stores mean range × 16 and mean LSB × 255 as bytes.
  const { signals } = buffer.samplesGet(start, stop, ['current_range', 'current_lsb', 'voltage_lsb']);
  const scaled = (values: Uint8Array, scale: number): Float32Array => Float32Array.from(values, (v) => v / scale);
  return {
    start,
    length: n,
    current,
    voltage,
    power,
    bits: null,
    averaged: {
      currentRange: scaled(signals.current_range.value, 16),
      currentLsb: scaled(signals.current_lsb.value, 255),
      voltageLsb: scaled(signals.voltage_lsb.value, 255),
    },
  };
}
