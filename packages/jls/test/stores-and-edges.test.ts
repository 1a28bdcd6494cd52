// The browser stores (OPFS access handles, writable file streams) through stand-ins, and the
// reader's less common paths: omitted chunks, signals too short for a summary, raw rows longer
// than the read buffer, 64-bit input as plain arrays.
import { describe, expect, it } from 'vitest';
import { crc32c } from '../src/_crc32c';
import {
  JlsReader,
  JlsWriter,
  MemorySink,
  syncAccessHandleSink,
  syncAccessHandleSource,
  writableFileStreamSink,
  type SyncAccessHandleLike,
} from '../src/index';
import { chunksOf } from './_chunks';
import { mismatch, nums } from './_fixture';
import { exactRows } from './_reference';

/** An in-memory stand-in for FileSystemSyncAccessHandle, writing at most 1000 bytes per call. */
function fakeHandle(): SyncAccessHandleLike & { bytes: () => Uint8Array; closed: boolean; flushes: number } {
  const m = new MemorySink();
  const h = {
    closed: false,
    flushes: 0,
    write(buffer: Uint8Array, { at }: { at: number }): number {
      const n = Math.min(1000, buffer.length);
      m.write(at, buffer.subarray(0, n));
      return n;
    },
    read(buffer: Uint8Array, { at }: { at: number }): number {
      const b = m.bytes();
      const n = Math.max(0, Math.min(buffer.length, 1000, b.length - at));
      buffer.set(b.subarray(at, at + n));
      return n;
    },
    getSize: () => m.bytes().length,
    flush: () => void h.flushes++,
    close: () => void (h.closed = true),
    bytes: () => m.bytes(),
  };
  return h;
}

async function small(w: JlsWriter): Promise<void> {
  await w.sourceDef({ sourceId: 1, name: 's' });
  await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 1000, name: 'a' });
  await w.fsr(1, 0, Float32Array.from({ length: 100_000 }, (_, i) => i));
  await w.flush();
  await w.close();
}

describe('browser stores', () => {
  it('OPFS sync access handle: sink and source (short writes and reads)', async () => {
    const h = fakeHandle();
    await small(await JlsWriter.open(syncAccessHandleSink(h)));
    expect(h.closed).toBe(true);
    expect(h.flushes).toBe(1);
    const mem = new MemorySink();
    await small(await JlsWriter.open(mem));
    expect(Buffer.compare(h.bytes(), mem.bytes())).toBe(0);
    h.closed = false;
    const r = await JlsReader.open(syncAccessHandleSource(h));
    expect(mismatch(await r.fsr(1, 0, 100_000), Float32Array.from({ length: 100_000 }, (_, i) => i))).toBe(-1);
    await r.close();
    expect(h.closed).toBe(true);
  });

  it('a handle that writes nothing is an io error', async () => {
    const h = { ...fakeHandle(), write: () => 0 };
    await expect(JlsWriter.open(syncAccessHandleSink(h))).rejects.toMatchObject({ code: 'io' });
  });

  it('writable file stream: positioned writes as promises, published at close', async () => {
    const mem = new MemorySink();
    let closed = false;
    const stream = {
      write: ({ position, data }: { type: 'write'; position: number; data: Uint8Array }) => Promise.resolve(mem.write(position, data.slice())),
      close: () => Promise.resolve(void (closed = true)),
    };
    await small(await JlsWriter.open(writableFileStreamSink(stream)));
    expect(closed).toBe(true);
    const ref = new MemorySink();
    await small(await JlsWriter.open(ref));
    expect(Buffer.compare(mem.bytes(), ref.bytes())).toBe(0);
  });
});

