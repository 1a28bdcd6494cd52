// Writer -> reader for every data type, NaNs, gaps and duplicates, sample ids far from 0,
// annotations of each kind, UTC, user data of each storage, and statistics against brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_TYPES, JlsReader, JlsWriter, MemorySink, type DataType, type SampleArray, type SignalDef, type SignalInfo } from '../src/index';
import { mismatch, nums } from './_fixture';
import { exactRows, randomSamples } from './_reference';

const TYPES = Object.keys(DATA_TYPES) as DataType[];

function typedOf(type: DataType, values: number[] | bigint[]): SampleArray {
  switch (type) {
    case 'u1':
    case 'u4':
    case 'u8':
      return Uint8Array.from(values as number[]);
    case 'u16':
      return Uint16Array.from(values as number[]);
    case 'u32':
      return Uint32Array.from(values as number[]);
    case 'u64':
      return BigUint64Array.from(values as bigint[]);
    case 'i4':
    case 'i8':
      return Int8Array.from(values as number[]);
    case 'i16':
      return Int16Array.from(values as number[]);
    case 'i32':
      return Int32Array.from(values as number[]);
    case 'i64':
      return BigInt64Array.from(values as bigint[]);
    case 'f32':
      return Float32Array.from(values as number[]);
    default:
      return Float64Array.from(values as number[]);
  }
}

/** Samples per summary entry at the level the C reader picks for rows of `inc` (0: samples). */
function levelStep(s: SignalInfo, inc: number, rows: number): number {
  let step = 0;
  let m = s.sampleDecimateFactor;
  while (inc >= m && inc * rows >= 25 * m) {
    step = m;
    m *= s.summaryDecimateFactor;
  }
  return step;
}

async function roundTrip(
  defs: Array<Omit<SignalDef, 'sourceId' | 'sampleRate' | 'name'> & { values: SampleArray; first: number; blocks: number[] }>,
): Promise<JlsReader> {
  const sink = new MemorySink();
  const w = await JlsWriter.open(sink);
  await w.sourceDef({ sourceId: 3, name: 'rt', vendor: 'v', model: 'm', version: '1', serialNumber: 's' });
  for (const d of defs) {
    const { values: _v, first: _f, blocks: _b, ...def } = d;
    await w.signalDef({ ...def, sourceId: 3, sampleRate: 1000, name: `sig${d.signalId}` });
  }
  for (const d of defs) {
    let at = 0;
    for (const n of d.blocks) {
      if (at >= d.values.length) break;
      await w.fsr(d.signalId, d.first + at, d.values.subarray(at, Math.min(d.values.length, at + n)));
      at += n;
    }
    if (at < d.values.length) await w.fsr(d.signalId, d.first + at, d.values.subarray(at));
  }
  await w.close();
  const r = await JlsReader.open(sink.bytes());
  expect(r.warnings).toEqual([]);
  return r;
}

