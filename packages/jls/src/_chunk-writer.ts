/**
 * Appends chunks to a JlsSink with the C writer's discipline (docs/jls.md, "Writing and
 * crashes"): a chunk is complete on the sink before anything points at it.
 *
 * Writes are batched: chunks collect in a ~1 MiB buffer, handed to the sink at points where the
 * file is consistent (`safePoint`). A later rewrite of a chunk still in the buffer (a list link,
 * a track head) is made in place; a rewrite of a chunk already handed to the sink waits in
 * `patches` until the buffer holding what it points to has been written. So at every moment the
 * file is a run of complete chunks whose links all point at chunks already written, as with the
 * C library's unbuffered writes.
 */
import { crc32c } from './_crc32c';
import { CHUNK_HEADER_SIZE, chunkSize, encodeChunkHeader, padding, type ChunkHeader } from './_format';
import { JlsError } from './errors';
import type { JlsSink } from './sink';

const BATCH_SIZE = 1 << 20;

/** A doubly linked list of chunks: the writer links each new member to the previous tail. */
export class ChunkList {
  /** File offset of the last member (0: empty). */
  tailOffset = 0;
  /** Header of the last member, rewritten when the next member is linked. */
  tailHeader: ChunkHeader | null = null;
}

export class ChunkWriter {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(BATCH_SIZE);
  private bufStart: number;
  private bufLen = 0;
  private patches = new Map<number, Uint8Array<ArrayBuffer>>();
  private readonly queue: Array<readonly [number, Uint8Array<ArrayBuffer>]> = [];
  private queuedBytes = 0;
  private running: Promise<void> | null = null;
  private failure: JlsError | null = null;
  /** Length of the last chunk with a non-zero payload (the C writer's payload_prev_length). */
  private payloadPrevLength: number;

  constructor(
    private readonly sink: JlsSink,
    position: number,
    payloadPrevLength = 0,
  ) {
    this.bufStart = position;
    this.payloadPrevLength = payloadPrevLength;
  }

  /** The file offset of the next chunk. */
  get position(): number {
    return this.bufStart + this.bufLen;
  }

  /** Bytes appended or queued but not yet written by the sink. */
  get pending(): number {
    return this.bufLen + this.queuedBytes;
  }

  /** The sink error that stopped this writer, if any. */
  get error(): JlsError | null {
    return this.failure;
  }

  /**
   * Appends one chunk and links it to the end of `list` (if given). `payload` is copied.
   * Returns the chunk's file offset.
   */
  append(list: ChunkList | null, tag: number, meta: number, payload: Uint8Array | null): number {
    const payloadLength = payload === null ? 0 : payload.length;
    const size = chunkSize(payloadLength);
    if (this.bufLen + size > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.bufLen + size));
      grown.set(this.buf.subarray(0, this.bufLen));
      this.buf = grown;
    }
    const offset = this.position;
    const header: ChunkHeader = {
      itemNext: 0,
      itemPrev: list === null ? 0 : list.tailOffset,
      tag,
      meta,
      payloadLength,
      payloadPrevLength: this.payloadPrevLength,
    };
    const at = this.bufLen;
    encodeChunkHeader(this.buf, at, header);
    if (payload !== null && payloadLength > 0) {
      const p = at + CHUNK_HEADER_SIZE;
      this.buf.set(payload, p);
      const pad = padding(payloadLength);
      this.buf.fill(0, p + payloadLength, p + payloadLength + pad);
      const crc = crc32c(this.buf, p, p + payloadLength);
      const c = p + payloadLength + pad;
      this.buf[c] = crc & 0xff;
      this.buf[c + 1] = (crc >>> 8) & 0xff;
      this.buf[c + 2] = (crc >>> 16) & 0xff;
      this.buf[c + 3] = crc >>> 24;
      this.payloadPrevLength = payloadLength;
    }
    this.bufLen += size;
    if (list !== null) {
      if (list.tailHeader !== null) {
        list.tailHeader.itemNext = offset;
        this.rewriteHeader(list.tailOffset, list.tailHeader);
      }
      list.tailOffset = offset;
      list.tailHeader = header;
    }
    return offset;
  }

  /** Rewrites a chunk header in place (its CRC recomputed). */
  rewriteHeader(offset: number, header: ChunkHeader): void {
    const bytes = new Uint8Array(CHUNK_HEADER_SIZE);
    encodeChunkHeader(bytes, 0, header);
    this.rewrite(offset, bytes);
  }

  /** Rewrites the payload (and payload CRC) of the chunk at `offset`; the length is unchanged. */
  rewritePayload(offset: number, payload: Uint8Array): void {
    const pad = padding(payload.length);
    const bytes = new Uint8Array(payload.length + pad + 4);
    bytes.set(payload);
    new DataView(bytes.buffer).setUint32(payload.length + pad, crc32c(payload), true);
    this.rewrite(offset + CHUNK_HEADER_SIZE, bytes);
  }

  /** Writes bytes at an offset below `position` (a chunk rewrite, the file header). */
  rewrite(offset: number, bytes: Uint8Array<ArrayBuffer>): void {
    if (offset >= this.bufStart) this.buf.set(bytes, offset - this.bufStart);
    else this.patches.set(offset, bytes);
  }

  /**
   * A point where the file is consistent (every INDEX has its SUMMARY): hands the batch to the
   * sink once it is full. Batches end only at such points, so a crash between two batch writes
   * never separates an INDEX from the SUMMARY that must follow it.
   */
  safePoint(): void {
    if (this.bufLen >= BATCH_SIZE) this.handOff();
  }

  /** Starts writing everything appended so far; `settle()` waits for it. */
  handOff(): void {
    if (this.bufLen > 0) {
      const bytes = this.buf.subarray(0, this.bufLen);
      this.enqueue(this.bufStart, bytes);
      this.bufStart += this.bufLen;
      this.bufLen = 0;
      // A sink still holding the buffer keeps it; a synchronous sink is done with it.
      if (this.running !== null || this.buf.length > BATCH_SIZE) this.buf = new Uint8Array(BATCH_SIZE);
    }
    for (const [offset, bytes] of this.patches) this.enqueue(offset, bytes);
    this.patches.clear();
  }

  /** Resolves once every handed-off write is done; rejects with the sink's failure. */
  async settle(): Promise<void> {
    while (this.running !== null) await this.running;
    if (this.failure !== null) throw this.failure;
  }

  private enqueue(offset: number, bytes: Uint8Array<ArrayBuffer>): void {
    if (this.failure !== null) return;
    this.queue.push([offset, bytes]);
    this.queuedBytes += bytes.length;
    if (this.running === null) this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const [offset, bytes] = this.queue[0];
      let r: void | Promise<void>;
      try {
        r = this.sink.write(offset, bytes);
      } catch (e) {
        this.fail(e, offset);
        return;
      }
      if (r !== undefined && typeof (r).then === 'function') {
        this.running = Promise.resolve(r).then(
          () => {
            this.running = null;
            this.done();
            this.pump();
          },
          (e: unknown) => {
            this.running = null;
            this.fail(e, offset);
          },
        );
        return;
      }
      this.done();
    }
  }

  private done(): void {
    const [, bytes] = this.queue.shift() as readonly [number, Uint8Array<ArrayBuffer>];
    this.queuedBytes -= bytes.length;
  }

  private fail(e: unknown, offset: number): void {
    const why = e instanceof Error ? e.message : String(e);
    this.failure = new JlsError('io', `the sink failed to write: ${why}`, offset, { cause: e });
    this.queue.length = 0;
    this.queuedBytes = 0;
  }
}
