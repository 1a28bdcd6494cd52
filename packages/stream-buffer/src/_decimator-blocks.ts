/**
 * Statistics of the output ring over any range of held ids (docs/downsampling.md, "Queries"):
 * whole blocks of `BLOCK` output samples from a table of block records, the ragged edges from
 * the samples. A block's record is computed the first time a query needs it and kept until its
 * samples leave the ring, so ingest pays nothing and a repeated view of hours of history reads
 * one record per 256 samples. The table costs 0.8 bytes per output sample.
 */
import { STATS_RECORD_LENGTH, statsRecordCombine, statsRecordReduce } from '@joulescope/stats';
import { ACCUMULATOR_SIZE, accumulate, accumulatorClear, accumulatorToRecord } from './_decimator-ring';
import type { DecimatorRing } from './_decimator-ring';

/** Output samples per block record. */
export const BLOCK = 256;
const R = STATS_RECORD_LENGTH;

/** Every block within a ring's span of ids, plus the one straddling its ends. */
function capacityFor(length: number): number {
  return Math.ceil(length / BLOCK) + 1;
}

export class DecimatorBlocks {
  private readonly ring: DecimatorRing;
  /** Block records, block b in slot b % capacity. */
  private readonly records: Float64Array;
  /** The block each slot holds (−1: none). */
  private readonly tags: Float64Array;
  private readonly capacity: number;
  private readonly acc = new Float64Array(ACCUMULATOR_SIZE);
  private readonly part = new Float64Array(R);

  constructor(ring: DecimatorRing) {
    this.ring = ring;
    this.capacity = capacityFor(ring.length);
    this.records = new Float64Array(this.capacity * R);
    this.tags = new Float64Array(this.capacity).fill(-1);
  }

  /** Bytes of the table for a ring of `length` output samples. */
  static byteLength(length: number): number {
    return capacityFor(length) * (R + 1) * 8;
  }

  get byteLength(): number {
    return this.records.byteLength + this.tags.byteLength;
  }

  /** Forgets every block record: the ids start over. */
  reset(): void {
    this.tags.fill(-1);
  }

  /** Statistics of the held output samples `[xs, xe)` as a record at `dst[0]`. */
  stats(xs: number, xe: number, dst: Float64Array): void {
    const b1 = Math.ceil(xs / BLOCK);
    const b2 = Math.floor(xe / BLOCK);
    const acc = this.acc;
    if (b1 >= b2) {
      accumulatorClear(acc);
      this.accumulateIds(xs, xe);
      accumulatorToRecord(acc, dst, 0);
      return;
    }
    for (let b = b1; b < b2; b++) this.ensure(b);
    const C = this.capacity;
    const s1 = b1 % C;
    const n = b2 - b1;
    const run = Math.min(n, C - s1);
    statsRecordReduce(dst, 0, this.records, s1 * R, run);
    if (run < n) {
      statsRecordReduce(this.part, 0, this.records, 0, n - run);
      statsRecordCombine(dst, 0, this.part, 0);
    }
    // The ragged edges, head and tail in one accumulation.
    accumulatorClear(acc);
    this.accumulateIds(xs, b1 * BLOCK);
    this.accumulateIds(b2 * BLOCK, xe);
    accumulatorToRecord(acc, this.part, 0);
    statsRecordCombine(dst, 0, this.part, 0);
  }

  /** Computes the record of block `b` (whose samples are all held) unless it is kept. */
  private ensure(b: number): void {
    const slot = b % this.capacity;
    if (this.tags[slot] === b) return;
    const acc = this.acc;
    accumulatorClear(acc);
    this.accumulateIds(b * BLOCK, (b + 1) * BLOCK);
    accumulatorToRecord(acc, this.records, slot * R);
    this.tags[slot] = b;
  }

  /** Adds the output samples `[s1, s2)` (held ids) to the accumulator. */
  private accumulateIds(s1: number, s2: number): void {
    const ring = this.ring;
    const L = ring.length;
    let pos = s1 % L;
    for (let left = s2 - s1; left > 0; ) {
      const run = Math.min(left, L - pos);
      accumulate(this.acc, ring, pos, pos + run);
      pos = pos + run === L ? 0 : pos + run;
      left -= run;
    }
  }
}
