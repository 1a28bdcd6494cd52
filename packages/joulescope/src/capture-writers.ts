/** Capture writers for byte outputs: CSV text and raw 16-bit words. */
import type { CaptureWriter } from './capture';
import { CsvEncoder } from './csv-encoder';

/**
 * A destination for bytes: a file, a stream. The bytes passed to `write` are valid only
 * during the call (the writers reuse their buffers): a sink that keeps them must copy.
 */
export interface ByteOutput {
  /** Takes the next bytes; a returned promise is awaited before more are written. */
  write(bytes: Uint8Array): void | Promise<void>;
  /** Called once after the last bytes. */
  close(): void | Promise<void>;
}

/**
 * CSV: a header row (`time (s),current (A),voltage (V),power (W),current_range,current_lsb,
 * voltage_lsb`), then one row per sample; values with 9 significant digits (exact float32).
 */
export function csvWriter(output: ByteOutput, options: { samplingFrequency: number; calibrated: boolean }): CaptureWriter {
  const encoder = new CsvEncoder(options.samplingFrequency, options.calibrated);
  let started = false;
  return {
    write(chunk) {
      if (!started) {
        started = true;
        const header = output.write(encoder.header());
        if (header !== undefined) return header.then(() => output.write(encoder.encode(chunk)));
      }
      return output.write(encoder.encode(chunk));
    },
    close() {
      if (started) return output.close();
      started = true;
      const header = output.write(encoder.header());
      return header === undefined ? output.close() : header.then(() => output.close());
    },
  };
}

/**
 * Raw: the JS110's 16-bit words as they arrived, little-endian, current then voltage for
 * each sample (4 bytes per sample; a missing sample is 0xFFFF 0xFFFF). 2 MHz only.
 */
export function rawWriter(output: ByteOutput): CaptureWriter {
  return {
    needsRaw: true,
    write(chunk) {
      const raw = chunk.raw;
      if (raw === undefined) throw new TypeError('the raw writer needs chunks with raw words');
      return output.write(littleEndianBytes(raw));
    },
    close() {
      return output.close();
    },
  };
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function littleEndianBytes(words: Uint16Array): Uint8Array {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const out = new Uint8Array(words.byteLength);
  const view = new DataView(out.buffer);
  for (let k = 0; k < words.length; k++) view.setUint16(2 * k, words[k], true);
  return out;
}
