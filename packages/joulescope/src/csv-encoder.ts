/**
 * Samples as CSV text: `time,current,voltage,power,current_range,current_lsb,voltage_lsb`,
 * one row per sample (downsampled: the averaged bit fields), formatted straight into bytes
 * (no strings per value), so a capture keeps up with 2 MS/s.
 */
import { DecimalCounter, Float32Text, writeFixed, writeG9, writeUint } from './_number-text';
import type { SampleChunk } from './sample-chunk';

/** Bytes per row at most: time, three %.9g values, three small integers, separators. */
const MAX_ROW = 24 + 6 * 16 + 8;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** Formats sample chunks as CSV rows; reuses one output buffer. */
export class CsvEncoder {
  private buffer = new Uint8Array(0);
  private readonly currentText = new Float32Text();
  private readonly voltageText = new Float32Text();
  private readonly powerText = new Float32Text();
  private readonly time: DecimalCounter;
  private readonly decimals: number;
  private readonly ticksPerSample: number;
  private readonly ticksPerSecond: number;
  private readonly samplingFrequency: number;
  private readonly units: { current: string; voltage: string; power: string };

  /**
   * @param samplingFrequency samples per second (time = sample id / samplingFrequency)
   * @param calibrated false labels the columns as raw ADC codes
   */
  constructor(samplingFrequency: number, calibrated: boolean) {
    if (typeof samplingFrequency !== 'number' || !Number.isFinite(samplingFrequency) || samplingFrequency <= 0) {
      throw new RangeError(`samplingFrequency must be a positive number of Hz, got ${String(samplingFrequency)}`);
    }
    this.samplingFrequency = samplingFrequency;
    // Time as an integer count of 10^-decimals s when 1 / fs has a short decimal expansion
    // (every JS110 rate: 1, 2 or 5 times a power of ten); else 9 decimals, rounded.
    let decimals = 0;
    while (decimals < 9 && (10 ** decimals / samplingFrequency) % 1 !== 0) decimals++;
    this.decimals = decimals;
    this.ticksPerSecond = 10 ** decimals;
    this.ticksPerSample = this.ticksPerSecond / samplingFrequency;
    this.time = new DecimalCounter(decimals);
    this.units = calibrated ? { current: 'A', voltage: 'V', power: 'W' } : { current: 'LSB', voltage: 'LSB', power: 'LSB²' };
  }

  /** The header row, with units. */
  header(): Uint8Array {
    const u = this.units;
    return new TextEncoder().encode(
      `time (s),current (${u.current}),voltage (${u.voltage}),power (${u.power}),current_range,current_lsb,voltage_lsb\n`,
    );
  }

  /**
   * The rows of `chunk`. The returned bytes are a view of the encoder's buffer: write or copy
   * them before the next call.
   */
  encode(chunk: SampleChunk): Uint8Array {
    const n = chunk.length;
    if (this.buffer.length < n * MAX_ROW) this.buffer = new Uint8Array(n * MAX_ROW);
    const out = this.buffer;
    const { current, voltage, power, bits, averaged } = chunk;
    const currentBits = new Uint32Array(current.buffer, current.byteOffset, n);
    const voltageBits = new Uint32Array(voltage.buffer, voltage.byteOffset, n);
    const powerBits = new Uint32Array(power.buffer, power.byteOffset, n);
    const exact = Number.isInteger(this.ticksPerSample);
    const time = this.time;
    const step = this.ticksPerSample;
    if (exact) time.set(chunk.start * step);
    let pos = 0;
    for (let k = 0; k < n; k++) {
      if (exact) {
        pos = time.write(out, pos);
        time.add(step);
      } else {
        pos = writeFixed(out, pos, Math.round(((chunk.start + k) / this.samplingFrequency) * this.ticksPerSecond), this.decimals, this.ticksPerSecond);
      }
      out[pos++] = COMMA;
      pos = this.currentText.write(out, pos, currentBits[k], current[k]);
      out[pos++] = COMMA;
      pos = this.voltageText.write(out, pos, voltageBits[k], voltage[k]);
      out[pos++] = COMMA;
      pos = this.powerText.write(out, pos, powerBits[k], power[k]);
      out[pos++] = COMMA;
      if (bits !== null) {
        const b = bits[k];
        pos = writeUint(out, pos, b & 0x0f);
        out[pos++] = COMMA;
        out[pos++] = 0x30 + ((b >> 4) & 1);
        out[pos++] = COMMA;
        out[pos++] = 0x30 + ((b >> 5) & 1);
      } else if (averaged !== null) {
        pos = writeG9(out, pos, averaged.currentRange[k]);
        out[pos++] = COMMA;
        pos = writeG9(out, pos, averaged.currentLsb[k]);
        out[pos++] = COMMA;
        pos = writeG9(out, pos, averaged.voltageLsb[k]);
      } else {
        out[pos++] = COMMA;
        out[pos++] = COMMA;
      }
      out[pos++] = NEWLINE;
    }
    return out.subarray(0, pos);
  }
}
