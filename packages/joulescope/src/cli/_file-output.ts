/** A file as a capture's byte output (Node): synchronous writes, so what was written is on disk. */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ByteOutput } from '../capture-writers';

/** Creates (or truncates) `path` for writing. */
export function fileOutput(path: string): ByteOutput {
  const fd = openSync(path, 'w');
  let closed = false;
  return {
    write(bytes) {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
