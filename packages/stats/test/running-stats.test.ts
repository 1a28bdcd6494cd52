import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunningStats, sampleVariance } from '../src/index';
import { close, twoPass } from './_reference';

const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const withNonFinite = fc.oneof(
  { weight: 8, arbitrary: value },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);

function fromValues(xs: readonly number[]): RunningStats {
  const s = new RunningStats();
  for (const x of xs) s.add(x);
  return s;
}

function expectMatches(s: RunningStats, xs: readonly number[]): void {
  const r = twoPass(xs);
  expect(s.count).toBe(r.count);
  expect(close(s.meanOrNaN, r.mean, 1e-9, 1e-9)).toBe(true);
  expect(close(s.variance, r.variance, 1e-6, 1e-6)).toBe(true);
  if (r.count > 0) {
    expect(s.min).toBe(r.min);
    expect(s.max).toBe(r.max);
  }
}

describe('RunningStats', () => {
  it('is empty with NaN statistics before any value', () => {
    const s = new RunningStats();
    expect(s.count).toBe(0);
    expect(s.meanOrNaN).toBeNaN();
    expect(s.variance).toBeNaN();
    expect(s.std).toBeNaN();
  });

  it('has variance 0 for a single value', () => {
    const s = new RunningStats().add(3.5);
    expect([s.count, s.mean, s.variance, s.min, s.max]).toEqual([1, 3.5, 0, 3.5, 3.5]);
  });

  it('gives the Bessel variance and M2 of the reference example (0, 2, 4, 6, 8)', () => {
    const s = fromValues([0, 2, 4, 6, 8]);
    expect(s.count).toBe(5);
    expect(s.mean).toBe(4);
    expect(s.m2).toBe(40); // the reference stores M2 as its "variance"
    expect(s.variance).toBe(10);
    expect(s.std).toBeCloseTo(Math.sqrt(10), 15);
  });

  it('ignores NaN and infinite values', () => {
    const s = fromValues([1, NaN, 3, Infinity, -Infinity]);
    expect([s.count, s.mean, s.min, s.max]).toEqual([2, 2, 1, 3]);
  });

  it('matches a brute-force two-pass computation', () => {
    fc.assert(
      fc.property(fc.array(withNonFinite, { maxLength: 300 }), (xs) => {
        expectMatches(fromValues(xs), xs);
      }),
    );
  });

  it('add-then-combine in any split equals one pass', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), fc.array(fc.nat(), { maxLength: 6 }), (xs, cuts) => {
        const points = [...new Set(cuts.map((c) => (xs.length === 0 ? 0 : c % (xs.length + 1))))].sort((a, b) => a - b);
        const bounds = [0, ...points, xs.length];
        const total = new RunningStats();
        for (let i = 0; i + 1 < bounds.length; i++) {
          total.combine(fromValues(xs.slice(bounds[i], bounds[i + 1])));
        }
        const one = fromValues(xs);
        expect(total.count).toBe(one.count);
        expect(close(total.meanOrNaN, one.meanOrNaN, 1e-9, 1e-9)).toBe(true);
        expect(close(total.variance, one.variance, 1e-6, 1e-6)).toBe(true);
        if (one.count > 0) {
          expect(total.min).toBe(one.min);
          expect(total.max).toBe(one.max);
        }
        expectMatches(total, xs);
      }),
    );
  });

  it('combines with empty sides in both orders', () => {
    const a = fromValues([1, 2, 3]);
    const empty = new RunningStats();
    expect(a.clone().combine(empty)).toEqual(a);
    expect(empty.clone().combine(a)).toEqual(a);
    expect(new RunningStats().combine(new RunningStats()).count).toBe(0);
  });

  it('follows the reference combine formula exactly', () => {
    const a = fromValues([1, 5, 9]);
    const b = fromValues([2, 4]);
    const kt = 5;
    const f1 = 3 / kt;
    const mean = f1 * a.mean + (1 - f1) * b.mean;
    const d1 = a.mean - mean;
    const d2 = b.mean - mean;
    const m2 = a.m2 + 3 * d1 * d1 + (b.m2 + 2 * d2 * d2);
    const c = a.clone().combine(b);
    expect(c.mean).toBe(mean);
    expect(c.m2).toBe(m2);
    expect([c.min, c.max, c.count]).toEqual([1, 9, 5]);
  });

  it('resets and copies', () => {
    const a = fromValues([1, 2]);
    const b = new RunningStats().copyFrom(a);
    expect(b).toEqual(a);
    a.reset();
    expect(a).toEqual(new RunningStats());
  });
});

