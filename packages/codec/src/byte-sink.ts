import { describeValue } from './_describe';

/**
 * A growable in-memory byte writer: bytes are appended in order, and bytes already written can
 * be rewritten in place (a length field or an offset patched once known). Capacity doubles as
 * needed, so appending n bytes in pieces costs O(n).
 */
export class ByteSink {
  private buf: Uint8Array;
  private len = 0;

  /** `initialCapacity` bytes are reserved up front (default 4 KiB). */
  constructor(initialCapacity = 4096) {
    if (!Number.isSafeInteger(initialCapacity) || initialCapacity < 0) {
      throw new RangeError(`ByteSink initialCapacity must be a non-negative integer, got ${describeValue(initialCapacity)}`);
    }
    this.buf = new Uint8Array(initialCapacity);
  }

  /** Bytes written so far (the offset of the next append). */
  get length(): number {
    return this.len;
  }

  /** Appends a copy of `bytes`. */
  append(bytes: Uint8Array): void {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`ByteSink.append needs a Uint8Array, got ${describeValue(bytes)}`);
    const need = this.len + bytes.length;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(bytes, this.len);
    this.len = need;
  }

  /** Overwrites bytes already written, from `offset`; it cannot write past `length`. */
  writeAt(offset: number, bytes: Uint8Array): void {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`ByteSink.writeAt needs a Uint8Array, got ${describeValue(bytes)}`);
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + bytes.length > this.len) {
      throw new RangeError(
        `ByteSink.writeAt: bytes [${String(offset)}, ${String(offset + bytes.length)}) are not within the ${String(this.len)} bytes written`,
      );
    }
    this.buf.set(bytes, offset);
  }

  /** The bytes written, as a view (no copy): valid until the next `append`. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** A copy of the bytes written, exactly `length` long. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
