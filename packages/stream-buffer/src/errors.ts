/** The ring does not fit in memory; nothing was allocated. */
export class StreamBufferAllocationError extends RangeError {
  override name = 'StreamBufferAllocationError';
  /** Bytes the ring and its reductions would need. */
  readonly bytesNeeded: number;

  constructor(message: string, bytesNeeded: number) {
    super(message);
    this.bytesNeeded = bytesNeeded;
  }
}

/**
 * A call that changes the buffer (`process`, `reset`, `insert`, `insertRaw`, `calibrationSet`,
 * the `suppressMode` and `voltageRange` setters) was made from the buffer's own statistics
 * callback, while `process()` runs. Nothing was changed; queries are allowed there.
 */
export class StreamBufferBusyError extends Error {
  override name = 'StreamBufferBusyError';
}

/**
 * The StreamBuffer's WebAssembly kernel cannot run here: no WebAssembly SIMD, or a browser's
 * main thread that refuses to compile synchronously (`await StreamBuffer.ready()` first).
 */
export class StreamBufferKernelError extends Error {
  override name = 'StreamBufferKernelError';
}
