/**
 * Where a JlsWriter puts its bytes. The format needs positioned writes: chunks are appended, and
 * earlier chunk headers, track heads and the file header are rewritten in place. The writer
 * batches its writes (about 1 MiB each, plus a few small rewrites), so a sink can be slow per
 * call.
 */
export interface JlsSink {
  /**
   * Writes `bytes` at byte `position`, extending the file as needed. The writer never changes
   * `bytes` until the returned promise settles (or the call returns, for a synchronous sink), and
   * issues its writes one at a time, in order. `bytes` views a plain `ArrayBuffer` (so it can be
   * handed to browser APIs that refuse shared memory).
   */
  write(position: number, bytes: Uint8Array<ArrayBuffer>): void | Promise<void>;
  /** Makes everything written durable (fsync), if the store can. Optional. */
  flush?(): void | Promise<void>;
  /** Called once by `JlsWriter.close()` after the last write. */
  close(): void | Promise<void>;
}

/** A sink that keeps the file in memory; `bytes()` returns what was written so far. */
export class MemorySink implements JlsSink {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(1 << 16);
  private len = 0;

  write(position: number, bytes: Uint8Array): void {
    const end = position + bytes.length;
    if (end > this.buf.length) {
      const grown = new Uint8Array(Math.max(end, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(bytes, position);
    if (end > this.len) this.len = end;
  }

  close(): void {}

  /** The file as written so far (a view: it changes with later writes; copy it to keep it). */
  /** A view of the bytes written (over a plain ArrayBuffer, so it can go into a `Blob`). */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.buf.subarray(0, this.len);
  }
}

/**
 * The part of the OPFS `FileSystemSyncAccessHandle` (dedicated workers) a sink or source uses:
 * synchronous positioned reads and writes.
 */
export interface SyncAccessHandleLike {
  write(buffer: Uint8Array, options: { at: number }): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  getSize(): number;
  flush(): void;
  close(): void;
}

/** A sink on an OPFS `FileSystemSyncAccessHandle` (the fastest browser store, workers only). */
export function syncAccessHandleSink(handle: SyncAccessHandleLike): JlsSink {
  return {
    write(position, bytes) {
      let done = 0;
      while (done < bytes.length) {
        const n = handle.write(bytes.subarray(done), { at: position + done });
        if (!(n > 0)) throw new Error(`the access handle wrote ${n} bytes at ${position + done}`);
        done += n;
      }
    },
    flush: () => handle.flush(),
    close: () => handle.close(),
  };
}

/**
 * The part of a `FileSystemWritableFileStream` (File System Access API, `showSaveFilePicker`,
 * OPFS `createWritable`) a sink uses: positioned writes. The browser publishes the file when the
 * stream closes.
 */
export interface WritableFileStreamLike {
  write(data: { type: 'write'; position: number; data: Uint8Array<ArrayBuffer> }): Promise<void>;
  close(): Promise<void>;
}

/** A sink on a `FileSystemWritableFileStream` (main thread or worker). */
export function writableFileStreamSink(stream: WritableFileStreamLike): JlsSink {
  return {
    write: (position, bytes) => stream.write({ type: 'write', position, data: bytes }),
    close: () => stream.close(),
  };
}
