import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RunningStats,
  STATS_FIELD_COUNT,
  STATS_RECORD_LENGTH,
  StatsArray,
  statsRecordClear,
  statsRecordCombine,
  statsRecordReduce,
  statsRecordToRow,
} from '../src/index';
import { close, twoPass } from './_reference';

const L = STATS_RECORD_LENGTH;
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
/** A block of samples: each sample has one value per field. */
const sample = fc.array(value, { minLength: STATS_FIELD_COUNT, maxLength: STATS_FIELD_COUNT });
const block = fc.array(sample, { maxLength: 12 });

/** The record of a block, built with RunningStats field by field. */
function runningOf(samples: readonly number[][]): RunningStats[] {
  return Array.from({ length: STATS_FIELD_COUNT }, (_, f) => {
    const s = new RunningStats();
    for (const x of samples) s.add(x[f]);
    return s;
  });
}

function writeRecord(dst: Float64Array, at: number, fields: readonly RunningStats[]): void {
  dst[at] = fields[0].count;
  fields.forEach((s, f) => {
    dst.set([s.mean, s.m2, s.min, s.max], at + 1 + 4 * f);
  });
}

/** `blocks` as a table of records starting at slot `offset`. */
function table(blocks: readonly number[][][], offset = 0): Float64Array {
  const t = new Float64Array(offset + blocks.length * L).fill(-7); // junk around and inside empties
  blocks.forEach((b, i) => {
    if (b.length === 0) t[offset + i * L] = 0;
    else writeRecord(t, offset + i * L, runningOf(b));
  });
  return t;
}

describe('STATS_RECORD_LENGTH', () => {
  it('is the count then mean, M2, min, max of six fields', () => {
    expect(L).toBe(25);
  });
});

describe('statsRecordClear', () => {
  it('zeroes exactly one record', () => {
    const t = new Float64Array(3 * L).fill(5);
    statsRecordClear(t, L);
    expect([...t.subarray(0, L)].every((x) => x === 5)).toBe(true);
    expect([...t.subarray(L, 2 * L)].every((x) => x === 0)).toBe(true);
    expect([...t.subarray(2 * L)].every((x) => x === 5)).toBe(true);
  });
});

describe('statsRecordCombine', () => {
  it('folds records bit for bit as RunningStats.combine does, field by field', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 8 }), fc.nat(30), (blocks, offset) => {
        const src = table(blocks, offset);
        const dst = new Float64Array(L + 3);
        statsRecordClear(dst, 3);
        const expected = runningOf([]);
        for (let i = 0; i < blocks.length; i++) {
          statsRecordCombine(dst, 3, src, offset + i * L);
          if (blocks[i].length > 0) runningOf(blocks[i]).forEach((s, f) => expected[f].combine(s));
        }
        expect(dst[3]).toBe(expected[0].count);
        if (expected[0].count === 0) return;
        expected.forEach((s, f) => {
          const o = 3 + 1 + 4 * f;
          expect([dst[o], dst[o + 1], dst[o + 2], dst[o + 3]]).toEqual([s.mean, s.m2, s.min, s.max]);
        });
      }),
    );
  });

  it('matches a brute-force two-pass computation of all samples', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 8 }), (blocks) => {
        const src = table(blocks);
        const dst = new Float64Array(L);
        for (let i = 0; i < blocks.length; i++) statsRecordCombine(dst, 0, src, i * L);
        const all = blocks.flat();
        for (let f = 0; f < STATS_FIELD_COUNT; f++) {
          const r = twoPass(all.map((x) => x[f]));
          expect(dst[0]).toBe(r.count);
          if (r.count === 0) continue;
          const o = 1 + 4 * f;
          expect(close(dst[o], r.mean, 1e-9, 1e-9)).toBe(true);
          expect(close(dst[0] <= 1 ? 0 : dst[o + 1] / (dst[0] - 1), r.variance, 1e-6, 1e-6)).toBe(true);
          expect([dst[o + 2] + 0, dst[o + 3] + 0]).toEqual([r.min + 0, r.max + 0]); // + 0: which zero wins a tie is the combine rule's, tested apart
        }
      }),
    );
  });

  it('copies into an empty record, ignores an empty source, and works within one array', () => {
    const t = table([[[1, 2, 3, 4, 5, 6]], [], [[3, 2, 1, 0, 1, 2], [5, 6, 7, 8, 9, 10]]]);
    const dst = new Float64Array(L);
    statsRecordCombine(dst, 0, t, 0);
    expect([...dst]).toEqual([...t.subarray(0, L)]);
    statsRecordCombine(dst, 0, t, L); // empty: junk slots ignored
    expect([...dst]).toEqual([...t.subarray(0, L)]);
    statsRecordCombine(t, 0, t, 2 * L);
    const expected = runningOf([[1, 2, 3, 4, 5, 6], [3, 2, 1, 0, 1, 2], [5, 6, 7, 8, 9, 10]]);
    expect(t[0]).toBe(3);
    expect(close(t[1], expected[0].mean, 1e-15)).toBe(true);
    expect([t[3], t[4]]).toEqual([1, 5]);
  });

  it('never lets a NaN extreme replace a number, in either order', () => {
    const t = table([[[1, 1, 1, 1, 1, 1], [3, 3, 3, 3, 3, 3]], [[2, 2, 2, 2, 2, 2]]]);
    t[L + 1 + 4 + 2] = NaN; // the voltage min and max of the second record
    t[L + 1 + 4 + 3] = NaN;
    const a = t.slice(0, L);
    statsRecordCombine(a, 0, t, L);
    expect([a[1 + 4 + 2], a[1 + 4 + 3]]).toEqual([1, 3]);
    const b = t.slice(L, 2 * L);
    statsRecordCombine(b, 0, t, 0);
    expect([b[1 + 4 + 2], b[1 + 4 + 3]]).toEqual([1, 3]);
  });
});