describe('RunningStats.addArray', () => {
  it('over typed-array ranges equals one pass', () => {
    fc.assert(
      fc.property(fc.array(withNonFinite, { maxLength: 300 }), fc.nat(), fc.nat(), (xs, p, q) => {
        const arr = Float64Array.from(xs);
        const a = xs.length === 0 ? 0 : p % (xs.length + 1);
        const b = xs.length === 0 ? 0 : q % (xs.length + 1);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const s = new RunningStats().addArray(arr, lo, hi);
        expectMatches(s, xs.slice(lo, hi));
        expect(s).toEqual(fromValues(xs.slice(lo, hi)));
      }),
      { examples: [[[0, -0], 0, 11]] }, // signed zeros: the first of equal extremes stays
    );
  });

  it('continues an existing accumulation', () => {
    const s = fromValues([1, 2]);
    s.addArray(new Float32Array([3, 4]), 0, 2);
    expect(s).toEqual(fromValues([1, 2, 3, 4]));
    expect(new RunningStats().addArray([1, NaN, 3])).toEqual(fromValues([1, 3]));
  });

  it('works on integer arrays and rejects bad ranges, changing nothing', () => {
    const s = new RunningStats().addArray(new Uint8Array([1, 2, 3, 4]), 1, 3);
    expect([s.count, s.mean, s.variance]).toEqual([2, 2.5, 0.5]);
    expect(new RunningStats().addArray(new Int16Array(0)).count).toBe(0);
    const before = s.clone();
    expect(() => s.addArray(new Float32Array(4), 2, 5)).toThrow(RangeError);
    expect(() => s.addArray(new Float32Array(4), 3, 2)).toThrow(RangeError);
    expect(() => s.addArray(new Float32Array(4), -1, 2)).toThrow(RangeError);
    expect(() => s.addArray(new Float32Array(4), 0.5, 2)).toThrow(/integers within \[0, 4\]/);
    expect(() => s.addArray(new Float32Array(4), 0, NaN)).toThrow(RangeError);
    expect(s).toEqual(before);
  });
});

describe('RunningStats extremes', () => {
  it('never lets a NaN extreme replace a number when combining', () => {
    const a = fromValues([1, 5]);
    a.combineParts(2, 3, 2, NaN, NaN);
    expect([a.count, a.min, a.max]).toEqual([4, 1, 5]);
    const b = new RunningStats().combineParts(2, 3, 2, NaN, NaN);
    b.combine(fromValues([7, 9]));
    expect([b.min, b.max]).toEqual([7, 9]);
  });

  it('keeps the reference tie rule: an equal extreme comes from the other side', () => {
    const a = new RunningStats().combineParts(1, 0, 0, -0, -0);
    a.combineParts(1, 0, 0, 0, 0);
    expect(Object.is(a.min, 0)).toBe(true);
    expect(Object.is(a.max, 0)).toBe(true);
  });
});

describe('sampleVariance', () => {
  it('is NaN for no values, 0 for one, else M2 / (count - 1)', () => {
    expect(sampleVariance(0, 5)).toBeNaN();
    expect(sampleVariance(1, 5)).toBe(0);
    expect(sampleVariance(5, 40)).toBe(10);
  });
});
