// An independent walk over a JLS file's chunks (no CRC checks): the tests' view of the layout.
export interface RawChunk {
  offset: number;
  end: number;
  tag: number;
  meta: number;
  payloadLength: number;
  /** For DATA/INDEX/SUMMARY payloads: the payload header's entry count. */
  entries: number;
  timestamp: number;
}

export function chunksOf(bytes: Uint8Array): RawChunk[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: RawChunk[] = [];
  let pos = 32;
  while (pos + 32 <= bytes.length) {
    const tag = v.getUint8(pos + 16);
    const meta = v.getUint16(pos + 18, true);
    const pl = v.getUint32(pos + 20, true);
    const end = pos + 32 + (pl === 0 ? 0 : pl + ((8 - ((pl + 4) % 8)) % 8) + 4);
    if (end > bytes.length) break;
    const isTrack = (tag & 0xe0) === 0x20 && (tag & 7) >= 2;
    out.push({
      offset: pos,
      end,
      tag,
      meta,
      payloadLength: pl,
      entries: isTrack && pl >= 16 ? v.getUint32(pos + 40, true) : 0,
      timestamp: isTrack && pl >= 16 ? Number(v.getBigInt64(pos + 32, true)) : 0,
    });
    pos = end;
  }
  return out;
}

/** Samples in complete FSR DATA chunks of `signalId` that end at or before `end`. */
export function completeSamples(chunks: readonly RawChunk[], signalId: number, end: number): number {
  return chunks.filter((c) => c.tag === 0x22 && c.meta === signalId && c.end <= end).reduce((n, c) => n + c.entries, 0);
}
