/**
 * The statistics of a run of updates combined into one: exactly the samples the updates
 * covered (pairwise combination of counts, means and M2, as the buffer's reductions do), so a
 * summary never needs the samples themselves and works for runs longer than the buffer.
 */
import { STATS_RECORD_LENGTH, statsRecordCombine } from '@joulescope/stats';
import type { DeviceAccumulator, DeviceStatistics, SampleLoss, SignalName, SignalSummaries, SignalSummary } from './statistics-update';

const SIGNALS: readonly SignalName[] = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'];

/** Statistics over all the updates of a run. */
export interface StatisticsTotals {
  /** Updates combined. */
  readonly updates: number;
  /** [start, end) in input sample ids: from the first update's start to the last one's end. */
  readonly sampleRange: readonly [number, number];
  /** [t0, t1] in seconds since the stream started. */
  readonly timeRange: readonly [number, number];
  /** Samples with a finite current. */
  readonly samples: number;
  /** Statistics of each signal over all the samples. */
  readonly signals: SignalSummaries;
  /** The last update's totals since the stream started. */
  readonly accumulators: {
    /** Charge (C). */
    readonly charge: DeviceAccumulator;
    /** Energy (J). */
    readonly energy: DeviceAccumulator;
  };
  /** The last update's sample-loss counters. */
  readonly loss: SampleLoss;
  /** False when the values are raw ADC codes. */
  readonly calibrated: boolean;
}

/** Adds updates one by one; `totals()` at any time. */
export class StatisticsSummary {
  private readonly total = new Float64Array(STATS_RECORD_LENGTH);
  private readonly part = new Float64Array(STATS_RECORD_LENGTH);
  private first: DeviceStatistics | null = null;
  private last: DeviceStatistics | null = null;
  private count = 0;

  /** Updates added so far. */
  get updates(): number {
    return this.count;
  }

  /** Adds one update (they must be consecutive updates of one stream). */
  add(update: DeviceStatistics): void {
    const k = update.time.samples;
    const part = this.part;
    part[0] = k;
    SIGNALS.forEach((name, f) => {
      const s = update.signals[name];
      part[1 + 4 * f] = s.mean;
      part[2 + 4 * f] = k > 1 ? s.variance * (k - 1) : 0;
      part[3 + 4 * f] = s.min;
      part[4 + 4 * f] = s.max;
    });
    if (k > 0) statsRecordCombine(this.total, 0, part, 0);
    this.first ??= update;
    this.last = update;
    this.count++;
  }

  /** The combined statistics; null before the first update. */
  totals(): StatisticsTotals | null {
    const first = this.first;
    const last = this.last;
    if (first === null || last === null) return null;
    const t = this.total;
    const k = t[0];
    const signals = {} as Record<SignalName, SignalSummary>;
    SIGNALS.forEach((name, f) => {
      const empty = k === 0;
      const mean = empty ? NaN : t[1 + 4 * f];
      const variance = empty ? NaN : k > 1 ? t[2 + 4 * f] / (k - 1) : 0;
      const min = empty ? NaN : t[3 + 4 * f];
      const max = empty ? NaN : t[4 + 4 * f];
      signals[name] = { mean, std: Math.sqrt(variance), variance, min, max, p2p: max - min, units: last.signals[name].units };
    });
    return {
      updates: this.count,
      sampleRange: [first.time.sampleRange[0], last.time.sampleRange[1]],
      timeRange: [first.time.range[0], last.time.range[1]],
      samples: k,
      signals,
      accumulators: last.accumulators,
      loss: last.loss,
      calibrated: last.calibrated,
    };
  }
}
