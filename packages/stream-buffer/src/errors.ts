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
