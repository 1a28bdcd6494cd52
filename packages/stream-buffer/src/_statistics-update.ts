/**
 * The statistics callback's payload and the charge/energy accumulators (docs/stream-buffer.md,
 * "Callback and accumulators"): one update per entry of the last reduction level, the charge and
 * energy summed as integers of pC and pJ (bigint), truncated per entry as the reference does,
 * so they never drift however long the stream runs.
 */
import { STATS_FIELDS, sampleVariance } from '@joulescope/stats';
import type { StatsField } from '@joulescope/stats';
import { integralUnits, signalUnits } from './_units';
import type { SignalStatistics, StatisticsUpdate } from './types';

/** Exact charge and energy since the last reset. */
export class ChargeEnergy {
  private chargePico = 0n;
  private energyPico = 0n;

  reset(): void {
    this.chargePico = 0n;
    this.energyPico = 0n;
  }

  /**
   * Adds the last-level entry `record[at]` (a flat statistics record) covering sample ids
   * `[startId, endId)` at `fs` Hz and returns the callback payload.
   */
  update(record: Float64Array, at: number, startId: number, endId: number, fs: number, calibrated: boolean): StatisticsUpdate {
    const duration = (endId - startId) / fs;
    const t0 = startId / fs;
    const t1 = t0 + duration;
    const delta = t1 - t0;
    const k = record[at];
    const signals = {} as Record<StatsField, SignalStatistics>;
    STATS_FIELDS.forEach((field, f) => {
      const o = at + 1 + 4 * f;
      const empty = k === 0;
      const mean = empty ? NaN : record[o];
      const min = empty ? NaN : record[o + 2];
      const max = empty ? NaN : record[o + 3];
      const s: SignalStatistics = {
        mean,
        variance: sampleVariance(k, record[o + 1]),
        min,
        max,
        p2p: max - min,
        units: signalUnits(field, calibrated),
      };
      if (field === 'current' || field === 'power') {
        s.integral = mean * delta;
        s.integralUnits = integralUnits(field, calibrated);
      }
      signals[field] = s;
    });
    const chargePico = signals.current.mean * 1e12 * duration;
    const energyPico = signals.power.mean * 1e12 * duration;
    if (Number.isFinite(chargePico) && Number.isFinite(energyPico)) {
      this.chargePico += BigInt(Math.trunc(chargePico));
      this.energyPico += BigInt(Math.trunc(energyPico));
    }
    return {
      time: { range: [t0, t1], delta, samples: k, sampleRange: [startId, endId] },
      signals,
      accumulators: {
        charge: { value: Number(this.chargePico) * 1e-12, units: integralUnits('current', calibrated), pico: this.chargePico },
        energy: { value: Number(this.energyPico) * 1e-12, units: integralUnits('power', calibrated), pico: this.energyPico },
      },
      calibrated,
      source: 'stream_buffer',
    };
  }
}
