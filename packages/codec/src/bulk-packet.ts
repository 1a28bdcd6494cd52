/**
 * The JS110 streaming USB packet (js110-facts §4.1): 512 bytes, an 8-byte header, then
 * 126 samples of two u16 words (current, voltage).
 */

export const PACKET_SIZE = 512;
export const PACKET_HEADER_SIZE = 8;
export const SAMPLES_PER_PACKET = 126;
/** Packet type byte of sample data. */
export const PACKET_TYPE_DATA = 1;

export interface PacketHeader {
  /** 1 = sample data; anything else is skipped by the host. */
  type: number;
  /** 0 = OK. */
  status: number;
  /** Packet length in bytes (15 bits); must be 512. */
  length: number;
  /** 0 = 15 V, 1 = 5 V. */
  voltageRange: number;
  /** 16-bit packet counter. */
  index: number;
  /** USB frame index (ignored by the host). */
  usbFrame: number;
}

/** Reads the header of the packet at `offset` (no validation). */
export function readPacketHeader(bytes: Uint8Array, offset = 0): PacketHeader {
  if (offset < 0 || offset + PACKET_HEADER_SIZE > bytes.length) {
    throw new RangeError(`a packet header needs ${String(PACKET_HEADER_SIZE)} bytes at offset ${String(offset)}, the buffer has ${String(bytes.length)}`);
  }
  const b3 = bytes[offset + 3];
  return {
    type: bytes[offset],
    status: bytes[offset + 1],
    length: bytes[offset + 2] | ((b3 & 0x7f) << 8),
    voltageRange: b3 >> 7,
    index: bytes[offset + 4] | (bytes[offset + 5] << 8),
    usbFrame: bytes[offset + 6] | (bytes[offset + 7] << 8),
  };
}

/** Writes a packet header at `offset`; defaults make a valid data packet. */
export function writePacketHeader(bytes: Uint8Array, offset: number, header: Partial<PacketHeader> & { index: number }): void {
  if (offset < 0 || offset + PACKET_HEADER_SIZE > bytes.length) {
    throw new RangeError(`a packet header needs ${String(PACKET_HEADER_SIZE)} bytes at offset ${String(offset)}, the buffer has ${String(bytes.length)}`);
  }
  const length = header.length ?? PACKET_SIZE;
  const usbFrame = header.usbFrame ?? 0;
  bytes[offset] = header.type ?? PACKET_TYPE_DATA;
  bytes[offset + 1] = header.status ?? 0;
  bytes[offset + 2] = length & 0xff;
  bytes[offset + 3] = ((length >> 8) & 0x7f) | ((header.voltageRange ?? 0) & 1) << 7;
  bytes[offset + 4] = header.index & 0xff;
  bytes[offset + 5] = (header.index >> 8) & 0xff;
  bytes[offset + 6] = usbFrame & 0xff;
  bytes[offset + 7] = (usbFrame >> 8) & 0xff;
}

/**
 * Writes one complete packet at byte `offset` of `out` (4-byte aligned): the header, then
 * the 126 samples `samples[sampleStart ..)` (u32 words, current in the low half).
 */
export function writePacket(
  out: Uint8Array,
  offset: number,
  header: Partial<PacketHeader> & { index: number },
  samples: Uint32Array,
  sampleStart: number,
): void {
  if ((out.byteOffset + offset) % 4 !== 0) throw new RangeError('writePacket needs a 4-byte aligned offset');
  if (sampleStart < 0 || sampleStart + SAMPLES_PER_PACKET > samples.length) {
    throw new RangeError(`writePacket needs ${String(SAMPLES_PER_PACKET)} samples from ${String(sampleStart)}, the array has ${String(samples.length)}`);
  }
  writePacketHeader(out, offset, header);
  const words = new Uint32Array(out.buffer, out.byteOffset + offset + PACKET_HEADER_SIZE, SAMPLES_PER_PACKET);
  words.set(samples.subarray(sampleStart, sampleStart + SAMPLES_PER_PACKET));
}
