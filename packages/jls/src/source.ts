/**
 * Where a JlsReader gets its bytes: random access to a file of known size. A synchronous `read`
 * (Node files, bytes in memory, OPFS access handles) saves a promise per chunk on the hot path;
 * an asynchronous one (a Blob) works the same.
 */
import type { SyncAccessHandleLike } from './sink';

/** Random access to a file of known size, for JlsReader (see the file comment above). */
export interface JlsSource {
  /** The file size in bytes. */
  readonly size: number;
  /**
   * Fills `into` with the bytes at `position` and returns how many were read: `into.length`,
   * or fewer only where the file ends.
   */
  read(position: number, into: Uint8Array): number | Promise<number>;
  /** Called once by `JlsReader.close()`. Optional. */
  close?(): void | Promise<void>;
}

/** A source over bytes already in memory (no copy). */
export function bytesSource(bytes: Uint8Array): JlsSource {
  return {
    size: bytes.length,
    read(position, into) {
      const n = Math.max(0, Math.min(into.length, bytes.length - position));
      into.set(bytes.subarray(position, position + n));
      return n;
    },
  };
}

/** The part of a `Blob` (or `File`, from an `<input type="file">` or a drop) a source uses. */
export interface BlobLike {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** A source over a Blob or File: each read fetches just the bytes it needs. */
export function blobSource(blob: BlobLike): JlsSource {
  return {
    size: blob.size,
    async read(position, into) {
      const end = Math.min(position + into.length, blob.size);
      if (end <= position) return 0;
      const bytes = new Uint8Array(await blob.slice(position, end).arrayBuffer());
      into.set(bytes);
      return bytes.length;
    },
  };
}

/** A source on an OPFS `FileSystemSyncAccessHandle` (workers only). */
export function syncAccessHandleSource(handle: SyncAccessHandleLike): JlsSource {
  return {
    size: handle.getSize(),
    read(position, into) {
      let done = 0;
      while (done < into.length) {
        const n = handle.read(into.subarray(done), { at: position + done });
        if (!(n > 0)) break;
        done += n;
      }
      return done;
    },
    close: () => handle.close(),
  };
}
