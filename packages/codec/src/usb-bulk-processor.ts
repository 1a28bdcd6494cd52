import { PACKET_SIZE, PACKET_TYPE_DATA, SAMPLES_PER_PACKET } from './bulk-packet';

/** Words (u32, one per sample) per packet, header included: 512 / 4. */
const WORDS_PER_PACKET = PACKET_SIZE / 4;
/** Word offset of the first sample in a packet: the 8-byte header is two words. */
const SAMPLE_WORD_OFFSET = 2;

/** Receives the samples of a USB stream, in order. */
export interface PacketSink {
  /**
   * One packet's 126 samples: `words[start .. start + 126)`, current word in the low half.
   * The array is only valid during the call (copy it, e.g. with `TypedArray.set`).
   */
  onSamples(words: Uint32Array, start: number, voltageRange: number): void;
  /** `count` missing samples (0xFFFFFFFF each) filling a gap of whole packets. */
  onMissing(count: number, voltageRange: number): void;
}

/** Packet counters of js110-facts §4.2. */
export interface PacketCounters {
  packetMissingCount: number;
  packetTypeInvalidCount: number;
  packetDataInvalidCount: number;
}

/**
 * Splits USB bulk data into packets and their samples (js110-facts §4.2): fills index gaps
 * with missing packets, skips non-data packets, counts invalid ones, tracks each packet's
 * voltage range, and keeps a trailing partial packet until the next call completes it.
 */
export class UsbBulkProcessor {
  /** Packets accepted or filled since reset (the expected index is its low 16 bits). */
  hostIndex = 0;
  /** Voltage range of the last valid packet. */
  voltageRange = 0;
  packetMissingCount = 0;
  packetTypeInvalidCount = 0;
  packetDataInvalidCount = 0;

  private readonly partialWords = new Uint32Array(WORDS_PER_PACKET);
  private readonly partial = new Uint8Array(this.partialWords.buffer);
  private partialLength = 0;
  private scratchWords = new Uint32Array(0);

  reset(): void {
    this.hostIndex = 0;
    this.voltageRange = 0;
    this.packetMissingCount = 0;
    this.packetTypeInvalidCount = 0;
    this.packetDataInvalidCount = 0;
    this.partialLength = 0;
  }

  /** Bytes of an incomplete packet held for the next call. */
  get pendingBytes(): number {
    return this.partialLength;
  }

  counters(): PacketCounters {
    return {
      packetMissingCount: this.packetMissingCount,
      packetTypeInvalidCount: this.packetTypeInvalidCount,
      packetDataInvalidCount: this.packetDataInvalidCount,
    };
  }

  /** Number of samples the next `process(data)` call will deliver, gap fills excluded. */
  samplesIn(byteLength: number): number {
    return Math.floor((this.partialLength + byteLength) / PACKET_SIZE) * SAMPLES_PER_PACKET;
  }

  /** Parses `data` (any length, any alignment) and hands its samples to `sink`. */
  process(data: Uint8Array, sink: PacketSink): void {
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(`USB data must be a Uint8Array, got ${data === null ? 'null' : typeof data}`);
    }
    let offset = 0;
    if (this.partialLength > 0) {
      const take = Math.min(PACKET_SIZE - this.partialLength, data.length);
      this.partial.set(data.subarray(0, take), this.partialLength);
      this.partialLength += take;
      offset = take;
      if (this.partialLength < PACKET_SIZE) return;
      this.partialLength = 0;
      this.packet(this.partial, 0, this.partialWords, 0, sink);
    }
    const packets = Math.floor((data.length - offset) / PACKET_SIZE);
    if (packets > 0) {
      const byteStart = data.byteOffset + offset;
      let words: Uint32Array;
      let bytes: Uint8Array;
      let base: number;
      if (byteStart % 4 === 0) {
        words = new Uint32Array(data.buffer, byteStart, packets * WORDS_PER_PACKET);
        bytes = data;
        base = offset;
      } else {
        // Unaligned input: copy whole packets once into an aligned scratch buffer.
        const n = packets * WORDS_PER_PACKET;
        if (this.scratchWords.length < n) this.scratchWords = new Uint32Array(n);
        words = this.scratchWords;
        bytes = new Uint8Array(words.buffer, 0, n * 4);
        bytes.set(data.subarray(offset, offset + packets * PACKET_SIZE));
        base = 0;
      }
      for (let p = 0; p < packets; p++) {
        this.packet(bytes, base + p * PACKET_SIZE, words, p * WORDS_PER_PACKET, sink);
      }
      offset += packets * PACKET_SIZE;
    }
    const rest = data.length - offset;
    if (rest > 0) {
      this.partial.set(data.subarray(offset), 0);
      this.partialLength = rest;
    }
  }

  private packet(bytes: Uint8Array, at: number, words: Uint32Array, wordAt: number, sink: PacketSink): void {
    if (bytes[at] !== PACKET_TYPE_DATA) {
      this.packetTypeInvalidCount++;
      return;
    }
    const b3 = bytes[at + 3];
    const length = bytes[at + 2] | ((b3 & 0x7f) << 8);
    if (bytes[at + 1] === 0 && length === PACKET_SIZE) {
      const index = bytes[at + 4] | (bytes[at + 5] << 8);
      const gap = (index - this.hostIndex) & 0xffff;
      if (gap > 0) {
        sink.onMissing(gap * SAMPLES_PER_PACKET, this.voltageRange);
        this.hostIndex += gap;
        this.packetMissingCount += gap;
      }
      this.voltageRange = b3 >> 7;
    } else {
      this.packetDataInvalidCount++;
    }
    sink.onSamples(words, wordAt + SAMPLE_WORD_OFFSET, this.voltageRange);
    this.hostIndex++;
  }
}
