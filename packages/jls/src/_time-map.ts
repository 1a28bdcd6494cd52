/**
 * A signal's map between sample ids and UTC (docs/jls.md, "Time"), as the C reader builds it:
 * entries in increasing sample-id order (an equal id replaces the previous entry), piecewise
 * linear between entries and extrapolated from the end segments; with one entry, the nominal
 * sample rate from it.
 */
import { TIME64_SECOND } from './time64';
import type { UtcEntry } from './records';

/** C's round(): halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export class TimeMap {
  private readonly ids: number[] = [];
  private readonly times: bigint[] = [];

  constructor(
    entries: readonly UtcEntry[],
    private readonly sampleRate: number,
  ) {
    for (const e of entries) {
      const n = this.ids.length;
      if (n > 0 && e.sampleId === this.ids[n - 1]) {
        this.times[n - 1] = e.time64;
      } else if (n === 0 || e.sampleId > this.ids[n - 1]) {
        this.ids.push(e.sampleId);
        this.times.push(e.time64);
      }
    }
  }

  get size(): number {
    return this.ids.length;
  }

  /** The time64 of API sample id `sampleId`, or null without UTC entries. */
  sampleIdToTime64(sampleId: number): bigint | null {
    const n = this.ids.length;
    if (n === 0) return null;
    if (n === 1) {
      const dt = ((sampleId - this.ids[0]) / this.sampleRate) * Number(TIME64_SECOND);
      return this.times[0] + BigInt(Math.trunc(dt));
    }
    const i = segment(this.ids, sampleId);
    const slope = Number(this.times[i + 1] - this.times[i]) / (this.ids[i + 1] - this.ids[i]);
    return this.times[i] + BigInt(roundHalfAway((sampleId - this.ids[i]) * slope));
  }

  /** The API sample id at time64 `t` (an integer), or null without UTC entries. */
  time64ToSampleId(t: bigint): number | null {
    const n = this.ids.length;
    if (n === 0) return null;
    if (n === 1) {
      const dt = Number(t - this.times[0]) / Number(TIME64_SECOND);
      return this.ids[0] + Math.trunc(dt * this.sampleRate);
    }
    const i = segment(this.times, t);
    const slope = (this.ids[i + 1] - this.ids[i]) / Number(this.times[i + 1] - this.times[i]);
    return this.ids[i] + roundHalfAway(Number(t - this.times[i]) * slope);
  }
}

/** The index i of the segment [x[i], x[i + 1]] to use for x0 (the end segments outside). */
function segment<T extends number | bigint>(x: readonly T[], x0: T): number {
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= x0) lo = mid;
    else hi = mid;
  }
  return Math.min(lo, x.length - 2);
}
