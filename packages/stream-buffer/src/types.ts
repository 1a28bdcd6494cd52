import type { StatsArray, StatsField } from '@joulescope/stats';

/** Counters of `status()`, in input samples (docs/stream-buffer.md, "Sample ids and counters"). */
export interface StreamBufferStatus {
  /** Samples inserted into the raw ring, gap fills included. */
  deviceSampleId: number;
  /** Samples processed (calibrated, filtered, reduced). */
  sampleId: number;
  sampleMissingCount: number;
  skipCount: number;
  sampleSyncCount: number;
  contiguousCount: number;
  /** False until a calibration was set (values are then in ADC LSBs). */
  calibrated: boolean;
}

/** Result of `statisticsGet`: one statistics row and the range actually covered. */
export interface StatisticsResult {
  stats: StatsArray;
  range: [number, number];
}

/** Statistics of one signal in a callback update. */
export interface SignalStatistics {
  mean: number;
  /** Bessel-corrected sample variance. */
  variance: number;
  min: number;
  max: number;
  /** max − min. */
  p2p: number;
  units: string;
  /** mean × duration, for current (C) and power (J). */
  integral?: number;
  integralUnits?: 'C' | 'J' | 'LSB·s' | 'LSB²·s';
}

/**
 * An exact accumulator: `value` in C or J, `pico` the integer count of pC or pJ (in LSB·s and
 * LSB²·s, and their 1e-12 parts, before a calibration was set).
 */
export interface Accumulator {
  value: number;
  units: 'C' | 'J' | 'LSB·s' | 'LSB²·s';
  pico: bigint;
}

/** Payload of the statistics callback, once per entry of the last reduction level. */
export interface StatisticsUpdate {
  time: {
    /** [t0, t1] in seconds since the stream start. */
    range: [number, number];
    delta: number;
    /** Samples with a finite current in this entry. */
    samples: number;
    /** [start, end) in input sample ids. */
    sampleRange: [number, number];
  };
  signals: Record<StatsField, SignalStatistics>;
  accumulators: { charge: Accumulator; energy: Accumulator };
  /** False when the samples were not calibrated (values in LSBs). */
  calibrated: boolean;
  source: 'stream_buffer';
}

export type StatisticsCallback = (update: StatisticsUpdate) => void;

/** Field names accepted by `samplesGet`. */
export type SampleField =
  | 'raw'
  | 'raw_current'
  | 'raw_voltage'
  | 'current'
  | 'voltage'
  | 'current_voltage'
  | 'power'
  | 'bits'
  | 'current_range'
  | 'current_lsb'
  | 'voltage_lsb';

/** Value type of each sample field. */
export interface SampleFieldValue {
  raw: Uint16Array;
  raw_current: Uint16Array;
  raw_voltage: Uint16Array;
  current: Float32Array;
  voltage: Float32Array;
  current_voltage: Float32Array;
  power: Float32Array;
  bits: Uint8Array;
  current_range: Uint8Array;
  current_lsb: Uint8Array;
  voltage_lsb: Uint8Array;
}

export interface SampleSignal<F extends SampleField = SampleField> {
  value: SampleFieldValue[F];
  units: string;
  /** For `raw`: the processor's current voltage range. */
  voltageRange?: number;
}

export interface SamplesTime {
  range: [number, number];
  delta: number;
  sampleIdRange: [number, number];
  samples: number;
  samplingFrequency: number;
  inputSamplingFrequency: number;
  outputSamplingFrequency: number;
}

export interface SamplesResult<F extends SampleField = SampleField> {
  time: SamplesTime;
  signals: { [K in F]: SampleSignal<K> };
}

/**
 * Destination of `samplesInto`: any of the calibrated fields, each an array the caller owns.
 * Element `offset + k` receives sample `k` of the copied range.
 */
export interface SamplesInto {
  current?: Float32Array;
  voltage?: Float32Array;
  power?: Float32Array;
  bits?: Uint8Array;
}
