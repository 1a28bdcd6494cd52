/**
 * The reduction pyramid's levels (docs/stream-buffer.md, "The pyramid"): level n holds one
 * statistics record per `steps[n]` samples of the ring, the product of the first n + 1
 * factors. Large factors above level 0 are split into internal levels (50 → 5 × 10,
 * 100 → 4 × 5 × 5): a range edge then combines about 10 entries instead of 100, for a few
 * percent more memory. The user's levels (`publicLevels`) are a subset of the internal ones.
 */

/** Factors from which a level is split in two, and in three (smaller ones gain too little). */
const SPLIT_FROM = 16;
const SPLIT3_FROM = 64;

/** The split of `f` into two or three factors ≥ 2 with the smallest sum, or null to keep it. */
function split(f: number): number[] | null {
  if (f < SPLIT_FROM) return null;
  let best: number[] | null = null;
  let sum = f;
  for (let a = 2; a * a <= f; a++) {
    if (f % a !== 0) continue;
    if (a + f / a < sum) {
      best = [a, f / a];
      sum = a + f / a;
    }
    if (f < SPLIT3_FROM) continue;
    const g = f / a;
    for (let b = a; b * b <= g; b++) {
      if (g % b === 0 && a + b + g / b < sum) {
        best = [a, b, g / b];
        sum = a + b + g / b;
      }
    }
  }
  return best;
}

export interface PyramidLevels {
  /** Internal factors. */
  factors: readonly number[];
  /** Samples per entry of each internal level. */
  steps: readonly number[];
  /** Entries of each internal level. */
  entries: readonly number[];
  /** Internal level of each of the user's reduction levels. */
  publicLevels: readonly number[];
}

export function pyramidLevels(ringLength: number, reductions: readonly number[]): PyramidLevels {
  const factors: number[] = [];
  const publicLevels: number[] = [];
  reductions.forEach((f, n) => {
    const parts = n === 0 ? null : split(f);
    if (parts === null) factors.push(f);
    else factors.push(...parts);
    publicLevels.push(factors.length - 1);
  });
  const steps: number[] = [];
  let step = 1;
  for (const f of factors) {
    step *= f;
    steps.push(step);
  }
  return { factors, steps, entries: steps.map((s) => ringLength / s), publicLevels };
}