describe('reader paths', () => {
  it('omitted DATA chunks (as the C library writes constant u1/u4/u8 chunks) read back from the summary', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 's' });
    const values = new Map<number, Uint8Array | Float32Array>();
    const types = ['u8', 'u4', 'u1', 'f32', 'i8'] as const;
    for (let i = 0; i < types.length; i++) {
      await w.signalDef({ signalId: i + 1, sourceId: 1, dataType: types[i], sampleRate: 10, name: types[i] });
      const n = 300_000;
      const x = types[i] === 'f32' ? new Float32Array(n) : new Uint8Array(n);
      // Constant runs, then varying data.
      for (let k = 0; k < n; k++) x[k] = k < 200_000 ? (types[i] === 'u1' ? 1 : 3) : (k >> 4) & 1;
      values.set(i + 1, x);
      await w.fsr(i + 1, 0, types[i] === 'i8' ? Int8Array.from(x) : x);
    }
    await w.close();
    // Omit the second DATA chunk of every signal: its level-1 INDEX entry becomes 0.
    const bytes = sink.bytes().slice();
    const v = new DataView(bytes.buffer);
    const layout = chunksOf(bytes);
    for (let id = 1; id <= types.length; id++) {
      const index = layout.find((c) => c.tag === 0x23 && c.meta === (id | 0x1000)) as (typeof layout)[number];
      v.setBigUint64(index.offset + 32 + 16 + 8, 0n, true);
      v.setUint32(index.offset + 32 + index.payloadLength + ((8 - ((index.payloadLength + 4) % 8)) % 8), crc32c(bytes, index.offset + 32, index.offset + 32 + index.payloadLength), true);
    }
    const r = await JlsReader.open(bytes);
    for (let id = 1; id <= types.length; id++) {
      const s = r.signal(id);
      const got = await r.fsr(id, 0, s.length);
      expect(mismatch(got, values.get(id) as Uint8Array), s.name).toBe(-1);
      await r.fsrStatistics(id, 0, s.length, 1);
    }
  });

  it('signals shorter than one decimation group (no summary level) read through the DATA list', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 's' });
    await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 10, name: 'a' });
    await w.signalDef({ signalId: 2, sourceId: 1, dataType: 'u1', sampleRate: 10, name: 'b' });
    await w.signalDef({ signalId: 3, sourceId: 1, dataType: 'i16', sampleRate: 10, name: 'never written' });
    const a = Float32Array.from({ length: 100 }, (_, i) => i * 0.5);
    await w.fsr(1, 7, a);
    await w.fsr(2, 7, Uint8Array.from({ length: 1000 }, (_, i) => i & 1));
    await w.close();
    const r = await JlsReader.open(sink.bytes());
    expect([r.signal(1).length, r.signal(2).length, r.signal(3).length]).toEqual([100, 1000, 0]);
    expect(mismatch(await r.fsr(1, 0, 100), a)).toBe(-1);
    expect(mismatch(await r.fsr(1, 37, 3), a.subarray(37, 40))).toBe(-1);
    expect(nums(await r.fsr(2, 995, 5))).toEqual([1, 0, 1, 0, 1]);
    const [mean, std, min, max] = await r.fsrStatistics(1, 0, 100, 1);
    const ref = exactRows(nums(a), 0, 100, 1);
    expect([mean, min, max]).toEqual([ref[0], ref[2], ref[3]]);
    expect(std).toBeCloseTo(ref[1], 12);
    expect((await r.fsr(3, 0, 0)).length).toBe(0);
  });

  it('raw rows longer than the read buffer (huge decimation) are read twice, not held', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 's' });
    await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 10, name: 'a', samplesPerData: 1 << 22, sampleDecimateFactor: 1 << 22, entriesPerSummary: 10, summaryDecimateFactor: 10 });
    const n = 3_000_000;
    const x = Float32Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? NaN : Math.sin(i / 10_000)));
    await w.fsr(1, 0, x);
    await w.close();
    const r = await JlsReader.open(sink.bytes());
    const got = await r.fsrStatistics(1, 1, 1_400_000, 2);
    const ref = exactRows(nums(x), 1, 1_400_000, 2);
    for (let i = 0; i < 8; i++) expect(got[i]).toBeCloseTo(ref[i], 12);
  });

  it('64-bit integer samples given as plain arrays of bigints or safe integers', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 's' });
    await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'u64', sampleRate: 10, name: 'u' });
    await w.signalDef({ signalId: 2, sourceId: 1, dataType: 'i64', sampleRate: 10, name: 'i' });
    await w.fsr(1, 0, [1n, 2, (1n << 64n) - 1n]);
    await w.fsr(2, 0, [-(1n << 63n), -5, 7n]);
    await expect(w.fsr(1, 3, [-1])).rejects.toThrow(RangeError);
    await expect(w.fsr(2, 3, [2 ** 60])).rejects.toThrow(RangeError);
    await w.close();
    const r = await JlsReader.open(sink.bytes());
    expect(Array.from(await r.fsr(1, 0, 3) as BigUint64Array)).toEqual([1n, 2n, (1n << 64n) - 1n]);
    expect(Array.from(await r.fsr(2, 0, 3) as BigInt64Array)).toEqual([-(1n << 63n), -5n, 7n]);
  });
});
