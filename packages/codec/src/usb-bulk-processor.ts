import { PACKET_HEADER_SIZE, PACKET_SIZE, PACKET_TYPE_DATA, SAMPLES_PER_PACKET } from './bulk-packet';
import { describeValue } from './_describe';

/** Words (u32, one per sample) per packet, header included: 512 / 4. */
const WORDS_PER_PACKET = PACKET_SIZE / 4;
/** Word offset of the first sample in a packet: the 8-byte header is two words. */
const SAMPLE_WORD_OFFSET = PACKET_HEADER_SIZE / 4;
/**
 * Packets copied at a time from unaligned input: one default USB transfer (256 packets,
 * 128 KiB). The scratch buffer never grows beyond it, whatever one call brings.
 */
const SCRATCH_PACKETS = 256;

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

/** Packet counters (docs/samples.md, "Bulk packets"). */
export interface PacketCounters {
  packetMissingCount: number;
  packetTypeInvalidCount: number;
  packetDataInvalidCount: number;
}

/**
 * Splits USB bulk data into packets and their samples (docs/samples.md, "Bulk packets"): fills index gaps
 * with missing packets, skips non-data packets, counts invalid ones, tracks each packet's
 * voltage range, and keeps a trailing partial packet until the next call completes it.
 */
export class UsbBulkProcessor {
  /** Packets accepted or filled since reset (the expected index is its low 16 bits). */
  hostIndex = 0;
  /** Voltage range of the last valid packet. */
  voltageRange = 0;
  /** Packets filled in for index gaps. */
  packetMissingCount = 0;
  /** Packets skipped because their type is not 1 (sample data). */
  packetTypeInvalidCount = 0;
  /** Data packets with a bad status or length (their samples are still delivered). */
  packetDataInvalidCount = 0;

  private readonly partialWords = new Uint32Array(WORDS_PER_PACKET);
  private readonly partial = new Uint8Array(this.partialWords.buffer);
  private partialLength = 0;
  /** Aligned copy of unaligned input, allocated on first need and bounded by SCRATCH_PACKETS. */
  private scratchWords: Uint32Array | null = null;

  /** Back to the state of a new processor: expected index 0, voltage range 0, counters 0, no partial packet. */
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

  /** The three packet counters as one object. */
  counters(): PacketCounters {
    return {
      packetMissingCount: this.packetMissingCount,
      packetTypeInvalidCount: this.packetTypeInvalidCount,
      packetDataInvalidCount: this.packetDataInvalidCount,
    };
  }

  /** Number of samples the next `process(data)` call will deliver, gap fills excluded. */
  samplesIn(byteLength: number): number {
    if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
      throw new RangeError(`samplesIn: byteLength must be a non-negative integer, got ${describeValue(byteLength)}`);
    }
    return Math.floor((this.partialLength + byteLength) / PACKET_SIZE) * SAMPLES_PER_PACKET;
  }

  /**
   * Parses `data` (any length, any alignment) and hands its samples to `sink`. Throws TypeError,
   * changing nothing, when `data` is not a Uint8Array or `sink` lacks its two methods.
   */
  process(data: Uint8Array, sink: PacketSink): void {
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(`USB data must be a Uint8Array, got ${describeValue(data)}`);
    }
    if (sink === null || typeof sink !== 'object' || typeof sink.onSamples !== 'function' || typeof sink.onMissing !== 'function') {
      throw new TypeError(`the packet sink must be an object with onSamples and onMissing methods, got ${describeValue(sink)}`);
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
    const aligned = (data.byteOffset + offset) % 4 === 0; // whole packets keep it so
    for (let packets = Math.floor((data.length - offset) / PACKET_SIZE); packets > 0; ) {
      let batch = packets;
      let bytes = data;
      let base = offset;
      let words: Uint32Array;
      if (aligned) {
        words = new Uint32Array(data.buffer, data.byteOffset + offset, batch * WORDS_PER_PACKET);
      } else {
        // Unaligned input: copy whole packets into an aligned scratch buffer, a bounded batch
        // at a time, so that one huge call does not leave a huge buffer behind.
        this.scratchWords ??= new Uint32Array(SCRATCH_PACKETS * WORDS_PER_PACKET);
        words = this.scratchWords;
        batch = Math.min(SCRATCH_PACKETS, packets);
        bytes = new Uint8Array(words.buffer, 0, batch * PACKET_SIZE);
        bytes.set(data.subarray(offset, offset + batch * PACKET_SIZE));
        base = 0;
      }
      for (let p = 0; p < batch; p++) this.packet(bytes, base + p * PACKET_SIZE, words, p * WORDS_PER_PACKET, sink);
      offset += batch * PACKET_SIZE;
      packets -= batch;
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
