/**
 * Reading a recording that was never closed (docs/jls.md, "Unfinished files"), without writing
 * to it. The C reader repairs such a file in place; this does the same repair in memory:
 * 1. walk the chunks from byte 32 while headers and sizes hold; the last chunk must also pass
 *    its payload CRC, and a trailing FSR INDEX without its SUMMARY is dropped: `end` is where the
 *    complete chunks stop;
 * 2. every list is relinked through its members in file order, and every track head filled in
 *    where a crash left it without an entry (patched in the overlay): a crash can come between
 *    a batch of chunks and the link rewrites that follow it, or leave links pointing past `end`;
 * 3. for each FSR track, the INDEX/SUMMARY chunks the writer had not yet written are rebuilt
 *    from what is there (the C library's repair: the last INDEX of each level and the DATA chunks
 *    after the deepest intact INDEX are fed through the writer's summary code again) and appended
 *    in memory.
 * The partial DATA chunk a crash leaves in the writer's memory is lost, as with the C library.
 */
import { ChunkReader } from './_chunk-reader';
import { ChunkWriter } from './_chunk-writer';
import {
  CHUNK_DATA,
  CHUNK_DEF,
  CHUNK_HEAD,
  CHUNK_HEADER_SIZE,
  CHUNK_INDEX,
  CHUNK_SUMMARY,
  LEVEL_COUNT,
  PAYLOAD_HEADER_SIZE,
  TAG,
  TRACK_FSR,
  TRACK_HEAD_PAYLOAD_SIZE,
  trackTag,
  type SignalSizing,
} from './_format';
import { readFsrData, readFsrIndex, readFsrSummary } from './_fsr-reader';
import { FsrWriter } from './_fsr-writer';
import { Overlay } from './_overlay';
import { encodeHeadPayload } from './_track-head';
import { unpackSamples } from './_samples';
import { newSampleArray, type DataType } from './data-type';
import { JlsError } from './errors';
import type { JlsSource } from './source';

const FSR_INDEX = trackTag(TRACK_FSR, CHUNK_INDEX);
const FSR_SUMMARY = trackTag(TRACK_FSR, CHUNK_SUMMARY);

/** The complete chunks of an unfinished file, in file order. */
export interface Scan {
  /** End of the last complete chunk. */
  end: number;
  /** True when an END chunk was found (the file was closed; bytes after it are ignored). */
  closed: boolean;
  /** Offsets of the chunks of each list (see `listKey`), in file order. */
  lists: Map<number, number[]>;
  chunkCount: number;
  /** item_next of each chunk by offset, as found. */
  next: Map<number, number>;
}

/**
 * The list a chunk belongs to: user data, sources, signals (definitions, track definitions and
 * heads), one track's DATA chunks, or one track level's INDEX or SUMMARY chunks. -1: none.
 */
function listKey(tag: number, meta: number): number {
  if (tag === TAG.USER_DATA || tag === TAG.SOURCE_DEF || tag === TAG.SIGNAL_DEF) return tag;
  if ((tag & 0xe0) !== 0x20) return -1;
  const kind = tag & 7;
  if (kind === CHUNK_DEF || kind === CHUNK_HEAD) return TAG.SIGNAL_DEF;
  return tag | (meta << 8);
}

/** Walks every chunk header from byte 32 (one read per chunk). */
export async function scanChunks(source: JlsSource, size: number, maxChunkSize: number): Promise<Scan> {
  const reader = new ChunkReader(source, size, maxChunkSize);
  const found: Array<{ offset: number; tag: number; meta: number; itemNext: number }> = [];
  let pos = 32;
  let closed = false;
  while (pos + CHUNK_HEADER_SIZE <= size) {
    let h;
    try {
      h = await reader.header(pos);
    } catch (e) {
      if (e instanceof JlsError && e.code !== 'io') break;
      throw e;
    }
    found.push({ offset: pos, tag: h.tag, meta: h.meta, itemNext: h.itemNext });
    pos += h.size;
    if (h.tag === TAG.END) {
      closed = true;
      break;
    }
  }
  if (!closed && found.length > 0) {
    // The last chunk may be torn: its header made it, not all of its payload.
    try {
      await reader.chunk(found[found.length - 1].offset, 0);
    } catch (e) {
      if (!(e instanceof JlsError) || e.code === 'io') throw e;
      pos = found[found.length - 1].offset;
      found.pop();
    }
    // An FSR INDEX is always followed by its SUMMARY; without it, the INDEX is unusable.
    if (found.length > 0 && found[found.length - 1].tag === FSR_INDEX) {
      pos = found[found.length - 1].offset;
      found.pop();
    }
  }
  const lists = new Map<number, number[]>();
  const next = new Map<number, number>();
  for (const c of found) {
    next.set(c.offset, c.itemNext);
    const key = listKey(c.tag, c.meta);
    if (key < 0) continue;
    let list = lists.get(key);
    if (list === undefined) lists.set(key, (list = []));
    list.push(c.offset);
  }
  return { end: pos, closed, lists, chunkCount: found.length, next };
}

