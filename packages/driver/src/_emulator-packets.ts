import { PACKET_SIZE, SAMPLES_PER_PACKET } from '@joulescope/codec';
import type { SampleEncoder } from './_emulator-encoder';
import type { EmulatorSignal } from './emulator-signal';

const WORDS_PER_PACKET = PACKET_SIZE / 4;
/** Periods up to this many samples are encoded once and copied (16 MB of words at most). */
const MAX_CACHED_PERIOD = 1 << 22;
const CHUNK = 4096;

/**
 * Writes the emulated device's 512-byte packets (js110-facts §4.1): header with the 16-bit
 * index and voltage range, then 126 samples of the signal. A periodic signal is encoded once
 * per setting change and packets are copied from that period.
 */
export class PacketSource {
  private cache: Uint32Array | null = null;
  private cacheValid = false;
  private readonly current = new Float64Array(CHUNK);
  private readonly voltage = new Float64Array(CHUNK);
  private readonly gpi = new Uint8Array(CHUNK);
  private readonly words = new Uint32Array(SAMPLES_PER_PACKET);

  constructor(
    private readonly signal: EmulatorSignal,
    private readonly encoder: SampleEncoder,
  ) {
    const period = signal.period;
    if (!Number.isInteger(period) || period < 0 || (period & 1) !== 0) {
      throw new RangeError(`an emulator signal period must be 0 or a positive even integer, got ${String(period)}`);
    }
  }

  /** The encoding changed (settings): rebuild the cached period before the next packet. */
  invalidate(): void {
    this.cacheValid = false;
  }

  /**
   * Writes device packet `packet` (counted from the stream start) at word `at` of `out`:
   * index = packet & 0xFFFF, samples [packet × 126, +126).
   */
  write(out: Uint32Array, at: number, packet: number): void {
    const vRange = this.encoder.voltageRange;
    const frame = Math.floor((packet * SAMPLES_PER_PACKET) / 250) & 0x7ff; // 125 µs microframes
    out[at] = (1 | ((PACKET_SIZE | (vRange << 15)) << 16)) >>> 0;
    out[at + 1] = ((packet & 0xffff) | (frame << 16)) >>> 0;
    const start = packet * SAMPLES_PER_PACKET;
    const cache = this.cachedPeriod();
    if (cache !== null) {
      const period = cache.length;
      const phase = start % period;
      const first = Math.min(SAMPLES_PER_PACKET, period - phase);
      out.set(cache.subarray(phase, phase + first), at + 2);
      if (first < SAMPLES_PER_PACKET) out.set(cache.subarray(0, SAMPLES_PER_PACKET - first), at + 2 + first);
      return;
    }
    this.signal.fill(start, SAMPLES_PER_PACKET, this.current, this.voltage, this.gpi);
    this.encoder.encode(this.current, this.voltage, this.gpi, SAMPLES_PER_PACKET, this.words, 0, start & 1);
    out.set(this.words, at + 2);
  }

  private cachedPeriod(): Uint32Array | null {
    const period = this.signal.period;
    if (period === 0 || period > MAX_CACHED_PERIOD) return null;
    if (this.cacheValid && this.cache !== null) return this.cache;
    // A whole number of periods, long enough that a packet wraps at most once.
    const length = period >= SAMPLES_PER_PACKET ? period : period * Math.ceil(SAMPLES_PER_PACKET / period);
    const cache = this.cache ?? new Uint32Array(length);
    for (let k = 0; k < length; k += CHUNK) {
      const n = Math.min(CHUNK, length - k);
      this.signal.fill(k, n, this.current, this.voltage, this.gpi);
      this.encoder.encode(this.current, this.voltage, this.gpi, n, cache, k, k & 1);
    }
    this.cache = cache;
    this.cacheValid = true;
    return cache;
  }
}

export { WORDS_PER_PACKET };
