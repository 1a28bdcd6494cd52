/**
 * Emulated streaming throughput: bulk transfers from the emulated JS110 (fast pacing) through
 * the driver into a consumer that only counts bytes. Median of several runs, one figure per line.
 */
import { EmulatedJs110, Js110, firmwareLikeSignal, type EmulatorSignal } from '../src/index';

const RUNS = 7;
const BYTES_PER_RUN = 256 * 1024 * 1024;

/** The firmware-like signal without its period: every packet is encoded from signal values. */
function aperiodic(signal: EmulatorSignal): EmulatorSignal {
  return { period: 0, fill: (start, n, i, v, g) => signal.fill(start, n, i, v, g) };
}

async function openDriver(signal: EmulatorSignal): Promise<Js110> {
  return Js110.open(new EmulatedJs110({ pacing: 'fast', signal }));
}

async function run(js110: Js110, bytes: number): Promise<number> {
  let received = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    js110
      .start({
        data: (data) => {
          received += data.length;
          return received >= bytes;
        },
        onStop: () => resolve(),
      })
      .catch(reject);
  });
  const seconds = (performance.now() - t0) / 1000;
  return received / seconds / 1e6;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function bench(label: string, signal: EmulatorSignal, bytes: number): Promise<void> {
  const js110 = await openDriver(signal);
  await run(js110, bytes / 4); // warm-up
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    rates.push(await run(js110, bytes));
  }
  await js110.close();
  console.log(`${label}: ${median(rates).toFixed(0)} MB/s (median of ${String(RUNS)} runs of ${String(bytes / 2 ** 20)} MiB)`);
}

await bench('emulated streaming, driver to consumer (firmware-like signal)', firmwareLikeSignal(), BYTES_PER_RUN);
await bench('emulated streaming, driver to consumer (signal encoded per packet)', aperiodic(firmwareLikeSignal()), BYTES_PER_RUN / 4);
