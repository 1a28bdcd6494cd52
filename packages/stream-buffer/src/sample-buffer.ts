/**
 * The query surface shared by `StreamBuffer` (full rate) and `DownsamplingStreamBuffer`
 * (decimated): what the meta-package, the Worker host and the demo program against
 * (docs/stream-buffer.md, "The SampleBuffer interface").
 */
import type { StatsArray } from '@joulescope/stats';
import type {
  SampleField,
  SampleFieldValue,
  SamplesInto,
  SamplesResult,
  StatisticsCallback,
  StatisticsResult,
  StreamBufferStatus,
} from './types';

/**
 * A buffer of JS110 samples fed with USB data that answers statistics and sample queries
 * by sample id. Sample ids count output samples (at `outputSamplingFrequency`);
 * `sampleIdMax` and `contiguousMax` count input samples.
 */
export interface SampleBuffer {
  /** Samples the ring holds (output samples). */
  readonly length: number;
  /** The reduction factors given at construction. */
  readonly reductions: readonly number[];
  /** Rate of the samples inserted, in Hz. */
  readonly inputSamplingFrequency: number;
  /** Rate of the samples held and queried, in Hz. */
  readonly outputSamplingFrequency: number;
  /** True when `samplesGet` supports the raw fields (`raw`, `raw_current`, `raw_voltage`, `bits`). */
  readonly hasRaw: boolean;
  /** False until a calibration was set: values are then in ADC LSBs, not A, V and W. */
  readonly calibrated: boolean;
  /** `[start, end)` of the sample ids held. */
  readonly sampleIdRange: [number, number];
  /** `[start, end)` of the ring in sample ids; start may be negative before the ring fills. */
  readonly limitsSamples: [number, number];
  /** `[0, length / outputSamplingFrequency]`: time 0 is the oldest ring slot. */
  readonly limitsTime: [number, number];

  /** Called once per entry of the last reduction level; null for none. */
  callback: StatisticsCallback | null;
  /** `insert` returns true once this many input samples arrived. */
  sampleIdMax: number;
  /** `insert` returns true once this many contiguous input samples were processed. */
  contiguousMax: number;
  /** The glitch filter mode (`interp_1_n_1` by default; `off`, `nan_0_n_0`, `mean_2_3_1`, …). */
  suppressMode: string;
  /** Voltage range (0 = 15 V, 1 = 5 V) of the latest inserted data; set it for `insertRaw`. */
  voltageRange: number;

  /** Adds USB bulk bytes (any chunking); true when streaming should stop. */
  insert(data: Uint8Array | null): boolean;
  /** Adds raw u16 words (current, voltage pairs); true when streaming should stop. */
  insertRaw(data: Uint16Array): boolean;
  /** Calibrates, filters and reduces everything inserted. */
  process(): void;
  /** Forgets every sample and counter (settings and calibration stay). */
  reset(): void;
  /** Sets the calibration for the samples processed from now on. */
  calibrationSet(
    currentOffset: ArrayLike<number>,
    currentGain: ArrayLike<number>,
    voltageOffset: ArrayLike<number>,
    voltageGain: ArrayLike<number>,
  ): void;

  /** Counters in input samples. */
  status(): StreamBufferStatus;
  /** Time in seconds of a sample id (see `limitsTime`). */
  sampleIdToTime(sampleId: number): number;
  /** Sample id of a time in seconds, rounded half to even. */
  timeToSampleId(time: number): number;

  /** Exact statistics over `[start, stop)`, constrained to the samples held. */
  statisticsGet(start: number, stop: number, out?: StatsArray): StatisticsResult;
  /** One statistics row per `increment` samples over `[start, stop)`. */
  dataGet(start: number, stop: number, increment?: number, out?: StatsArray): StatsArray;
  /** Copies of sample fields over `[start, stop)` (constrained to the samples held); one field name returns its array. */
  samplesGet<F extends SampleField>(start: number, stop: number, field: F): SampleFieldValue[F];
  samplesGet<F extends SampleField>(start: number, stop: number, fields?: readonly F[]): SamplesResult<F>;
  /**
   * Copies the samples of `[start, stop)` held (the first is `max(start, sampleIdRange[0])`)
   * into the given arrays from `offset`, as many as fit in all of them; allocates nothing.
   * Returns how many were copied.
   */
  samplesInto(start: number, stop: number, out: SamplesInto, offset?: number): number;
}