describe('every data type', () => {
  for (const type of TYPES) {
    it(`${type}: samples exact, length, offset, statistics vs brute force`, async () => {
      const n = 70_000;
      const values = typedOf(type, randomSamples(type, n, 1 + TYPES.indexOf(type), false));
      const first = 123_456_789_012;
      const r = await roundTrip([
        { signalId: 1, dataType: type, values, first, blocks: [1, 7, 4096, 333, 65536] },
        // Small sizing: many summary levels over few samples.
        { signalId: 2, dataType: type, values, first: 0, blocks: [1000], samplesPerData: 10, sampleDecimateFactor: 10, entriesPerSummary: 10, summaryDecimateFactor: 10 },
      ]);
      for (const id of [1, 2]) {
        const s = r.signal(id);
        expect(s.dataType).toBe(type);
        expect(s.length).toBe(n);
        expect(s.sampleIdOffset).toBe(id === 1 ? first : 0);
        const got = await r.fsr(id, 0, n);
        expect(got.constructor).toBe(values.constructor);
        expect(mismatch(got, values)).toBe(-1);
        expect(mismatch(await r.fsr(id, 12_345, 101), values.subarray(12_345, 12_446))).toBe(-1);
        const x = nums(values);
        // Spans shorter than a decimation group come from the samples: exact.
        const small = s.sampleDecimateFactor - 1;
        const raw = await r.fsrStatistics(id, 77, small, 40);
        const want = exactRows(x, 77, small, 40);
        for (let i = 0; i < want.length; i++) {
          expect(Math.abs(raw[i] - want[i]), `${type} ${id} raw [${i}]`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want[i])));
        }
        // Summary levels. One row covers exactly its span (summaries inside, samples at the
        // edges): float32 rounding only. Rows of several spans split the summary entries at
        // their edges in proportion (the C reader's way): a mean may be off by up to two
        // entries' share of the range.
        const lo0 = Math.min(...x);
        const range = Math.max(...x) - lo0 || 1;
        const scale = Math.max(Math.abs(lo0), Math.abs(lo0 + range), 1);
        for (const [start, inc, rows] of [
          [0, n, 1],
          [3, 6999, 10],
          [1000, 999, 69],
          [5, 30_000, 2],
        ]) {
          const step = levelStep(s, inc, rows);
          const got2 = await r.fsrStatistics(id, start, inc, rows);
          const ref = exactRows(x, start, inc, rows);
          const split = rows === 1 ? 0 : ((2 * step) / inc) * range;
          for (let row = 0; row < rows; row++) {
            const [m, sd, lo, hi] = ref.slice(row * 4, row * 4 + 4);
            const g = got2.slice(row * 4, row * 4 + 4);
            expect(Math.abs(g[0] - m), `${type} ${id} ${start}/${inc} row ${row} mean`).toBeLessThanOrEqual(1e-6 * scale + split);
            if (rows === 1) {
              expect(Math.abs(g[1] - sd)).toBeLessThanOrEqual(0.01 * sd + 1e-6 * scale);
              expect([g[2], g[3]]).toEqual([lo, hi]);
            } else {
              // Split entries can only widen a row's extremes.
              expect(g[2]).toBeLessThanOrEqual(lo);
              expect(g[3]).toBeGreaterThanOrEqual(hi);
            }
          }
        }
      }
    });
  }
});

describe('gaps, duplicates and sample ids', () => {
  it('fills forward gaps (NaN / 0) and drops samples already written, for any block pattern', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<DataType>('f32', 'u1', 'u4', 'i16'),
        fc.array(fc.record({ skip: fc.integer({ min: -300, max: 300 }), n: fc.integer({ min: 0, max: 2000 }) }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        async (type, blocks, first) => {
          const sink = new MemorySink();
          const w = await JlsWriter.open(sink);
          await w.sourceDef({ sourceId: 1, name: 'g' });
          await w.signalDef({ signalId: 9, sourceId: 1, dataType: type, sampleRate: 10, name: 'g', samplesPerData: 256, sampleDecimateFactor: 8, entriesPerSummary: 32, summaryDecimateFactor: 10 });
          const want: number[] = [];
          let origin = -1;
          let next = first;
          let k = 0;
          for (const b of blocks) {
            const start = Math.max(first, next + b.skip);
            const values = Array.from({ length: b.n }, () => (type === 'f32' ? Math.fround(k++ * 0.5) : k++ % (type === 'u1' ? 2 : 8)));
            await w.fsr(9, start, values);
            if (b.n === 0) continue;
            if (origin < 0) {
              origin = start;
              want.push(...values);
            } else if (start >= next) {
              for (let i = 0; i < start - next; i++) want.push(type === 'f32' ? NaN : 0);
              want.push(...values);
            } else if (start + b.n > next) {
              want.push(...values.slice(next - start));
            }
            next = origin + want.length;
          }
          await w.close();
          const r = await JlsReader.open(sink.bytes());
          const s = r.signal(9);
          expect(s.length).toBe(want.length);
          if (want.length > 0) {
            expect(s.sampleIdOffset).toBe(origin);
            expect(nums(await r.fsr(9, 0, want.length))).toEqual(want);
          }
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });

  it('a recording that ends just after a level-2 boundary stays whole (no orphaned level-1 index)', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 'b' });
    // u1: 512 samples per chunk, 2 entries per chunk, 10 chunks per level-1 INDEX, level 2 full
    // after 10 level-1 chunks: 100 chunks, then one more.
    await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'u1', sampleRate: 1, name: 'b', samplesPerData: 512, sampleDecimateFactor: 256, entriesPerSummary: 20, summaryDecimateFactor: 10 });
    const n = 101 * 512;
    const values = Uint8Array.from({ length: n }, (_, i) => (i >> 4) & 1);
    await w.fsr(1, 0, values);
    await w.close();
    const r = await JlsReader.open(sink.bytes());
    expect(r.signal(1).length).toBe(n);
    expect(mismatch(await r.fsr(1, n - 600, 600), values.subarray(n - 600))).toBe(-1);
    const [mean, std, min, max] = await r.fsrStatistics(1, 0, n, 1);
    const ref = exactRows(nums(values), 0, n, 1);
    expect([mean, min, max]).toEqual([ref[0], ref[2], ref[3]]);
    expect(std / ref[1]).toBeCloseTo(1, 2);
  });
});

