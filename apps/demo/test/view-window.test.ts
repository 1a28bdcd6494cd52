import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clampWindow, rowTime, viewWindow } from '../src/view-window';

// Window bounds as zoom produces them (no denormal sample ids).
const sampleId = fc.double({ min: -1e9, max: 1e10, noNaN: true, noDefaultInfinity: true }).filter((x) => x === 0 || Math.abs(x) > 1e-6);

describe('viewWindow: about one row per pixel', () => {
  it('gives single samples when the window is narrower than the plot', () => {
    expect(viewWindow(100, 110, 800)).toEqual({ start: 100, stop: 110, increment: 1, rows: 10 });
    expect(viewWindow(100.4, 109.2, 800)).toEqual({ start: 100, stop: 110, increment: 1, rows: 10 });
  });

  it('aligns rows to multiples of the increment', () => {
    // 2 s at 2 MS/s on 1000 px: 4000 samples per row.
    expect(viewWindow(1_234_567, 5_234_567, 1000)).toEqual({ start: 1_232_000, stop: 5_236_000, increment: 4000, rows: 1001 });
    expect(viewWindow(-4000, 0, 1000)).toEqual({ start: -4000, stop: 0, increment: 4, rows: 1000 });
  });

  it('covers the window with at most pixels + 1 rows of the smallest increment that fits', () => {
    fc.assert(
      fc.property(sampleId, fc.double({ min: 1e-3, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 8192 }), (start, span, pixels) => {
        const stop = start + span;
        fc.pre(stop > start);
        const w = viewWindow(start, stop, pixels);
        expect(Number.isInteger(w.increment) && w.increment >= 1).toBe(true);
        expect(w.start % w.increment === 0).toBe(true);
        expect(w.start).toBeLessThanOrEqual(start);
        expect(w.stop).toBeGreaterThanOrEqual(stop);
        expect(w.stop - w.start).toBe(w.rows * w.increment);
        expect(w.rows).toBeLessThanOrEqual(pixels + 1);
        // Smallest: one sample fewer per row would need more than `pixels` rows for the span.
        if (w.increment > 1) expect((w.increment - 1) * pixels).toBeLessThan(stop - start);
        // Rows of a bigger span never get finer.
        expect(viewWindow(start, start + 2 * span, pixels).increment).toBeGreaterThanOrEqual(w.increment);
      }),
    );
  });

  it('keeps the row grid while a window scrolls (no shimmer in a live plot)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 100, max: 2000 }), (start, shift, pixels) => {
        const span = 4_000_000;
        const a = viewWindow(start, start + span, pixels);
        const b = viewWindow(start + shift, start + shift + span, pixels);
        expect(b.increment).toBe(a.increment);
        expect((b.start - a.start) % a.increment).toBe(0);
      }),
    );
  });

  it('rounds big increments to whole reduction blocks', () => {
    const blocks = [200, 20_000, 1_000_000];
    expect(viewWindow(0, 1_000_000, 1000, blocks).increment).toBe(1000); // < 10 blocks of 200: exact
    expect(viewWindow(0, 4_000_000, 873, blocks)).toEqual({ start: 0, stop: 4_002_000, increment: 4600, rows: 870 });
    expect(viewWindow(0, 60_000_000, 1000, blocks).increment).toBe(60_000);
    expect(viewWindow(0, 60_000_000, 5, blocks).increment).toBe(12_000_000);
    fc.assert(
      fc.property(sampleId, fc.double({ min: 1, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 4096 }), (start, span, pixels) => {
        const w = viewWindow(start, start + span, pixels, blocks);
        const plain = viewWindow(start, start + span, pixels);
        expect(w.increment).toBeGreaterThanOrEqual(plain.increment);
        expect(w.increment).toBeLessThanOrEqual(plain.increment * 1.1);
        if (plain.increment >= 2000) expect(w.increment % 200).toBe(0);
        if (plain.increment >= 200_000) expect(w.increment % 20_000).toBe(0);
        expect(w.start % w.increment === 0).toBe(true);
      }),
    );
  });

  it('rejects bad windows with typed errors', () => {
    expect(() => viewWindow(Number.NaN, 10, 100)).toThrow(TypeError);
    expect(() => viewWindow(0, Infinity, 100)).toThrow(TypeError);
    expect(() => viewWindow(10, 10, 100)).toThrow(RangeError);
    expect(() => viewWindow(10, 5, 100)).toThrow(/greater than start/);
    expect(() => viewWindow(0, 10, 0)).toThrow(RangeError);
    expect(() => viewWindow(0, 10, 1.5)).toThrow(/positive integer/);
  });
});

describe('clampWindow', () => {
  it('keeps only rows wholly inside the samples held', () => {
    const w = viewWindow(0, 10_000, 100); // increment 100, 100 rows
    expect(clampWindow(w, 0, 10_000)).toBe(w);
    expect(clampWindow(w, -5, 20_000)).toBe(w);
    expect(clampWindow(w, 0, 5_050)).toEqual({ start: 0, stop: 5_000, increment: 100, rows: 50 });
    expect(clampWindow(w, 2_001, 5_050)).toEqual({ start: 2_100, stop: 5_000, increment: 100, rows: 29 });
    expect(clampWindow(w, 0, 0)).toEqual({ start: 0, stop: 0, increment: 100, rows: 0 });
    expect(clampWindow(viewWindow(1000, 2000, 10), 0, 500)).toEqual({ start: 1000, stop: 1000, increment: 100, rows: 0 });
  });

  it('never asks for more rows than the samples held fill', () => {
    fc.assert(
      fc.property(sampleId, fc.double({ min: 1, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e8 }), (start, span, pixels, last, held) => {
        const w = clampWindow(viewWindow(start, start + span, pixels, [200, 20_000]), last - held, last);
        expect(w.rows).toBeGreaterThanOrEqual(0);
        expect(w.rows * w.increment).toBeLessThanOrEqual(held);
        expect(w.stop - w.start).toBe(w.rows * w.increment);
        if (w.rows > 0) {
          expect(w.start).toBeGreaterThanOrEqual(last - held);
          expect(w.stop).toBeLessThanOrEqual(last);
        }
      }),
    );
  });
});

describe('rowTime', () => {
  it('is the sample time for single samples and the middle of the row otherwise', () => {
    expect(rowTime({ start: 10, stop: 20, increment: 1, rows: 10 }, 3, 1000)).toBe(0.013);
    expect(rowTime({ start: 0, stop: 400, increment: 4, rows: 100 }, 0, 2)).toBe(0.75);
  });
});
