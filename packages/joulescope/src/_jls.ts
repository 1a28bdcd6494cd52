/**
 * Every touch point with `@joulescope/jls`: a capture recorded as the Joulescope UI records a
 * JS110, and what a recording holds.
 */
import { JlsReader, Js110Recorder } from '@joulescope/jls';
import type { JlsInput, JlsSink, SignalInfo, SourceInfo } from '@joulescope/jls';
import type { CaptureWriter } from './capture';
import type { DeviceDetails } from './device-details';

/** What a JS110 recording needs to know of its device and stream. */
export interface RecordingInfo {
  /** The device's identity and versions (`device.info()`): the source's name, serial and version. */
  readonly details: DeviceDetails;
  /** Samples per second of the capture (the signals' sample rate). */
  readonly samplingFrequency: number;
  /** False adds a note that the values are raw ADC codes. */
  readonly calibrated: boolean;
}

/**
 * A capture writer that records JLS v2 at `target` (a path in Node, or a sink): current,
 * voltage and power (f32), current_range (u8), gpi[0] and gpi[1] (u1). Downsampled, the range
 * and inputs are the averaged fields rounded to the nearest value.
 */
export async function jlsCaptureWriter(target: string | JlsSink, info: RecordingInfo): Promise<CaptureWriter> {
  const { details } = info;
  const recorder = await Js110Recorder.open(target, {
    serialNumber: details.serialNumber,
    hardware: details.hardwareRevision ?? '',
    firmware: details.firmwareVersion ?? '',
    fpga: details.fpgaVersion ?? '',
    sampleRate: info.samplingFrequency,
    ...(info.calibrated ? {} : { notes: 'UNCALIBRATED: the device had no usable calibration; current and voltage are raw ADC codes, not A and V.' }),
  });
  return {
    async write(chunk) {
      const n = chunk.length;
      const currentRange = new Uint8Array(n);
      const gpi0 = new Uint8Array(n);
      const gpi1 = new Uint8Array(n);
      const { bits, averaged } = chunk;
      if (bits !== null) {
        for (let k = 0; k < n; k++) {
          const b = bits[k];
          currentRange[k] = b & 0x0f;
          gpi0[k] = (b >> 4) & 1;
          gpi1[k] = (b >> 5) & 1;
        }
      } else if (averaged !== null) {
        for (let k = 0; k < n; k++) {
          currentRange[k] = Math.round(averaged.currentRange[k]);
          gpi0[k] = averaged.currentLsb[k] >= 0.5 ? 1 : 0;
          gpi1[k] = averaged.voltageLsb[k] >= 0.5 ? 1 : 0;
        }
      }
      await recorder.write({ sampleId: chunk.start, current: chunk.current, voltage: chunk.voltage, power: chunk.power, currentRange, gpi0, gpi1 });
    },
    close: () => recorder.close(),
  };
}

/** One signal of a recording with its duration and statistics over all its samples. */
export interface RecordingSignal extends SignalInfo {
  /** Seconds: length / sampleRate. */
  readonly duration: number;
  /** Over every sample (NaN samples skipped); null for an empty signal. */
  readonly statistics: {
    /** Mean. */
    readonly mean: number;
    /** Standard deviation. */
    readonly std: number;
    /** Smallest sample. */
    readonly min: number;
    /** Largest sample. */
    readonly max: number;
  } | null;
}

/** What a JLS file holds: sources, signals with durations and statistics, notes. */
export interface RecordingContents {
  /** The sources (instruments), without the file's reserved source 0. */
  readonly sources: readonly SourceInfo[];
  /** The FSR signals. */
  readonly signals: readonly RecordingSignal[];
  /** User data that is text (the UI's notes). */
  readonly notes: readonly string[];
  /** True when the file was not closed (a crash) and was read as recovered. */
  readonly recovered: boolean;
  /** What the reader ignored or repaired, one sentence each. */
  readonly warnings: readonly string[];
}

/** Reads what a JLS file holds (read-only): a path (Node), a Blob or File, bytes or a source. */
export async function readRecordingContents(input: JlsInput): Promise<RecordingContents> {
  const reader = await JlsReader.open(input);
  try {
    const signals: RecordingSignal[] = [];
    for (const s of reader.signals) {
      if (s.signalType !== 'fsr') continue;
      let statistics: RecordingSignal['statistics'] = null;
      if (s.length > 0) {
        const [mean, std, min, max] = await reader.fsrStatistics(s.signalId, 0, s.length, 1);
        statistics = { mean, std, min, max };
      }
      signals.push({ ...s, duration: s.length / s.sampleRate, statistics });
    }
    const notes = (await reader.userData()).filter((u) => typeof u.data === 'string').map((u) => u.data as string);
    return { sources: reader.sources.filter((s) => s.sourceId !== 0), signals, notes, recovered: reader.recovered, warnings: reader.warnings };
  } finally {
    await reader.close();
  }
}
