import { describe, expect, it } from 'vitest';
import { StatsArray } from '@joulescope/stats';
import { fillColumns, yRange, type Column } from '../src/plot-columns';

describe('fillColumns', () => {
  it('turns empty rows (missing samples) into gaps and reuses the arrays', () => {
    const s = new StatsArray(4);
    for (const r of [0, 1, 3]) {
      s.count[r * 6 + 1] = 10;
      s.mean[r * 6 + 1] = 3.3 + r;
      s.min[r * 6 + 1] = 3.2 + r;
      s.max[r * 6 + 1] = 3.4 + r;
    }
    const mean: Column = [9, 9, 9, 9, 9, 9];
    const min: Column = [];
    const max: Column = [];
    fillColumns(s, 1, 4, mean, min, max);
    expect(mean).toEqual([3.3, 4.3, null, 6.3]);
    expect(min).toEqual([3.2, 4.2, null, 6.2]);
    expect(max).toEqual([3.4, 4.4, null, 6.4]);
    // Another field of the same rows is all gaps.
    fillColumns(s, 0, 4, mean, min, max);
    expect(mean).toEqual([null, null, null, null]);
    fillColumns(s, 1, 2, mean, min, max);
    expect(mean).toEqual([3.3, 4.3]);
  });
});

describe('yRange', () => {
  it('pads what is drawn and copes with flat and empty signals', () => {
    expect(yRange([1, null, 0], [2, null, 3], 3)).toEqual([0 - 0.18, 3 + 0.18]);
    expect(yRange([5], [5], 1)).toEqual([4.95, 5.05]);
    expect(yRange([null], [null], 1)).toEqual([0, 1]);
    expect(yRange([], [], 0)).toEqual([0, 1]);
  });
});
