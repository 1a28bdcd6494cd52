// Brute-force references for the tests.
import type { DataType } from '../src/index';

/** Exact [mean, std (n - 1), min, max] rows of the finite values; NaN rows where none. */
export function exactRows(x: ArrayLike<number>, start: number, increment: number, rows: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = start + r * increment; i < start + (r + 1) * increment; i++) {
      const v = x[i];
      if (!Number.isFinite(v)) continue;
      n++;
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (n === 0) {
      out.push(NaN, NaN, NaN, NaN);
      continue;
    }
    const mean = sum / n;
    let m2 = 0;
    for (let i = start + r * increment; i < start + (r + 1) * increment; i++) if (Number.isFinite(x[i])) m2 += (x[i] - mean) ** 2;
    out.push(mean, n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, min, max);
  }
  return out;
}

/** Random samples of a type (deterministic from `seed`), with NaN runs for floats. */
export function randomSamples(type: DataType, n: number, seed: number, nanRuns = true): number[] | bigint[] {
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const bits = Number(/\d+/.exec(type)?.[0]);
  if (type === 'u64') return Array.from({ length: n }, () => BigInt(Math.floor(rand() * 2 ** 53)) * (rand() < 0.5 ? 1n : 2047n));
  if (type === 'i64') return Array.from({ length: n }, () => BigInt(Math.floor((rand() - 0.5) * 2 ** 53)) * 1024n);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (type === 'f32' || type === 'f64') {
      if (nanRuns && rand() < 0.002) {
        const run = Math.floor(rand() * 300);
        for (let k = 0; k < run && i < n; k++, i++) out.push(NaN);
        if (i >= n) break;
      }
      const v = Math.sin(i / 50) + (rand() - 0.5) * 0.1;
      out.push(type === 'f32' ? Math.fround(v) : v);
    } else if (type.startsWith('u')) {
      out.push(Math.floor(rand() * 2 ** bits));
    } else {
      out.push(Math.floor(rand() * 2 ** bits) - 2 ** (bits - 1));
    }
  }
  return out;
}
