import { PACKET_HEADER_SIZE, SAMPLES_PER_PACKET, writePacketHeader } from '@joulescope/codec';
import type { SampleEncoder } from './_emulator-encoder';
import type { EmulatorSignal } from './emulator-signal';

/** Periods up to this many samples are encoded once and copied (16 MB of words at most). */
const MAX_CACHED_PERIOD = 1 << 22;
const CHUNK = 4096;
/** Packet indexes: 16 bits. */
const INDEXES = 1 << 16;
const WORDS_PER_HEADER = PACKET_HEADER_SIZE / 4;

/**
 * Writes the emulated device's 512-byte packets (docs/protocol.md, "Streaming"): the header
 * with the 16-bit index and the voltage range, then 126 samples of the signal. Headers are
 * copied from a table that the codec's `writePacketHeader` filled once per voltage range (the
 * emulator leaves the USB microframe field 0: the host ignores it), so the hot path checks
 * and allocates nothing per packet (`writePacket` checks its arguments and makes two views
 * per call, at 2 to 3 million packets a second). A periodic signal is encoded once per setting
 * change and packets are copied from that period.
 */
export class PacketSource {
  private cache: Uint32Array | null = null;
  private cacheValid = false;
  private readonly current = new Float64Array(CHUNK);
  private readonly voltage = new Float64Array(CHUNK);
  private readonly gpi = new Uint8Array(CHUNK);
  /** The header of every packet index, as u32 words, for each voltage range (made on first use). */
  private readonly headers: (Uint32Array | null)[] = [null, null];

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
   * Writes device packet `packet` (counted from the stream start) at byte `offset` (a
   * multiple of 4) of the transfer whose u32 view is `words`: index = packet & 0xFFFF, samples
   * [packet × 126, +126).
   */
  write(words: Uint32Array, offset: number, packet: number): void {
    const at = offset >> 2;
    const headers = this.headerTable(this.encoder.voltageRange);
    const h = (packet & 0xffff) * WORDS_PER_HEADER;
    words[at] = headers[h];
    words[at + 1] = headers[h + 1];
    const start = packet * SAMPLES_PER_PACKET;
    const first = at + WORDS_PER_HEADER;
    const cache = this.cachedPeriod();
    if (cache === null) {
      this.signal.fill(start, SAMPLES_PER_PACKET, this.current, this.voltage, this.gpi);
      this.encoder.encode(this.current, this.voltage, this.gpi, SAMPLES_PER_PACKET, words, first, start & 1);
      return;
    }
    const phase = start % cache.length;
    const n = Math.min(SAMPLES_PER_PACKET, cache.length - phase);
    words.set(cache.subarray(phase, phase + n), first);
    if (n < SAMPLES_PER_PACKET) words.set(cache.subarray(0, SAMPLES_PER_PACKET - n), first + n);
  }

  private headerTable(voltageRange: number): Uint32Array {
    const existing = this.headers[voltageRange];
    if (existing !== null) return existing;
    const table = new Uint32Array(INDEXES * WORDS_PER_HEADER);
    const bytes = new Uint8Array(table.buffer);
    for (let index = 0; index < INDEXES; index++) writePacketHeader(bytes, index * PACKET_HEADER_SIZE, { index, voltageRange });
    this.headers[voltageRange] = table;
    return table;
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
