/**
 * One statistics update of a Device: the buffer's last-level entry (docs/stream-buffer.md,
 * "Callback and accumulators") with the standard deviation added, the sample-loss counters,
 * and whether the values are calibrated.
 */
import type { StatisticsUpdate, StreamBufferStatus } from './_stream-buffer';

/** The six statistics fields, in the order of `STATS_FIELDS`. */
export type SignalName = 'current' | 'voltage' | 'power' | 'current_range' | 'current_lsb' | 'voltage_lsb';

const SIGNALS: readonly SignalName[] = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'];

/** Statistics of one signal over one update. */
export interface SignalSummary {
  /** Mean over the samples with a finite current. */
  readonly mean: number;
  /** Sample standard deviation (√ of the Bessel-corrected variance). */
  readonly std: number;
  /** Bessel-corrected sample variance. */
  readonly variance: number;
  /** Smallest value (NaN when no sample counted). */
  readonly min: number;
  /** Largest value (NaN when no sample counted). */
  readonly max: number;
  /** max − min. */
  readonly p2p: number;
  /** `A`, `V`, `W` when calibrated; `LSB` / `LSB²` for raw ADC codes; `''` for the bit fields. */
  readonly units: string;
}

/** Statistics of each of the six fields. */
export interface SignalSummaries {
  /** Current (A). */
  readonly current: SignalSummary;
  /** Voltage (V). */
  readonly voltage: SignalSummary;
  /** Power (W). */
  readonly power: SignalSummary;
  /** Current range index: 0 = 10 A … 6 = 18 µA, 7 = off. */
  readonly current_range: SignalSummary;
  /** Current LSB (0 or 1: a general-purpose input when EXTIO maps one there). */
  readonly current_lsb: SignalSummary;
  /** Voltage LSB (0 or 1: a general-purpose input when EXTIO maps one there). */
  readonly voltage_lsb: SignalSummary;
}

/** A running total since the stream started: charge (C) or energy (J). */
export interface DeviceAccumulator {
  /** In `units`. */
  readonly value: number;
  /** `C` or `J` when calibrated, `LSB·s` / `LSB²·s` for raw ADC codes. */
  readonly units: string;
  /** The exact integer total in pico-units (pC, pJ). */
  readonly pico: bigint;
}

/** Samples lost since the stream started (docs/samples.md, "Sample counters"). */
export interface SampleLoss {
  /** Samples that never arrived (USB packets lost), filled as missing. */
  readonly missing: number;
  /** Times the stream skipped: a run of missing samples or a toggle error. */
  readonly skips: number;
  /** Samples whose toggle bit did not alternate. */
  readonly sync: number;
}

/** A statistics update, once per `1 / reduction_frequency` seconds of samples. */
export interface DeviceStatistics {
  /** The span of samples this update covers. */
  readonly time: {
    /** [t0, t1] in seconds since the stream started. */
    readonly range: readonly [number, number];
    /** t1 − t0. */
    readonly delta: number;
    /** Samples with a finite current in this update. */
    readonly samples: number;
    /** [start, end) in input sample ids (2 MHz). */
    readonly sampleRange: readonly [number, number];
  };
  /** Statistics of each signal over the update's samples. */
  readonly signals: SignalSummaries;
  /** Totals since the stream started. */
  readonly accumulators: {
    /** Charge: the integral of current (C). */
    readonly charge: DeviceAccumulator;
    /** Energy: the integral of power (J). */
    readonly energy: DeviceAccumulator;
  };
  /** Samples lost since the stream started. */
  readonly loss: SampleLoss;
  /** False when the device has no usable calibration: values are raw ADC codes. */
  readonly calibrated: boolean;
}

/** Builds the Device's update from the buffer's callback payload and counters. */
export function deviceStatistics(update: StatisticsUpdate, status: StreamBufferStatus, calibrated: boolean): DeviceStatistics {
  const signals = {} as Record<SignalName, SignalSummary>;
  for (const name of SIGNALS) {
    const s = update.signals[name];
    signals[name] = {
      mean: s.mean,
      std: Math.sqrt(s.variance),
      variance: s.variance,
      min: s.min,
      max: s.max,
      p2p: s.p2p,
      units: calibrated ? s.units : name === 'power' ? 'LSB²' : s.units === '' ? '' : 'LSB',
    };
  }
  const { charge, energy } = update.accumulators;
  return {
    time: { range: [update.time.range[0], update.time.range[1]], delta: update.time.delta, samples: update.time.samples, sampleRange: [update.time.sampleRange[0], update.time.sampleRange[1]] },
    signals,
    accumulators: {
      charge: { value: charge.value, units: calibrated ? 'C' : 'LSB·s', pico: charge.pico },
      energy: { value: energy.value, units: calibrated ? 'J' : 'LSB²·s', pico: energy.pico },
    },
    loss: { missing: status.sampleMissingCount, skips: status.skipCount, sync: status.sampleSyncCount },
    calibrated,
  };
}
