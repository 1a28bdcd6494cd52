/**
 * The JS110 streaming USB packet (docs/samples.md, "Bulk packets"): 512 bytes, an 8-byte
 * header, then 126 samples of two u16 words (current, voltage).
 */
import { checkUint } from './check-uint';
import { describeValue } from './_describe';

/** Bytes of one streaming packet, header included. */
export const PACKET_SIZE = 512;
/** Bytes of the packet header: type, status, length and voltage range, index, USB frame. */
export const PACKET_HEADER_SIZE = 8;
/** Samples in one packet: (512 − 8) / 4. */
export const SAMPLES_PER_PACKET = 126;
/** Packet type byte of sample data. */
export const PACKET_TYPE_DATA = 1;

/** The fields of a packet header. */
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

function checkHeaderRoom(what: string, bytes: Uint8Array, offset: number): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what} needs a Uint8Array, got ${describeValue(bytes)}`);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + PACKET_HEADER_SIZE > bytes.length) {
    throw new RangeError(
      `${what}: a packet header needs ${String(PACKET_HEADER_SIZE)} bytes at offset ${describeValue(offset)}, the buffer has ${String(bytes.length)}`,
    );
  }
}

/** Reads the header of the packet at `offset` (fields as stored: no check of their values). */
export function readPacketHeader(bytes: Uint8Array, offset = 0): PacketHeader {
  checkHeaderRoom('readPacketHeader', bytes, offset);
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

/**
 * Writes a packet header at `offset`; defaults make a valid data packet (type 1, status 0,
 * length 512, voltage range 0, USB frame 0). Throws TypeError/RangeError, writing nothing, for
 * a field that does not fit (type and status 8 bits, length 15, voltage range 1, index and
 * USB frame 16).
 */
export function writePacketHeader(bytes: Uint8Array, offset: number, header: Partial<PacketHeader> & { index: number }): void {
  checkHeaderRoom('writePacketHeader', bytes, offset);
  if (header === null || typeof header !== 'object') throw new TypeError(`packet header must be an object, got ${describeValue(header)}`);
  const type = checkUint('packet type', header.type ?? PACKET_TYPE_DATA, 8);
  const status = checkUint('packet status', header.status ?? 0, 8);
  const length = checkUint('packet length', header.length ?? PACKET_SIZE, 15);
  const voltageRange = checkUint('packet voltageRange', header.voltageRange ?? 0, 1);
  const index = checkUint('packet index', header.index, 16);
  const usbFrame = checkUint('packet usbFrame', header.usbFrame ?? 0, 16);
  bytes[offset] = type;
  bytes[offset + 1] = status;
  bytes[offset + 2] = length & 0xff;
  bytes[offset + 3] = (length >> 8) | (voltageRange << 7);
  bytes[offset + 4] = index & 0xff;
  bytes[offset + 5] = index >> 8;
  bytes[offset + 6] = usbFrame & 0xff;
  bytes[offset + 7] = usbFrame >> 8;
}

/**
 * Writes one complete packet at byte `offset` of `out` (4-byte aligned): the header, then
 * the 126 samples `samples[sampleStart ..)` (u32 words, current in the low half). Throws
 * TypeError/RangeError, writing nothing, for a bad header, too few samples or too little room.
 */
export function writePacket(
  out: Uint8Array,
  offset: number,
  header: Partial<PacketHeader> & { index: number },
  samples: Uint32Array,
  sampleStart: number,
): void {
  checkHeaderRoom('writePacket', out, offset);
  if (offset + PACKET_SIZE > out.length) {
    throw new RangeError(`writePacket needs ${String(PACKET_SIZE)} bytes at offset ${String(offset)}, the buffer has ${String(out.length)}`);
  }
  if ((out.byteOffset + offset) % 4 !== 0) throw new RangeError('writePacket needs a 4-byte aligned offset');
  if (!(samples instanceof Uint32Array)) throw new TypeError(`writePacket samples must be a Uint32Array of sample words, got ${describeValue(samples)}`);
  if (!Number.isSafeInteger(sampleStart) || sampleStart < 0 || sampleStart + SAMPLES_PER_PACKET > samples.length) {
    throw new RangeError(`writePacket needs ${String(SAMPLES_PER_PACKET)} samples from ${describeValue(sampleStart)}, the array has ${String(samples.length)}`);
  }
  writePacketHeader(out, offset, header);
  const words = new Uint32Array(out.buffer, out.byteOffset + offset + PACKET_HEADER_SIZE, SAMPLES_PER_PACKET);
  words.set(samples.subarray(sampleStart, sampleStart + SAMPLES_PER_PACKET));
}
