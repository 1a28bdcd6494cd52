/**
 * A `.jls` recording (the Joulescope UI's format, or one made here) as a source: rows and exact
 * window statistics come from the file's summary pyramid through `@joulescope/jls`, reading only
 * the parts of the file a query needs (the File stays on disk).
 */
import { JlsReader, blobSource } from '@joulescope/jls';
import { FIELD, STATS_FIELD_COUNT, StatsArray } from '@joulescope/stats';
import type { DeviceSettings, SourceInfo } from '../protocol';
import type { SampleTap, Source, SourceCounters, SourceIdentity } from './source';

/** The plotted fields and the names the Joulescope UI gives their signals (long and short). */
const SIGNALS = [
  { field: FIELD.current, names: ['current', 'i'] },
  { field: FIELD.voltage, names: ['voltage', 'v'] },
  { field: FIELD.power, names: ['power', 'p'] },
] as const;

interface Track {
  field: number;
  signalId: number;
}

/** Opens `file` (a File from the picker or a drop). Throws the reader's `JlsError` for a file that is not JLS. */
export async function openRecording(file: Blob, name: string): Promise<Source> {
  const reader = await JlsReader.open(blobSource(file));
  try {
    const fsr = reader.signals.filter((s) => s.signalType === 'fsr' && s.length > 0);
    const tracks: Track[] = [];
    for (const { field, names } of SIGNALS) {
      const signal = fsr.find((s) => (names as readonly string[]).includes(s.name));
      if (signal !== undefined) tracks.push({ field, signalId: signal.signalId });
    }
    const current = fsr.find((s) => s.signalId === tracks.find((t) => t.field === FIELD.current)?.signalId);
    if (current === undefined) throw new Error(`${name} has no current signal (signals: ${reader.signals.map((s) => s.name).join(', ') || 'none'})`);
    const length = Math.min(...tracks.map((t) => fsr.find((s) => s.signalId === t.signalId)?.length ?? 0));
    // Summary levels: sampleDecimateFactor samples per entry, then summaryDecimateFactor entries per level.
    const blocks: number[] = [];
    for (let b = current.sampleDecimateFactor; b < length && blocks.length < 6; b *= Math.max(2, current.summaryDecimateFactor)) blocks.push(b);
    const source = new RecordingSource(reader, tracks, length, blocks, {
      kind: 'recording',
      name,
      samplingFrequency: current.sampleRate,
      calibrated: current.units === 'A',
      live: false,
    });
    await source.computeTotals();
    return source;
  } catch (error) {
    await reader.close();
    throw error;
  }
}

class RecordingSource implements Source {
  onStopped: ((message: string) => void) | null = null;
  private charge = NaN;
  private energy = NaN;

  constructor(
    private readonly reader: JlsReader,
    private readonly tracks: readonly Track[],
    private readonly length: number,
    readonly blocks: readonly number[],
    readonly info: SourceInfo,
  ) {}

  /** Charge and energy of the whole recording: mean × duration. */
  async computeTotals(): Promise<void> {
    const all = new StatsArray(1);
    await this.statisticsGet(0, this.length, all);
    const duration = this.length / this.info.samplingFrequency;
    this.charge = all.mean[FIELD.current] * duration;
    this.energy = all.mean[FIELD.power] * duration;
  }

  held(): [number, number] {
    return [0, this.length];
  }

  capacity(): number {
    return this.length;
  }

  /**
   * Rows that lie wholly inside the recording come from `fsrStatistics` (mean, std, min, max);
   * the others stay empty. A row's count is its sample count when its mean is finite.
   */
  async dataGet(start: number, increment: number, rows: number, out: StatsArray): Promise<void> {
    out.clear();
    const r0 = Math.max(0, Math.ceil(-start / increment));
    const r1 = Math.min(rows, Math.floor((this.length - start) / increment));
    if (r1 <= r0) return;
    for (const t of this.tracks) {
      const s = await this.reader.fsrStatistics(t.signalId, start + r0 * increment, increment, r1 - r0);
      for (let r = r0, k = 0; r < r1; r++, k += 4) this.store(out, r * STATS_FIELD_COUNT + t.field, increment, s, k);
    }
  }

  private store(out: StatsArray, i: number, n: number, s: Float64Array, k: number): void {
    const mean = s[k];
    if (!Number.isFinite(mean)) return;
    out.count[i] = n;
    out.mean[i] = mean;
    out.variance[i] = s[k + 1] * s[k + 1];
    out.min[i] = s[k + 2];
    out.max[i] = s[k + 3];
  }

  async statisticsGet(start: number, stop: number, out: StatsArray): Promise<[number, number]> {
    out.clear();
    const a = Math.min(Math.max(0, Math.round(start)), this.length);
    const b = Math.max(a, Math.min(this.length, Math.round(stop)));
    if (b > a) {
      for (const t of this.tracks) this.store(out, t.field, b - a, await this.reader.fsrStatistics(t.signalId, a, b - a, 1), 0);
    }
    return [a, b];
  }

  counters(): SourceCounters {
    return { streaming: false, received: this.length, missing: 0, skips: 0, syncs: 0, charge: this.charge, energy: this.energy, currentRange: [NaN, NaN] };
  }

  start(): Promise<void> {
    return Promise.reject(new Error('a recording does not stream: open the emulated or a real JS110'));
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  configure(_settings: Partial<DeviceSettings>): Promise<void> {
    return Promise.reject(new Error('a recording has no device settings'));
  }

  identity(): Promise<SourceIdentity | null> {
    return Promise.resolve(null);
  }

  tap(_listener: SampleTap | null): void {
    // Nothing new ever arrives from a file.
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}