describe('NaN: statistics skip NaN samples at every zoom', () => {
  it('all-NaN groups and NaN runs', async () => {
    const n = 2_000_000;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.fround(Math.cos(i / 1000));
    x.fill(NaN, 300_000, 310_000); // many whole level-1 groups
    x.fill(NaN, 1_000_000, 1_000_050);
    x[5] = NaN;
    const r = await roundTrip([{ signalId: 1, dataType: 'f32', values: x, first: 10, blocks: [1 << 20] }]);
    const xs = nums(x);
    for (const [start, inc, rows] of [
      [0, n, 1],
      [0, 100_000, 20],
      [290_000, 10_000, 3],
      [300_000, 10_000, 1],
      [0, 20_000, 100],
    ]) {
      const got = await r.fsrStatistics(1, start, inc, rows);
      const ref = exactRows(xs, start, inc, rows);
      const split = rows === 1 ? 0 : ((2 * levelStep(r.signal(1), inc, rows)) / inc) * 2;
      for (let i = 0; i < ref.length; i++) {
        // Summary entries carry no count: one with some NaN samples weighs as a full span, an
        // approximation of the order of (missing share) x (its deviation from the mean).
        // Rows of several spans take a share of the summary entry straddling each edge (the
        // C reader's split), so an all-NaN row there can show its neighbours' edge values.
        if (Number.isNaN(ref[i])) {
          if (rows === 1) expect(got[i], `${start}/${inc} [${i}]`).toBeNaN();
        } else if (i % 4 === 0 || rows === 1) expect(Math.abs(got[i] - ref[i]), `${start}/${inc} [${i}]`).toBeLessThan(2e-3 * Math.max(0.1, Math.abs(ref[i])) + split);
      }
      // Never NaN where the span holds a finite sample (the NaN rule at every zoom).
      for (let row = 0; row < rows; row++) if (!Number.isNaN(ref[row * 4 + 1])) expect(got[row * 4 + 1]).not.toBeNaN();
    }
  });
});

