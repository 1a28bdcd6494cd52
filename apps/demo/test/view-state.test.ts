import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialView, viewReduce, type ViewLimits } from '../src/view-state';
import { MIN_SPAN_SAMPLES } from '../src/view-window';

const limits: ViewLimits = { first: 0, last: 60_000_000, maxSpan: 60_000_000 };

describe('viewReduce', () => {
  it('follows the newest sample', () => {
    const v = initialView(4_000_000);
    expect(v).toEqual({ follow: true, start: -4_000_000, stop: 0 });
    expect(viewReduce(v, { type: 'data', limits: { ...limits, last: 10_000_000 } })).toEqual({ follow: true, start: 6_000_000, stop: 10_000_000 });
    const paused = viewReduce(v, { type: 'pause' });
    expect(viewReduce(paused, { type: 'data', limits })).toBe(paused);
    // The buffer shrank (a shorter duration): the window narrows to it.
    const small = { first: 0, last: 50_000_000, maxSpan: 20_000_000 };
    expect(viewReduce({ follow: true, start: 0, stop: 60_000_000 }, { type: 'data', limits: small })).toEqual({ follow: true, start: 30_000_000, stop: 50_000_000 });
  });

  it('zooms about the cursor: the sample under it stays under it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 20, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (factor, anchor) => {
        const v = { follow: false, start: 20_000_000, stop: 24_000_000 };
        const z = viewReduce(v, { type: 'zoom', factor, anchor, limits });
        const span = z.stop - z.start;
        expect(span).toBeCloseTo(Math.min(4_000_000 * factor, limits.maxSpan), 3);
        const under = v.start + anchor * 4_000_000;
        if (z.start > limits.first && z.stop < limits.last) expect(z.start + anchor * span).toBeCloseTo(under, 3);
        expect(z.start).toBeGreaterThanOrEqual(limits.first);
        expect(z.stop).toBeLessThanOrEqual(limits.last);
      }),
    );
  });

  it('zooms down to a few samples and out to the whole buffer, no further', () => {
    let v = { follow: false, start: 1000, stop: 2000 };
    for (let k = 0; k < 50; k++) v = viewReduce(v, { type: 'zoom', factor: 0.5, anchor: 0.5, limits });
    expect(v.stop - v.start).toBe(MIN_SPAN_SAMPLES);
    for (let k = 0; k < 100; k++) v = viewReduce(v, { type: 'zoom', factor: 2, anchor: 0.5, limits });
    expect(v).toEqual({ follow: false, start: 0, stop: 60_000_000 });
  });

  it('zooming in leaves live mode, zooming out stays live', () => {
    const live = viewReduce(initialView(4_000_000), { type: 'data', limits });
    expect(viewReduce(live, { type: 'zoom', factor: 0.5, anchor: 0.25, limits }).follow).toBe(false);
    expect(viewReduce(live, { type: 'zoom', factor: 2, anchor: 0.25, limits })).toEqual({ follow: true, start: 52_000_000, stop: 60_000_000 });
  });

  it('pans by fractions of the window, inside the data', () => {
    const v = { follow: true, start: 56_000_000, stop: 60_000_000 };
    const p = viewReduce(v, { type: 'pan', fraction: 0.25, limits });
    expect(p).toEqual({ follow: false, start: 55_000_000, stop: 59_000_000 });
    expect(viewReduce(p, { type: 'pan', fraction: -1, limits })).toEqual({ follow: false, start: 56_000_000, stop: 60_000_000 });
    expect(viewReduce(p, { type: 'pan', fraction: 100, limits })).toEqual({ follow: false, start: 0, stop: 4_000_000 });
    expect(viewReduce(p, { type: 'follow', limits })).toEqual({ follow: true, start: 56_000_000, stop: 60_000_000 });
  });

  it('shows a chosen range', () => {
    const v = initialView(100);
    expect(viewReduce(v, { type: 'show', start: 10, stop: 1010, limits })).toEqual({ follow: false, start: 10, stop: 1010 });
    expect(viewReduce(v, { type: 'show', start: 10, stop: 11, limits })).toEqual({ follow: false, start: 6.5, stop: 14.5 });
  });
});
