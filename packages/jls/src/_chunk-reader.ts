/**
 * Reads and checks chunks from a JlsSource. Every chunk read is bounds-checked (8-byte aligned,
 * after the file header, inside the file), its header CRC and its payload CRC verified, and its
 * payload length limited before anything is allocated, so a damaged or hostile file gives a
 * JlsError with the offset, never a huge allocation.
 */
import { crc32c } from './_crc32c';
import { CHUNK_HEADER_SIZE, FILE_HEADER_SIZE, chunkSize, padding, type ChunkHeader } from './_format';
import { JlsError } from './errors';
import type { JlsSource } from './source';

/** A chunk header with where it is. */
export interface ChunkAt extends ChunkHeader {
  offset: number;
  /** Bytes on disk: header, payload, padding, CRC. */
  size: number;
}

export interface Chunk {
  header: ChunkAt;
  /** The payload (length `header.payloadLength`). */
  payload: Uint8Array;
}

function u64(v: DataView, at: number, offset: number, what: string): number {
  const x = v.getBigUint64(at, true);
  if (x > BigInt(Number.MAX_SAFE_INTEGER)) throw new JlsError('bad_offset', `${what} ${x} is beyond any file`, offset);
  return Number(x);
}

export class ChunkReader {
  private readonly head = new Uint8Array(CHUNK_HEADER_SIZE);

  constructor(
    private readonly source: JlsSource,
    /** Chunks must end at or before this offset. */
    readonly end: number,
    readonly maxChunkSize: number,
  ) {}

  /** Reads `into.length` bytes at `position`; a short read is `truncated`. */
  async readExact(position: number, into: Uint8Array): Promise<void> {
    let n: number | Promise<number>;
    try {
      n = this.source.read(position, into);
      if (typeof n !== 'number') n = await n;
    } catch (e) {
      throw new JlsError('io', `the source failed to read ${into.length} bytes: ${(e as Error).message}`, position, { cause: e });
    }
    if (n !== into.length) throw new JlsError('truncated', `the file ends ${into.length - n} bytes into a read`, position);
  }

  /** Checks that a chunk can start at `offset`. */
  checkOffset(offset: number, what = 'chunk'): void {
    if (!Number.isSafeInteger(offset) || offset < FILE_HEADER_SIZE || offset % 8 !== 0) {
      throw new JlsError('bad_offset', `a ${what} cannot start at byte ${offset}`, offset);
    }
    if (offset + CHUNK_HEADER_SIZE > this.end) {
      throw new JlsError('truncated', `a ${what} at byte ${offset} would extend past the end of the file (${this.end} bytes)`, offset);
    }
  }

  /** Decodes and checks a header read into `bytes[at, at + 32)`. */
  decodeHeader(bytes: Uint8Array, at: number, offset: number): ChunkAt {
    const v = new DataView(bytes.buffer, bytes.byteOffset + at, CHUNK_HEADER_SIZE);
    if (crc32c(bytes, at, at + 28) !== v.getUint32(28, true)) {
      throw new JlsError('chunk_crc', 'a chunk header does not match its CRC', offset);
    }
    const payloadLength = v.getUint32(20, true);
    const size = chunkSize(payloadLength);
    if (offset + size > this.end) {
      throw new JlsError('truncated', `a chunk of ${size} bytes extends past the end of the file (${this.end} bytes)`, offset);
    }
    if (payloadLength > this.maxChunkSize) {
      throw new JlsError('too_large', `a chunk payload of ${payloadLength} bytes exceeds maxChunkSize (${this.maxChunkSize})`, offset);
    }
    return {
      offset,
      size,
      itemNext: u64(v, 0, offset, 'item_next'),
      itemPrev: u64(v, 8, offset, 'item_prev'),
      tag: v.getUint8(16),
      meta: v.getUint16(18, true),
      payloadLength,
      payloadPrevLength: v.getUint32(24, true),
    };
  }

  /** The header of the chunk at `offset` (its payload is not read or checked). */
  async header(offset: number, what?: string): Promise<ChunkAt> {
    this.checkOffset(offset, what);
    await this.readExact(offset, this.head);
    return this.decodeHeader(this.head, 0, offset);
  }

  /**
   * The chunk at `offset` with its checked payload. `hint` is the payload size expected (one
   * read when right); `scratch`, if big enough, receives the bytes (the payload is then a view
   * into it, valid until the caller reuses it).
   */
  async chunk(offset: number, hint = 256, scratch?: Uint8Array, what?: string): Promise<Chunk> {
    this.checkOffset(offset, what);
    const first = Math.min(CHUNK_HEADER_SIZE + hint + 16, this.end - offset);
    let buf = scratch !== undefined && scratch.length >= first ? scratch.subarray(0, first) : new Uint8Array(first);
    await this.readExact(offset, buf);
    const header = this.decodeHeader(buf, 0, offset);
    if (header.size > buf.length) {
      const whole = scratch !== undefined && scratch.length >= header.size ? scratch.subarray(0, header.size) : new Uint8Array(header.size);
      if (whole.buffer !== buf.buffer || whole.byteOffset !== buf.byteOffset) whole.set(buf);
      await this.readExact(offset + buf.length, whole.subarray(buf.length));
      buf = whole;
    }
    const n = header.payloadLength;
    const payload = buf.subarray(CHUNK_HEADER_SIZE, CHUNK_HEADER_SIZE + n);
    if (n > 0) {
      const c = CHUNK_HEADER_SIZE + n + padding(n);
      const stored = (buf[c] | (buf[c + 1] << 8) | (buf[c + 2] << 16) | (buf[c + 3] << 24)) >>> 0;
      if (crc32c(buf, CHUNK_HEADER_SIZE, CHUNK_HEADER_SIZE + n) !== stored) {
        throw new JlsError('payload_crc', 'a chunk payload does not match its CRC', offset);
      }
    }
    return { header, payload };
  }
}
