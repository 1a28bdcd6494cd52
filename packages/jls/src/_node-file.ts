/**
 * Files by path, on Node.js only. `node:fs` is looked up when a path is opened
 * (`process.getBuiltinModule`), never imported, so the package bundles for browsers with no Node
 * module reachable; there a path gives a TypeError that says what to pass instead.
 *
 * Synchronous fs calls on purpose: the writer hands over ~1 MiB per write and the reader one
 * chunk per read, and a sync call costs a few microseconds where a promise round trip costs tens.
 */
import type * as NodeFs from 'node:fs';
import type { JlsSink } from './sink';
import type { JlsSource } from './source';

type Fs = typeof NodeFs;

function nodeFs(what: string): Fs {
  const fs =
    typeof process === 'object' && process !== null && typeof process.getBuiltinModule === 'function'
      ? (process.getBuiltinModule('node:fs') as Fs | undefined)
      : undefined;
  if (fs === undefined) {
    throw new TypeError(
      `${what} by path needs Node.js (20.16 or newer); in a browser pass a JlsSink or JlsSource ` +
        '(a Blob, File, OPFS access handle or writable file stream)',
    );
  }
  return fs;
}

/** A sink that creates (or truncates) the file at `path`. */
export function nodeFileSink(path: string): JlsSink {
  const fs = nodeFs('writing a JLS file');
  const fd = fs.openSync(path, 'w');
  return {
    write(position, bytes) {
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
    },
    flush: () => fs.fsyncSync(fd),
    close: () => fs.closeSync(fd),
  };
}

/** A source that opens the file at `path` read-only. */
export function nodeFileSource(path: string): JlsSource {
  const fs = nodeFs('reading a JLS file');
  const fd = fs.openSync(path, 'r');
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  return {
    size,
    read(position, into) {
      let done = 0;
      while (done < into.length) {
        const n = fs.readSync(fd, into, done, into.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    },
    close: () => fs.closeSync(fd),
  };
}