/**
 * The overlay for a scanned file: every list linked through its members in file order, and
 * every track head pointing at its first DATA chunk and the first INDEX of each level where it
 * had no valid entry.
 */
export async function overlayOf(source: JlsSource, scan: Scan, maxChunkSize: number): Promise<Overlay> {
  const overlay = new Overlay(source, scan.end);
  const reader = new ChunkReader(source, scan.end, maxChunkSize);
  const io = new ChunkWriter(overlay, scan.end);
  for (const list of scan.lists.values()) {
    for (let i = 0; i < list.length; i++) {
      const want = i + 1 < list.length ? list[i + 1] : 0;
      if (scan.next.get(list[i]) !== want) io.rewriteHeader(list[i], { ...(await reader.header(list[i])), itemNext: want });
    }
  }
  for (const offset of scan.lists.get(TAG.SIGNAL_DEF) ?? []) {
    const { header, payload } = await reader.chunk(offset);
    if ((header.tag & 0xe7) !== (0x20 | CHUNK_HEAD) || payload.length !== TRACK_HEAD_PAYLOAD_SIZE) continue;
    const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const offsets: number[] = [];
    let changed = false;
    for (let level = 0; level < LEVEL_COUNT; level++) {
      let o = Number(v.getBigUint64(level * 8, true));
      if (o === 0 || o >= scan.end) {
        const tag = (header.tag & 0xf8) | (level === 0 ? CHUNK_DATA : CHUNK_INDEX);
        const first = scan.lists.get(tag | ((header.meta | (level << 12)) << 8))?.[0] ?? 0;
        if (first !== o) {
          o = first;
          changed = true;
        }
      }
      offsets.push(o);
    }
    if (changed) io.rewritePayload(offset, encodeHeadPayload(offsets));
  }
  io.handOff();
  return overlay;
}

/** What the repair needs of one FSR signal. */
export interface RepairSignal {
  signalId: number;
  type: DataType;
  sizing: SignalSizing;
  headOffset: number;
  offsets: number[];
}

/**
 * Rebuilds the missing summary levels of one FSR track into the overlay (the C library's
 * jls_core_repair_fsr). `offsets` is updated with the levels it creates.
 */
export async function repairFsr(overlay: Overlay, scan: Scan, s: RepairSignal, maxChunkSize: number): Promise<void> {
  if (s.offsets[0] === 0) return;
  const reader = new ChunkReader(overlay, overlay.size, maxChunkSize);
  const io = new ChunkWriter(overlay, overlay.size);
  const fsr = new FsrWriter(io, s.signalId, s.type, s.sizing, s.headOffset, s.offsets);
  for (let level = 1; level < LEVEL_COUNT; level++) {
    const meta = s.signalId | (level << 12);
    for (const [list, tag] of [
      [fsr.indexLists[level], FSR_INDEX],
      [fsr.summaryLists[level], FSR_SUMMARY],
    ] as const) {
      const members = scan.lists.get(tag | (meta << 8));
      const tail = members?.[members.length - 1];
      if (tail !== undefined) {
        list.tailOffset = tail;
        list.tailHeader = await reader.header(tail);
      }
    }
  }

  let level = LEVEL_COUNT - 1;
  while (level > 0 && s.offsets[level] === 0) level--;
  let next = 0;
  for (; level > 0; level--) {
    let offset = next !== 0 ? next : s.offsets[level];
    let skip = next !== 0;
    next = 0;
    while (offset !== 0) {
      let index;
      let summary;
      try {
        index = await readFsrIndex(reader, offset, s.signalId, level);
        summary = await readFsrSummary(reader, offset + index.size, s.signalId, level);
      } catch (e) {
        if (e instanceof JlsError && e.code !== 'io') break;
        throw e;
      }
      if (!skip) fsr.refeedLevel(level, offset, index.ts, summary.ts, summary.values, summary.count);
      skip = false;
      if (index.entries.length > 0) next = index.entries[index.entries.length - 1];
      if (index.itemNext !== 0 && index.itemNext <= offset) break;
      offset = index.itemNext;
    }
  }
  let offset = next !== 0 ? next : s.offsets[0];
  let skip = next !== 0;
  while (offset !== 0) {
    let d;
    try {
      d = await readFsrData(reader, offset, s.signalId, s.type);
    } catch (e) {
      if (e instanceof JlsError && e.code !== 'io') break;
      throw e;
    }
    if (d.count > s.sizing.samplesPerData) break;
    if (!skip) {
      const values = newSampleArray(s.type, d.count);
      unpackSamples(s.type, d.payload as Uint8Array, PAYLOAD_HEADER_SIZE, 0, d.count, values, 0);
      fsr.refeedData(offset, d.ts, values);
    }
    skip = false;
    if (d.itemNext !== 0 && d.itemNext <= offset) break;
    offset = d.itemNext;
  }
  fsr.close();
  io.handOff();
  for (let i = 0; i < LEVEL_COUNT; i++) s.offsets[i] = fsr.head.offsets[i];
}
