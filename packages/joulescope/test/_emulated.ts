// Opening emulated JS110s for the tests: fast pacing (as fast as the host reads), small buffers.
import { EmulatedJs110, type EmulatorOptions } from '@joulescope/driver/emulator';
import { open, type Device } from '../src/index';

let next = 0;

/** A fresh emulated device (its own serial number, so scans never mix devices up) and its Device. */
export async function openEmulated(options: EmulatorOptions = {}, bufferSeconds = 2): Promise<{ device: Device; emulator: EmulatedJs110 }> {
  next += 1;
  const emulator = new EmulatedJs110({ pacing: 'fast', serialNumber: `TEST${String(next).padStart(3, '0')}`, ...options });
  const device = await open(undefined, { emulated: emulator });
  await device.parameterSet('buffer_duration', bufferSeconds);
  return { device, emulator };
}

/** Resolves with the next value of a Device event. */
export function nextEvent<T>(subscribe: (listener: (value: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((value) => {
      off();
      resolve(value);
    });
  });
}
