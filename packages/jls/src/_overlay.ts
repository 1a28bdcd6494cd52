/**
 * A read-only file seen with changes kept in memory: bytes after `base` come from a memory
 * tail, and a few earlier byte ranges are replaced by patches. The recovery of an unfinished
 * recording writes its rebuilt chunks here (as a JlsSink) and the reader reads through it (as a
 * JlsSource), so the file itself is never modified.
 */
import type { JlsSink } from './sink';
import type { JlsSource } from './source';

export class Overlay implements JlsSource, JlsSink {
  private tail = new Uint8Array(1 << 12);
  private tailLength = 0;
  private readonly patches = new Map<number, Uint8Array>();

  constructor(
    private readonly file: JlsSource,
    /** Where the file's usable bytes end and the memory tail begins. */
    readonly base: number,
  ) {}

  get size(): number {
    return this.base + this.tailLength;
  }

  write(position: number, bytes: Uint8Array): void {
    if (position >= this.base) {
      const at = position - this.base;
      const end = at + bytes.length;
      if (end > this.tail.length) {
        const grown = new Uint8Array(Math.max(end, this.tail.length * 2));
        grown.set(this.tail.subarray(0, this.tailLength));
        this.tail = grown;
      }
      this.tail.set(bytes, at);
      if (end > this.tailLength) this.tailLength = end;
    } else {
      if (position + bytes.length > this.base) throw new RangeError('internal: an overlay patch straddles the file end');
      this.patches.set(position, bytes.slice());
    }
  }

  close(): void {}

  read(position: number, into: Uint8Array): number | Promise<number> {
    const fromFile = Math.max(0, Math.min(into.length, this.base - position));
    if (fromFile === 0) return this.finish(position, into, 0);
    const n = this.file.read(position, into.subarray(0, fromFile));
    if (typeof n === 'number') return n === fromFile ? this.finish(position, into, n) : n;
    return n.then((m) => (m === fromFile ? this.finish(position, into, m) : m));
  }

  /** Adds the tail bytes after `n` file bytes, then the patches. */
  private finish(position: number, into: Uint8Array, n: number): number {
    if (n < into.length && position + n >= this.base) {
      const at = position + n - this.base;
      const k = Math.max(0, Math.min(into.length - n, this.tailLength - at));
      into.set(this.tail.subarray(at, at + k), n);
      n += k;
    }
    for (const [offset, bytes] of this.patches) {
      const a = Math.max(offset, position);
      const b = Math.min(offset + bytes.length, position + n);
      if (a < b) into.set(bytes.subarray(a - offset, b - offset), a - position);
    }
    return n;
  }
}
