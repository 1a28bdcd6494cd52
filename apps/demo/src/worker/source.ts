/**
 * The one interface the worker reads samples through: a device streaming into a buffer, or a
 * recording. Queries are async because a recording is read from a file.
 */
import type { StatsArray } from '@joulescope/stats';
import type { DeviceSettings, SourceInfo } from '../protocol';

/** Counters of a source, sampled for the status the page shows. */
export interface SourceCounters {
  streaming: boolean;
  /** Samples received since the start (processed). */
  received: number;
  missing: number;
  skips: number;
  syncs: number;
  charge: number;
  energy: number;
  /** [lowest, highest] current range index of the newest statistics update (NaN: none). */
  currentRange: [number, number];
}

/** Samples of `[start, start + n)` for a recording in progress: calibrated values and bit fields. */
export interface SampleBlock {
  start: number;
  current: Float32Array;
  voltage: Float32Array;
  power: Float32Array;
  currentRange: Uint8Array;
  gpi0: Uint8Array;
  gpi1: Uint8Array;
}

/** Who made the samples, as a recording names its source. */
export interface SourceIdentity {
  model: string;
  serialNumber: string;
  hardwareRevision: string | null;
  firmwareVersion: string | null;
  fpgaVersion: string | null;
}

/** Receives every block of new samples, in order, while a recording runs. */
export type SampleTap = (block: SampleBlock) => void;

/** A source of samples for the plots and the multimeter. */
export interface Source {
  readonly info: SourceInfo;
  /** Row sizes (samples, ascending) this source answers fastest: its reduction sizes. */
  readonly blocks: readonly number[];
  /** Sample ids held now, `[first, last)`. */
  held(): [number, number];
  /** The widest window worth showing, in samples (the buffer length, or the recording length). */
  capacity(): number;
  /** `rows` rows of `increment` samples from `start` into `out` (rows outside what is held are empty). */
  dataGet(start: number, increment: number, rows: number, out: StatsArray): Promise<void>;
  /** Exact statistics of `[start, stop)` (constrained to what is held) into row 0 of `out`; the range covered. */
  statisticsGet(start: number, stop: number, out: StatsArray): Promise<[number, number]>;
  counters(): SourceCounters;
  start(): Promise<void>;
  stop(): Promise<void>;
  configure(settings: Partial<DeviceSettings>): Promise<void>;
  /** The instrument, for a recording's source definition (null: this source cannot be recorded). */
  identity(): Promise<SourceIdentity | null>;
  /** Sets (or clears) the tap that a recording reads new samples from. */
  tap(listener: SampleTap | null): void;
  /** Called when streaming stops by itself (removal, fault), with the reason. */
  onStopped: ((message: string) => void) | null;
  close(): Promise<void>;
}
