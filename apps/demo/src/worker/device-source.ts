/**
 * A JS110 (emulated, or real through WebUSB) as a `joulescope` Device inside the worker: it
 * streams into the Device's buffer, and the plots and multimeter query that buffer.
 */
import { open, type Device, type DeviceStatistics, type EmulatorOptions } from 'joulescope';
import type { StatsArray } from '@joulescope/stats';
import type { DeviceSettings, SourceInfo } from '../protocol';
import type { SampleTap, Source, SourceCounters, SourceIdentity } from './source';

const SAMPLE_FIELDS = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'] as const;

/** The buffer duration: at least 1 s, at most 10 minutes (a browser tab's memory). */
function checkDuration(seconds: number): void {
  if (typeof seconds !== 'number' || !(seconds >= 1 && seconds <= 600)) {
    throw new RangeError(`buffer duration must be 1 to 600 seconds, got ${String(seconds)}`);
  }
}

/**
 * Opens the emulated JS110 (`emulator`: its options) or a JS110 granted to this origin through
 * WebUSB (`serialNumber`, or the first one).
 */
export async function openDevice(kind: 'emulated' | 'usb', settings: DeviceSettings, emulator: EmulatorOptions = {}, serialNumber?: string): Promise<Source> {
  checkDuration(settings.bufferDuration);
  const device = kind === 'emulated' ? await open(undefined, { emulated: emulator }) : await open(serialNumber);
  try {
    const source = new DeviceSource(device, kind);
    await source.configure(settings);
    return source;
  } catch (error) {
    await device.close();
    throw error;
  }
}

class DeviceSource implements Source {
  readonly info: SourceInfo;
  get blocks(): readonly number[] {
    let n = 1;
    return this.device.streamBuffer.reductions.map((r) => (n *= r));
  }
  onStopped: ((message: string) => void) | null = null;
  private latest: DeviceStatistics | null = null;
  private unsubscribe: (() => void) | null = null;
  private listener: SampleTap | null = null;
  /** A new buffer duration waits for the next start: the running buffer keeps its history. */
  private pendingDuration: number | null = null;

  constructor(
    private readonly device: Device,
    kind: 'emulated' | 'usb',
  ) {
    const calibrated = device.calibration.applied;
    this.info = {
      kind,
      name: `${kind === 'emulated' ? 'Emulated JS110' : 'JS110'} ${device.serialNumber}`,
      samplingFrequency: device.streamBuffer.outputSamplingFrequency,
      calibrated,
      live: true,
    };
    device.on('stop', (stop) => {
      this.unsubscribe = null;
      if (stop.reason === 'disconnect' || stop.reason === 'error') this.onStopped?.(stop.message);
    });
    device.on('samples', ({ buffer, start, stop }) => {
      const listener = this.listener;
      if (listener === null || stop <= start) return;
      const { signals } = buffer.samplesGet(start, stop, SAMPLE_FIELDS);
      listener({
        start,
        current: signals.current.value,
        voltage: signals.voltage.value,
        power: signals.power.value,
        currentRange: signals.current_range.value,
        gpi0: signals.current_lsb.value,
        gpi1: signals.voltage_lsb.value,
      });
    });
  }

  held(): [number, number] {
    return this.device.streamBuffer.sampleIdRange;
  }

  capacity(): number {
    return this.device.streamBuffer.length;
  }

  dataGet(start: number, increment: number, rows: number, out: StatsArray): Promise<void> {
    out.clear();
    if (rows > 0) this.device.streamBuffer.dataGet(start, start + rows * increment, increment, out);
    return Promise.resolve();
  }

  statisticsGet(start: number, stop: number, out: StatsArray): Promise<[number, number]> {
    return Promise.resolve(this.device.streamBuffer.statisticsGet(start, stop, out).range);
  }

  counters(): SourceCounters {
    const status = this.device.streamBuffer.status();
    const u = this.latest;
    return {
      streaming: this.device.isStreaming,
      received: status.sampleId,
      missing: status.sampleMissingCount,
      skips: status.skipCount,
      syncs: status.sampleSyncCount,
      charge: u === null ? 0 : u.accumulators.charge.value,
      energy: u === null ? 0 : u.accumulators.energy.value,
      currentRange: u === null ? [NaN, NaN] : [u.signals.current_range.min, u.signals.current_range.max],
    };
  }

  async start(): Promise<void> {
    if (this.device.isStreaming) return;
    if (this.pendingDuration !== null) {
      await this.device.parameterSet('buffer_duration', this.pendingDuration);
      this.pendingDuration = null;
    }
    this.latest = null;
    await this.device.start();
    // Subscribed after start() so the subscription does not own the stream: stop() ends it.
    this.unsubscribe = this.device.statistics((update) => {
      this.latest = update;
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.device.stop();
  }

  async configure(settings: Partial<DeviceSettings>): Promise<void> {
    if (settings.bufferDuration !== undefined) checkDuration(settings.bufferDuration);
    if (settings.currentRange !== undefined) await this.device.parameterSet('i_range', settings.currentRange);
    if (settings.voltageRange !== undefined) await this.device.parameterSet('v_range', settings.voltageRange);
    if (settings.glitchFilter !== undefined) await this.device.parameterSet('current_ranging', settings.glitchFilter);
    if (settings.bufferDuration !== undefined) {
      if (this.device.isStreaming) this.pendingDuration = settings.bufferDuration;
      else await this.device.parameterSet('buffer_duration', settings.bufferDuration);
    }
  }

  async identity(): Promise<SourceIdentity> {
    const d = await this.device.info();
    return { model: d.model, serialNumber: d.serialNumber, hardwareRevision: d.hardwareRevision, firmwareVersion: d.firmwareVersion, fpgaVersion: d.fpgaVersion };
  }

  tap(listener: SampleTap | null): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    this.listener = null;
    await this.device.close();
  }
}
