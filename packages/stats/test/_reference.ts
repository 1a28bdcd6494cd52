// Brute-force two-pass statistics, the reference the fast code is checked against.
export interface Plain {
  count: number;
  mean: number;
  variance: number;
  min: number;
  max: number;
}

export function twoPass(values: readonly number[]): Plain {
  const xs = values.filter((x) => Number.isFinite(x));
  const n = xs.length;
  if (n === 0) return { count: 0, mean: NaN, variance: NaN, min: NaN, max: NaN };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  // Extremes by the reference's rule (`x < min`): of equal values the first stays, so 0 then
  // -0 gives 0 (Math.min would give -0).
  let min = xs[0];
  let max = xs[0];
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return {
    count: n,
    mean,
    variance: n <= 1 ? 0 : ss / (n - 1),
    min,
    max,
  };
}

/** |a - b| <= rel * max(|a|, |b|) + abs; NaN equals NaN. */
export function close(a: number, b: number, rel: number, abs = 1e-12): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}
