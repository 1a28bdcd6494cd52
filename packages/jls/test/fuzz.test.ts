// Damaged and hostile files: truncated, bit-flipped, overwritten, and structurally altered with
// valid CRCs (so the checks behind the CRCs are exercised). Every failure must be a JlsError,
// every case must finish, and nothing may allocate beyond the reader's limit.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../src/_crc32c';
import { JlsError, JlsReader, JlsWriter, MemorySink } from '../src/index';
import { SMALL, UNCLOSED } from './_fixture';
import { chunksOf, type RawChunk } from './_chunks';

const CASES = Number(process.env.JLS_FUZZ_CASES ?? 3000);

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A compact file with every feature: several types, small sizing (many levels), annotations, UTC, user data. */
async function compact(closed: boolean): Promise<Uint8Array> {
  const sink = new MemorySink();
  const w = await JlsWriter.open(sink);
  await w.userData(0, 'notes');
  await w.sourceDef({ sourceId: 1, name: 'JS110-000001', vendor: 'Jetperch LLC', model: 'JS110', version: '{}', serialNumber: '000001' });
  const small = { samplesPerData: 64, sampleDecimateFactor: 8, entriesPerSummary: 16, summaryDecimateFactor: 4 };
  await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 1000, name: 'current', units: 'A', ...small });
  await w.signalDef({ signalId: 2, sourceId: 1, dataType: 'u4', sampleRate: 1000, name: 'current_range' });
  await w.signalDef({ signalId: 3, sourceId: 1, dataType: 'u1', sampleRate: 1000, name: 'gpi[0]', samplesPerData: 512, sampleDecimateFactor: 256, entriesPerSummary: 20, summaryDecimateFactor: 10 });
  await w.signalDef({ signalId: 4, sourceId: 1, dataType: 'i64', sampleRate: 1000, name: 'count', ...small });
  const n = 6_000;
  await w.fsr(1, 500, Float32Array.from({ length: n }, (_, i) => (i % 997 === 0 ? NaN : Math.sin(i / 30))));
  await w.fsr(2, 500, Uint8Array.from({ length: n }, (_, i) => (i >> 7) & 15));
  await w.fsr(3, 500, Uint8Array.from({ length: n }, (_, i) => (i >> 5) & 1));
  await w.fsr(4, 500, BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_000_007n));
  for (let i = 0; i < 120; i++) await w.annotation(1, 500 + i * 40, i, 'vmarker', i % 3, { i, s: 'x' });
  for (let i = 0; i < 30; i++) await w.utc(1, 500 + i * 200, 270892177293312000n + BigInt(i) * 600n * (1n << 30n));
  await w.userData(0x123, new Uint8Array([1, 2, 3]));
  if (closed) await w.close();
  else await w.flush();
  return sink.bytes().slice();
}

function fixHeaderCrc(b: Uint8Array, at: number): void {
  new DataView(b.buffer, b.byteOffset).setUint32(at + 28, crc32c(b, at, at + 28), true);
}

function fixPayloadCrc(b: Uint8Array, c: RawChunk): void {
  if (c.payloadLength === 0) return;
  const p = c.offset + 32;
  const pad = (8 - ((c.payloadLength + 4) % 8)) % 8;
  new DataView(b.buffer, b.byteOffset).setUint32(p + c.payloadLength + pad, crc32c(b, p, p + c.payloadLength), true);
}

const HOSTILE_U64 = [0n, 1n, 32n, 33n, 64n, (1n << 53n) - 8n, (1n << 63n) - 1n, (1n << 64n) - 1n];
const HOSTILE_U32 = [0, 1, 2, 7, 0x7fffffff, 0xffffffff, 0x10000, 640, 8192];

