/**
 * The reduction pyramid: level n holds one statistics record per `steps[n]` samples of the
 * ring, `steps[n]` being the product of the first n + 1 factors. Level 0 is fed by finished
 * blocks of samples; each level above combines `factors[n]` children when its counter
 * completes (docs/stream-buffer.md, "The pyramid").
 *
 * Large factors above level 0 are split into two internal levels (100 → 10 × 10): a range
 * edge then costs about 20 entries to combine instead of 100, for 1 % more memory. The
 * user's levels (`publicLevels`) are a subset of the internal ones.
 */
import { STATS_RECORD_LENGTH as RECORD_STRIDE, statsRecordReduce as recordReduce } from '@joulescope/stats';

export type LevelListener = (level: number, data: Float64Array, offset: number) => void;

/** Factors from which a level is split in two (smaller ones gain too little). */
const SPLIT_FROM = 16;

/** The most balanced split of `f` into two factors ≥ 2, or null for small or prime `f`. */
function split(f: number): [number, number] | null {
  if (f < SPLIT_FROM) return null;
  for (let d = Math.floor(Math.sqrt(f)); d >= 2; d--) if (f % d === 0) return [d, f / d];
  return null;
}

export class ReductionPyramid {
  /** Internal factors (the user's, with large ones above level 0 split). */
  readonly factors: readonly number[];
  /** Samples per entry of each internal level. */
  readonly steps: readonly number[];
  /** Entries of each internal level. */
  readonly lengths: readonly number[];
  /** Records of each internal level, `RECORD_STRIDE` doubles per entry. */
  readonly data: readonly Float64Array[];
  /** Internal level of each of the user's reduction levels. */
  readonly publicLevels: readonly number[];
  private readonly counters: Int32Array;
  private readonly ringLength: number;

  constructor(ringLength: number, reductions: readonly number[]) {
    this.ringLength = ringLength;
    const factors: number[] = [];
    const publicLevels: number[] = [];
    reductions.forEach((f, n) => {
      const parts = n === 0 ? null : split(f);
      if (parts === null) factors.push(f);
      else factors.push(...parts);
      publicLevels.push(factors.length - 1);
    });
    this.factors = factors;
    this.publicLevels = publicLevels;
    const steps: number[] = [];
    let step = 1;
    for (const f of factors) {
      step *= f;
      steps.push(step);
    }
    this.steps = steps;
    this.lengths = steps.map((s) => ringLength / s);
    this.data = this.lengths.map((n) => new Float64Array(n * RECORD_STRIDE));
    this.counters = new Int32Array(factors.length);
  }

  /** Internal levels. */
  get levels(): number {
    return this.factors.length;
  }

  /** Bytes held by all levels. */
  get byteLength(): number {
    return this.data.reduce((sum, d) => sum + d.byteLength, 0);
  }

  /** Clears the level counters (not the records, like the reference). */
  reset(): void {
    this.counters.fill(0);
  }

  /**
   * Restarts the levels at sample id `processed` after the `lost` samples before it were
   * lost: entries of every block touching `[processed − lost, processed)` are emptied so no
   * stale entry is used or combined upward, and the counters follow the id.
   * Returns the samples left in the current level-0 block.
   */
  realign(processed: number, lost: number): number {
    const L = this.ringLength;
    for (let n = 0; n < this.factors.length; n++) {
      const R = this.steps[n];
      const first = Math.floor(Math.max(0, processed - lost) / R);
      const last = Math.floor(processed / R);
      for (let b = first; b <= last; b++) {
        const slot = ((b * R) % L) / R;
        this.data[n].fill(0, slot * RECORD_STRIDE, (slot + 1) * RECORD_STRIDE);
      }
      if (n > 0) this.counters[n] = Math.floor((processed % R) / this.steps[n - 1]);
    }
    return this.factors[0] - (processed % this.factors[0]);
  }

  /** Slot just completed at `processed` for a level of `step` samples per entry. */
  private slot(processed: number, level: number): number {
    const s = Math.floor((processed % this.ringLength) / this.steps[level]) - 1;
    return s < 0 ? this.lengths[level] - 1 : s;
  }

  /**
   * Stores a finished level-0 block (the record at `src[s]`) for the block ending at
   * `processed`, then updates the levels above; `listener` hears about every level written.
   */
  pushBlock(processed: number, src: Float64Array, s: number, listener: LevelListener | null): void {
    const level0 = this.data[0];
    const at = this.slot(processed, 0) * RECORD_STRIDE;
    level0.set(src.subarray(s, s + RECORD_STRIDE), at);
    if (listener !== null) listener(0, level0, at);
    for (let n = 1; n < this.factors.length; n++) {
      const count = this.counters[n] + 1;
      if (count < this.factors[n]) {
        this.counters[n] = count;
        return;
      }
      this.counters[n] = 0;
      const target = this.slot(processed, n);
      const dst = this.data[n];
      recordReduce(dst, target * RECORD_STRIDE, this.data[n - 1], target * this.factors[n] * RECORD_STRIDE, this.factors[n]);
      if (listener !== null) listener(n, dst, target * RECORD_STRIDE);
    }
  }
}
