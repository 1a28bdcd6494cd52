/**
 * Emulated streaming throughput: bulk transfers from the emulated JS110 (fast pacing) through
 * the driver into a consumer that only counts bytes. After a warm-up, several runs; one line
 * per case with min/median/max of the wall-clock rate (the machine is shared: rates swing).
 */
import { Js110 } from '../src/index';
import { EmulatedJs110, firmwareLikeSignal, type EmulatorSignal } from '../src/emulator';

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

function spread(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const f = (x: number): string => x.toFixed(0);
  return `min ${f(s[0])} median ${f(s[Math.floor(s.length / 2)])} max ${f(s[s.length - 1])} MB/s`;
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
  console.log(`${label}: ${spread(rates)} (${String(RUNS)} runs of ${String(bytes / 2 ** 20)} MiB)`);
}

await bench('emulated streaming, driver to consumer (firmware-like signal)', firmwareLikeSignal(), BYTES_PER_RUN);
await bench('emulated streaming, driver to consumer (signal encoded per packet)', aperiodic(firmwareLikeSignal()), BYTES_PER_RUN / 4);