/** One damaged copy of `base`. */
function mutate(base: Uint8Array, layout: readonly RawChunk[], rand: () => number): Uint8Array {
  const b = base.slice();
  const v = new DataView(b.buffer);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const kind = Math.floor(rand() * 7);
  const c = pick(layout);
  switch (kind) {
    case 0: // bit flips
      for (let i = 1 + Math.floor(rand() * 4); i > 0; i--) b[Math.floor(rand() * b.length)] ^= 1 << Math.floor(rand() * 8);
      return b;
    case 1: // a run of random bytes
      for (let at = Math.floor(rand() * b.length), i = Math.floor(rand() * 64); i > 0 && at < b.length; i--, at++) b[at] = rand() * 256;
      return b;
    case 2: // truncation (a crash, a partial copy)
      return b.subarray(0, Math.floor(rand() * b.length));
    case 3: {
      // a header field, CRC fixed: links, lengths, tags, meta
      const field = Math.floor(rand() * 5);
      if (field === 0) v.setBigUint64(c.offset, rand() < 0.5 ? pick(HOSTILE_U64) : BigInt(pick(layout).offset), true);
      else if (field === 1) v.setUint32(c.offset + 20, pick(HOSTILE_U32), true);
      else if (field === 2) v.setUint8(c.offset + 16, pick([0x21, 0x22, 0x23, 0x24, 0x32, 0x3a, 0x40, 0x01, 0x02, 0xff, Math.floor(rand() * 256)]));
      else if (field === 3) v.setUint16(c.offset + 18, pick([0, 1, 2, 0x1001, 0x2001, 0xf001, 0xffff, Math.floor(rand() * 65536)]), true);
      else v.setBigUint64(c.offset + 8, pick(HOSTILE_U64), true);
      fixHeaderCrc(b, c.offset);
      return b;
    }
    case 4: {
      // payload words, CRC fixed: entry counts, bit sizes, timestamps, offsets, sizing, strings
      if (c.payloadLength < 4) return b;
      for (let i = 1 + Math.floor(rand() * 3); i > 0; i--) {
        const at = c.offset + 32 + Math.floor((rand() * c.payloadLength) / 4) * 4;
        if (at + 4 > c.offset + 32 + c.payloadLength) continue;
        if (rand() < 0.5 && at + 8 <= c.offset + 32 + c.payloadLength) v.setBigUint64(at, rand() < 0.5 ? pick(HOSTILE_U64) : BigInt(pick(layout).offset), true);
        else v.setUint32(at, pick(HOSTILE_U32), true);
      }
      fixPayloadCrc(b, c);
      return b;
    }
    case 5: {
      // the file header's length field, CRC fixed
      v.setBigUint64(16, rand() < 0.5 ? pick(HOSTILE_U64) : BigInt(Math.floor(rand() * b.length)), true);
      fixHeaderCrc(b, 0);
      return b;
    }
    default: {
      // a whole chunk copied over another (a misplaced write)
      const d = pick(layout);
      b.copyWithin(d.offset, c.offset, Math.min(c.end, c.offset + (d.end - d.offset)));
      return b;
    }
  }
}

/** Everything a user would ask of the file. */
async function exercise(bytes: Uint8Array): Promise<void> {
  const r = await JlsReader.open(bytes, { maxChunkSize: 1 << 20 });
  for (const s of r.signals) {
    if (s.signalType !== 'fsr') continue;
    const len = Math.min(s.length, 1_000_000);
    if (len > 0) {
      await r.fsr(s.signalId, 0, Math.min(len, 3000));
      await r.fsr(s.signalId, len - Math.min(len, 700), Math.min(len, 700));
      await r.fsrStatistics(s.signalId, 0, len, 1);
      await r.fsrStatistics(s.signalId, 1, Math.max(1, Math.floor((len - 1) / 50)), Math.min(50, len - 1) || 1);
      await r.fsrStatistics(s.signalId, 0, 1, Math.min(len, 100));
    }
    await r.annotations(s.signalId);
    await r.utc(s.signalId);
    await r.sampleIdToTime64(s.signalId, 12345);
  }
  await r.userData();
  await r.close();
}