describe('annotations, UTC and user data', () => {
  it('round trip every annotation type and storage, UTC entries, every user-data kind', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 'a' });
    await w.signalDef({ signalId: 2, sourceId: 1, dataType: 'f32', sampleRate: 1_000_000, name: 'current', units: 'A' });
    await w.fsr(2, 1_000, new Float32Array(50_000).fill(1));
    const annotations = [
      { sampleId: 1_000, y: NaN, type: 'text', groupId: 0, data: 'héllo ✓' },
      { sampleId: 1_500, y: 0.25, type: 'vmarker', groupId: 1, data: '1a' },
      { sampleId: 1_500, y: -3, type: 'hmarker', groupId: 255, data: '1b\u001c{"color": "red"}' },
      { sampleId: 2_000, y: 1, type: 'user', groupId: 7, data: new Uint8Array([0, 1, 0, 255]) },
      { sampleId: 3_000, y: 2, type: 'user', groupId: 7, data: { a: [1, 2.5, null, true], b: 'x', c: NaN } },
      { sampleId: 4_000, y: 2, type: 'text', groupId: 3, data: '' },
    ] as const;
    for (const a of annotations) await w.annotation(2, a.sampleId, a.y, a.type, a.groupId, a.data);
    // More than one index level: 250 more (decimate factor 100).
    for (let i = 0; i < 250; i++) await w.annotation(2, 10_000 + i, i, 'vmarker', 0, `${i}`);
    const utc = Array.from({ length: 321 }, (_, i) => ({ sampleId: 1_000 + i * 100, time64: (270892177293312000n + BigInt(i)) << 2n }));
    for (const u of utc) await w.utc(2, u.sampleId, u.time64);
    const users: Array<[number, string | Uint8Array | object | number | null]> = [
      [0, 'notes ✓'],
      [0x123, { x: [1, 2, 3], nested: { y: 'z' } }],
      [0x456, new Uint8Array([9, 8, 7])],
      [0xfff, 42],
      [1, null],
      [2, ''],
      [3, new Uint8Array(0)],
    ];
    for (const [meta, data] of users) await w.userData(meta, data as string);
    await w.close();

    const r = await JlsReader.open(sink.bytes());
    const got = await r.annotations(2);
    expect(got.length).toBe(annotations.length + 250);
    const storageOf = (d: unknown): string => (typeof d === 'string' ? 'string' : d instanceof Uint8Array ? 'binary' : 'json');
    got.slice(0, annotations.length).forEach((a, i) => {
      const want = annotations[i];
      expect(a.sampleId).toBe(want.sampleId - 1_000);
      if (Number.isNaN(want.y)) expect(a.y).toBeNaN();
      else expect(a.y).toBe(want.y);
      expect([a.type, a.groupId, a.storage]).toEqual([want.type, want.groupId, storageOf(want.data)]);
      expect(a.data).toEqual(want.data);
    });
    expect(got.slice(annotations.length).map((a) => a.data)).toEqual(Array.from({ length: 250 }, (_, i) => `${i}`));
    expect(await r.utc(2)).toEqual(utc.map((u) => ({ sampleId: u.sampleId - 1_000, time64: u.time64 })));
    const ud = await r.userData();
    expect(ud.map((u) => u.chunkMeta)).toEqual(users.map(([m]) => m));
    expect(ud.map((u) => u.data)).toEqual(users.map(([, d]) => d));
    expect(ud.map((u) => u.storage)).toEqual(['string', 'json', 'binary', 'json', 'json', 'string', 'binary']);
  });
});

describe('tens of millions of samples', () => {
  it('30 M f32 samples: length, samples at the seams, whole-file statistics', async () => {
    const n = 30_000_000;
    const block = 1 << 20;
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 'big' });
    await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 2_000_000, name: 'current' });
    const buf = new Float32Array(block);
    const f = (i: number): number => Math.fround(((i * 2654435761) % 4096) / 4096);
    let sum = 0;
    for (let at = 0; at < n; at += block) {
      const k = Math.min(block, n - at);
      for (let i = 0; i < k; i++) sum += (buf[i] = f(at + i));
      await w.fsr(1, at, buf.subarray(0, k));
    }
    await w.close();
    const r = await JlsReader.open(sink.bytes());
    expect(r.signal(1).length).toBe(n);
    for (const start of [0, 8191, 81_919, 1_638_399, 29_999_000]) {
      const got = await r.fsr(1, start, 1000);
      for (let i = 0; i < 1000; i++) if (got[i] !== f(start + i)) throw new Error(`sample ${start + i}`);
    }
    const all = await r.fsrStatistics(1, 0, n, 1);
    expect(all[0]).toBeCloseTo(sum / n, 6);
    expect([all[2], all[3]]).toEqual([0, Math.fround(4095 / 4096)]);
    const rows = await r.fsrStatistics(1, 0, n / 1000, 1000);
    expect(rows.length).toBe(4000);
    for (let i = 0; i < 1000; i++) expect(rows[i * 4]).toBeCloseTo(0.5, 1);
  });
});
