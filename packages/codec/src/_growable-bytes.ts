/**
 * Where the datafile writer puts its bytes: appended in order, with earlier bytes rewritten in
 * place (CLS end positions, the header length). A file or stream sink can implement the same
 * interface later; the writer needs nothing else from it.
 */
export interface ByteSink {
  /** Bytes written so far (the offset of the next append). */
  readonly length: number;
  append(bytes: Uint8Array): void;
  /** Overwrites bytes already appended. */
  writeAt(offset: number, bytes: Uint8Array): void;
}

/** An in-memory ByteSink that doubles its capacity as needed. */
export class GrowableBytes implements ByteSink {
  private buf: Uint8Array;
  private len = 0;

  constructor(initialCapacity = 4096) {
    this.buf = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.len;
  }

  append(bytes: Uint8Array): void {
    const need = this.len + bytes.length;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(bytes, this.len);
    this.len = need;
  }

  writeAt(offset: number, bytes: Uint8Array): void {
    if (offset < 0 || offset + bytes.length > this.len) {
      throw new RangeError(`cannot rewrite bytes [${offset}, ${offset + bytes.length}): only ${this.len} bytes are written`);
    }
    this.buf.set(bytes, offset);
  }

  /** A copy of the bytes written, exactly `length` long. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