describe('fuzz: damaged and hostile files give JlsError, never a crash or a hang', () => {
  it(`${CASES} seeded cases over the fixtures and compact files`, async () => {
    const bases = [await compact(true), await compact(false), readFileSync(SMALL), readFileSync(UNCLOSED)].map((b) => ({
      bytes: new Uint8Array(b),
      layout: chunksOf(new Uint8Array(b)),
    }));
    await exercise(bases[0].bytes);
    await exercise(bases[1].bytes);
    const rand = prng(20261201);
    const codes = new Map<string, number>();
    let opened = 0;
    for (let i = 0; i < CASES; i++) {
      // The fixtures are bigger: one case in eight.
      const base = rand() < 0.125 ? bases[2 + Math.floor(rand() * 2)] : bases[Math.floor(rand() * 2)];
      const damaged = mutate(base.bytes, base.layout, rand);
      try {
        await exercise(damaged);
        opened++;
      } catch (e) {
        if (!(e instanceof JlsError)) throw new Error(`case ${i}: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
        expect(e.offset === undefined || (Number.isSafeInteger(e.offset) && e.offset >= 0)).toBe(true);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      }
    }
    // Both outcomes happen, and the checks behind the CRCs are reached.
    expect(opened).toBeGreaterThan(CASES / 10);
    for (const code of ['truncated', 'chunk_crc', 'payload_crc', 'bad_chunk']) expect(codes.get(code) ?? 0, code).toBeGreaterThan(0);
  }, 240_000);

  it('the file-level errors, each with its code and offset', async () => {
    const good = await compact(true);
    const expectCode = async (bytes: Uint8Array, code: string, offset?: number): Promise<void> => {
      const e = await JlsReader.open(bytes).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(JlsError);
      expect((e as JlsError).code).toBe(code);
      if (offset !== undefined) expect((e as JlsError).offset).toBe(offset);
    };
    await expectCode(new Uint8Array(0), 'not_jls', 0);
    await expectCode(new TextEncoder().encode('hello world, not a jls file at all'), 'not_jls', 0);
    const v1 = good.slice(0, 64);
    v1.set([0xd3, 0x74, 0x61, 0x67, 0x66, 0x6d, 0x74, 0x20]);
    const v1err = (await JlsReader.open(v1).catch((x: unknown) => x)) as JlsError;
    expect(v1err.message).toMatch(/JLS v1/);
    await expectCode(good.subarray(0, 20), 'truncated', 0);
    const crc = good.slice();
    crc[20] ^= 1;
    await expectCode(crc, 'header_crc', 0);
    const version = good.slice();
    version[27] = 2;
    fixHeaderCrc(version, 0);
    await expectCode(version, 'version', 0);
    const huge = good.slice();
    const layout = chunksOf(good);
    const src = layout.find((c) => c.tag === 0x01 && c.meta === 1) as RawChunk;
    new DataView(huge.buffer).setUint32(src.offset + 20, 0xfffffff0, true);
    fixHeaderCrc(huge, src.offset);
    const tooLarge = (await JlsReader.open(huge, { maxChunkSize: 1 << 20 }).catch((x: unknown) => x)) as JlsError;
    expect(['truncated', 'too_large']).toContain(tooLarge.code);
    const loop = good.slice();
    new DataView(loop.buffer).setBigUint64(src.offset, BigInt(layout[1].offset), true);
    fixHeaderCrc(loop, src.offset);
    await expectCode(loop, 'bad_offset', src.offset);
    await expect(JlsReader.open('/nonexistent/file.jls')).rejects.toMatchObject({ code: 'io' });
  });

  it('a claimed payload beyond maxChunkSize is refused before allocating', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 's' });
    await w.userData(5, new Uint8Array(3 << 20));
    await w.close();
    await expect(JlsReader.open(sink.bytes(), { maxChunkSize: 1 << 20 })).resolves.toBeDefined();
    const r = await JlsReader.open(sink.bytes(), { maxChunkSize: 1 << 20 });
    await expect(r.userData()).rejects.toMatchObject({ code: 'too_large' });
  });
});
