/**
 * What the worker's engine is built from in a browser: devices, recordings, the clock. The JLS
 * code loads on first use, so the worker starts streaming without it.
 */
import type { DeviceSettings, SourceSpec } from '../protocol';
import { openDevice } from './device-source';
import type { EngineDeps, Recorder } from './engine';
import type { Source } from './source';

/** The engine's dependencies in the worker. */
export function workerDeps(): EngineDeps {
  return {
    async openSource(spec: SourceSpec, settings: DeviceSettings): Promise<Source> {
      if (spec.kind === 'usb') return openDevice('usb', settings, {}, spec.serialNumber);
      if (spec.kind === 'emulated') return openDevice('emulated', settings);
      const { openRecording } = await import('./recording-source');
      return openRecording(spec.file, spec.name);
    },
    async createRecorder(name: string, source: Source): Promise<Recorder> {
      const { createJlsRecorder } = await import('./recorder');
      return createJlsRecorder(name, source);
    },
    now: () => performance.now(),
  };
}
