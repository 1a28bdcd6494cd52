/**
 * An annotation or UTC track being written (docs/jls.md, "Annotation and UTC tracks"): one DATA
 * chunk per entry, and an index pyramid of decimate factor D (default 100) over them. Level L
 * commits when it holds D entries: INDEX(L) (timestamp, offset per entry), then SUMMARY(L) (the
 * 16-byte summary entries), and its first entry goes up to level L + 1. At close every level
 * commits in "close mode", which creates no new level and adds no summary entry above, as the C
 * writer does.
 */
import { ChunkList, type ChunkWriter } from './_chunk-writer';
import { CHUNK_DATA, CHUNK_INDEX, CHUNK_SUMMARY, LEVEL_COUNT, PAYLOAD_HEADER_SIZE, trackTag, writePayloadHeader } from './_format';
import { TrackHead } from './_track-head';

interface Level {
  /** Per entry: timestamp, offset of the chunk it indexes. */
  timestamps: number[];
  offsets: number[];
  /** Summary entries, 16 bytes each. */
  summaries: Uint8Array[];
}

export class TsWriter {
  readonly head: TrackHead;
  readonly dataList = new ChunkList();
  readonly indexLists: ChunkList[] = Array.from({ length: LEVEL_COUNT }, () => new ChunkList());
  readonly summaryLists: ChunkList[] = Array.from({ length: LEVEL_COUNT }, () => new ChunkList());
  private readonly levels: Array<Level | null> = new Array<Level | null>(LEVEL_COUNT).fill(null);

  constructor(
    private readonly io: ChunkWriter,
    readonly signalId: number,
    readonly trackType: number,
    private readonly decimate: number,
    headOffset: number,
  ) {
    this.head = new TrackHead(io, headOffset);
  }

  /** Appends one DATA chunk (`payload`) with its 16-byte level-1 summary entry. */
  add(timestamp: number, payload: Uint8Array, summaryEntry: Uint8Array): void {
    const offset = this.io.append(this.dataList, trackTag(this.trackType, CHUNK_DATA), this.signalId, payload);
    this.head.first(0, offset);
    const l = this.level(1);
    l.timestamps.push(timestamp);
    l.offsets.push(offset);
    l.summaries.push(summaryEntry);
    if (l.offsets.length >= this.decimate) this.commit(1, false);
  }

  close(): void {
    for (let level = 1; level < LEVEL_COUNT; level++) this.commit(level, true);
  }

  private level(level: number): Level {
    let l = this.levels[level];
    if (l === null) {
      l = { timestamps: [], offsets: [], summaries: [] };
      this.levels[level] = l;
    }
    return l;
  }

  private commit(level: number, closing: boolean): void {
    const l = this.levels[level];
    if (l === null || l.offsets.length === 0) return;
    if (!closing && level + 1 < LEVEL_COUNT) this.level(level + 1);
    const ts = l.timestamps[0];
    const meta = this.signalId | (level << 12);

    const n = l.offsets.length;
    const index = new Uint8Array(PAYLOAD_HEADER_SIZE + n * 16);
    const iv = new DataView(index.buffer);
    writePayloadHeader(iv, ts, n, 128);
    for (let i = 0; i < n; i++) {
      iv.setBigInt64(PAYLOAD_HEADER_SIZE + i * 16, BigInt(l.timestamps[i]), true);
      iv.setBigUint64(PAYLOAD_HEADER_SIZE + i * 16 + 8, BigInt(l.offsets[i]), true);
    }
    const indexOffset = this.io.append(this.indexLists[level], trackTag(this.trackType, CHUNK_INDEX), meta, index);
    this.head.first(level, indexOffset);

    const up = level + 1 < LEVEL_COUNT ? this.levels[level + 1] : null;
    if (up !== null) {
      up.timestamps.push(ts);
      up.offsets.push(indexOffset);
      if (!closing) up.summaries.push(l.summaries[0]);
    }

    const m = l.summaries.length;
    const summary = new Uint8Array(PAYLOAD_HEADER_SIZE + m * 16);
    writePayloadHeader(new DataView(summary.buffer), ts, m, 128);
    for (let i = 0; i < m; i++) summary.set(l.summaries[i], PAYLOAD_HEADER_SIZE + i * 16);
    this.io.append(this.summaryLists[level], trackTag(this.trackType, CHUNK_SUMMARY), meta, summary);

    if (up !== null && up.offsets.length >= this.decimate) this.commit(level + 1, closing);
    l.timestamps.length = 0;
    l.offsets.length = 0;
    l.summaries.length = 0;
  }
}
