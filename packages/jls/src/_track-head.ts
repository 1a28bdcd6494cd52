/**
 * The TRACK_*_HEAD chunk of one track: 16 u64 file offsets, the first DATA chunk (entry 0) and
 * the first INDEX chunk of each summary level (entries 1..15). Written all zero when the signal is
 * defined, and rewritten in place each time a level gets its first chunk.
 */
import { LEVEL_COUNT, TRACK_HEAD_PAYLOAD_SIZE } from './_format';
import type { ChunkWriter } from './_chunk-writer';

export class TrackHead {
  /** The offsets as written; 0 where a level has no chunk yet. */
  readonly offsets: number[];

  constructor(
    private readonly io: ChunkWriter,
    /** File offset of the HEAD chunk. */
    readonly chunkOffset: number,
    offsets: readonly number[] = new Array<number>(LEVEL_COUNT).fill(0),
  ) {
    this.offsets = offsets.slice();
  }

  /** Records the first chunk of `level` (no change if the level already has one). */
  first(level: number, offset: number): void {
    if (this.offsets[level] !== 0) return;
    this.offsets[level] = offset;
    this.io.rewritePayload(this.chunkOffset, encodeHeadPayload(this.offsets));
  }
}

/** The 128-byte HEAD payload for these offsets. */
export function encodeHeadPayload(offsets: readonly number[]): Uint8Array {
  const out = new Uint8Array(TRACK_HEAD_PAYLOAD_SIZE);
  const v = new DataView(out.buffer);
  for (let i = 0; i < LEVEL_COUNT; i++) v.setBigUint64(i * 8, BigInt(offsets[i] ?? 0), true);
  return out;
}