describe('statsRecordReduce', () => {
  it('equals folding statsRecordCombine up to rounding, counts and extremes exactly', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 10 }), fc.nat(30), (blocks, offset) => {
        const src = table(blocks, offset);
        const fold = new Float64Array(L);
        for (let i = 0; i < blocks.length; i++) statsRecordCombine(fold, 0, src, offset + i * L);
        const dst = new Float64Array(L + 5).fill(9);
        statsRecordReduce(dst, 5, src, offset, blocks.length);
        expect(dst[5]).toBe(fold[0]);
        if (fold[0] === 0) {
          expect([...dst.subarray(5)].every((x) => x === 0)).toBe(true);
          return;
        }
        for (let f = 0; f < STATS_FIELD_COUNT; f++) {
          const o = 1 + 4 * f;
          const scale = Math.max(1, Math.abs(fold[o + 2]), Math.abs(fold[o + 3]));
          expect(close(dst[5 + o], fold[o], 1e-12, 1e-9 * scale)).toBe(true);
          expect(close(dst[5 + o + 1], fold[o + 1], 1e-6, 1e-6 * scale * scale)).toBe(true);
          expect(dst[5 + o + 1]).toBeGreaterThanOrEqual(0);
          expect([dst[5 + o + 2], dst[5 + o + 3]]).toEqual([fold[o + 2], fold[o + 3]]);
        }
      }),
    );
  });

  it('matches a brute-force two-pass computation of all samples', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 10 }), (blocks) => {
        const src = table(blocks);
        const dst = new Float64Array(L);
        statsRecordReduce(dst, 0, src, 0, blocks.length);
        const all = blocks.flat();
        for (let f = 0; f < STATS_FIELD_COUNT; f++) {
          const r = twoPass(all.map((x) => x[f]));
          expect(dst[0]).toBe(r.count);
          if (r.count === 0) continue;
          const o = 1 + 4 * f;
          expect(close(dst[o], r.mean, 1e-9, 1e-9)).toBe(true);
          expect(close(dst[0] <= 1 ? 0 : dst[o + 1] / (dst[0] - 1), r.variance, 1e-6, 1e-6)).toBe(true);
          expect([dst[o + 2] + 0, dst[o + 3] + 0]).toEqual([r.min + 0, r.max + 0]); // + 0: which zero wins a tie is the combine rule's, tested apart
        }
      }),
    );
  });

  it('gives the empty record for no records or only empty ones, and M2 0 for equal values', () => {
    const dst = new Float64Array(L).fill(3);
    statsRecordReduce(dst, 0, new Float64Array(0), 0, 0);
    expect([...dst].every((x) => x === 0)).toBe(true);
    dst.fill(3);
    statsRecordReduce(dst, 0, table([[], [], []]), 0, 3);
    expect([...dst].every((x) => x === 0)).toBe(true);
    const same = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    statsRecordReduce(dst, 0, table([[same, same], [same], [same, same, same]]), 0, 3);
    expect(dst[0]).toBe(6);
    expect(dst[2]).toBe(0);
  });

  it('never lets a NaN extreme replace a number, first record included', () => {
    const t = table([[[1, 1, 1, 1, 1, 1]], [[3, 3, 3, 3, 3, 3]], [[2, 2, 2, 2, 2, 2]]]);
    for (const r of [0, 2]) {
      t[r * L + 1 + 4 + 2] = NaN;
      t[r * L + 1 + 4 + 3] = NaN;
    }
    const dst = new Float64Array(L);
    statsRecordReduce(dst, 0, t, 0, 3);
    expect([dst[1 + 4 + 2], dst[1 + 4 + 3]]).toEqual([3, 3]);
    expect([dst[1 + 2], dst[1 + 3]]).toEqual([1, 3]); // current untouched
  });
});

describe('statsRecordToRow', () => {
  it('writes what StatsArray.setFromRunning writes, field by field', () => {
    fc.assert(
      fc.property(block, fc.nat(3), (b, row) => {
        const t = table([b], 2);
        const a = new StatsArray(4);
        statsRecordToRow(t, 2, a, row);
        const expected = new StatsArray(4);
        runningOf(b).forEach((s, f) => expected.setFromRunning(row, f, s));
        for (let f = 0; f < STATS_FIELD_COUNT; f++) expect(a.record(row, f)).toEqual(expected.record(row, f));
      }),
    );
  });

  it('gives the Bessel variance, 0 for one sample, and the empty record for count 0', () => {
    const t = table([[[0, 0, 0, 0, 0, 0], [2, 2, 2, 2, 2, 2], [4, 4, 4, 4, 4, 4], [6, 6, 6, 6, 6, 6], [8, 8, 8, 8, 8, 8]], [[7, 7, 7, 7, 7, 7]], []]);
    const a = new StatsArray(3);
    for (let r = 0; r < 3; r++) statsRecordToRow(t, r * L, a, r);
    expect(a.record(0, 2)).toEqual({ count: 5, mean: 4, variance: 10, min: 0, max: 8 });
    expect(a.record(1, 5)).toEqual({ count: 1, mean: 7, variance: 0, min: 7, max: 7 });
    expect(a.record(2, 0)).toEqual({ count: 0, mean: NaN, variance: NaN, min: NaN, max: NaN });
  });
});
