// Brute-force statistics over samples read back with samplesGet: the reference that the
// pyramid-based queries are checked against.
import { expect } from 'vitest';
import type { StatsArray } from '@joulescope/stats';
import type { SampleBuffer } from '../src/index';

export interface Rec {
  count: number;
  mean: number;
  variance: number;
  min: number;
  max: number;
}

export function bruteStats(b: SampleBuffer, start: number, stop: number): Rec[] {
  const n = Math.max(0, stop - start);
  const cur = b.samplesGet(start, start + n, 'current');
  const vol = b.samplesGet(start, start + n, 'voltage');
  const bits = b.samplesGet(start, start + n, 'bits');
  const fields: number[][] = [[], [], [], [], [], []];
  for (let k = 0; k < n; k++) {
    const i = cur[k];
    if (!Number.isFinite(i)) continue;
    const v = vol[k];
    fields[0].push(i);
    fields[1].push(v);
    fields[2].push(Math.fround(i * v));
    fields[3].push(bits[k] & 15);
    fields[4].push((bits[k] >> 4) & 1);
    fields[5].push((bits[k] >> 5) & 1);
  }
  return fields.map((xs) => {
    if (xs.length === 0) return { count: 0, mean: NaN, variance: NaN, min: NaN, max: NaN };
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    const ss = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0);
    // Extremes skip NaN (a voltage may be NaN where the current is not); the mean does not.
    const numbers = xs.filter((x) => !Number.isNaN(x));
    return {
      count: xs.length,
      mean,
      variance: xs.length <= 1 ? 0 : ss / (xs.length - 1),
      min: numbers.length === 0 ? NaN : numbers.reduce((a, x) => (x < a ? x : a), Infinity),
      max: numbers.length === 0 ? NaN : numbers.reduce((a, x) => (x > a ? x : a), -Infinity),
    };
  });
}

function close(a: number, b: number, rel: number, abs: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}

/** Row `row` of `a` equals the brute-force records (conformance tolerances). */
export function expectRow(a: StatsArray, row: number, want: Rec[], what: string): void {
  for (let f = 0; f < 6; f++) {
    const i = row * 6 + f;
    const w = want[f];
    expect(a.count[i], `${what} field ${String(f)} count`).toBe(w.count);
    const ok =
      close(a.mean[i], w.mean, 1e-9, 1e-12) &&
      close(a.variance[i], w.variance, 1e-6, 1e-12) &&
      close(a.min[i], w.min, 0, 0) &&
      close(a.max[i], w.max, 0, 0);
    expect(ok, `${what} field ${String(f)}: got ${JSON.stringify(a.record(row, f))} want ${JSON.stringify(w)}`).toBe(true);
  }
}
