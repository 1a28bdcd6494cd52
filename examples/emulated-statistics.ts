// The main job, with no hardware: open the emulated JS110, stream for a few seconds in real
// time into a StreamBuffer, and print the statistics twice per second, as the `joulescope
// statistics` command of pyjoulescope does.
//
//   pnpm start [seconds]        (default 5)
import { EmulatedJs110, Js110, emulatedProvider, scan } from '@joulescope/driver';
import type { StopEvent } from '@joulescope/driver';
import { StreamBuffer } from '@joulescope/stream-buffer';
import type { StatisticsUpdate } from '@joulescope/stream-buffer';

const PREFIXES: [number, string][] = [
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
];

/** A value with an SI prefix, e.g. 0.00123 A → "1.230 mA". */
export function si(value: number, units: string): string {
  if (!Number.isFinite(value)) return `  NaN ${units}`;
  const a = Math.abs(value);
  const [scale, prefix] = PREFIXES.find(([s]) => a >= s) ?? PREFIXES[PREFIXES.length - 1];
  return `${(value / scale).toFixed(3).padStart(8)} ${prefix}${units}`;
}

export function formatUpdate(u: StatisticsUpdate): string {
  const { current, voltage, power } = u.signals;
  return [
    `${u.time.range[1].toFixed(1).padStart(5)} s`,
    `I ${si(current.mean, 'A')} [${si(current.min, 'A')} .. ${si(current.max, 'A')}]`,
    `V ${si(voltage.mean, 'V')}`,
    `P ${si(power.mean, 'W')}`,
    `Q ${si(u.accumulators.charge.value, 'C')}`,
    `E ${si(u.accumulators.energy.value, 'J')}`,
  ].join('  ');
}

export interface RunResult {
  updates: StatisticsUpdate[];
  stop: StopEvent;
  samples: number;
  buffer: StreamBuffer;
}

/** Streams `seconds` of the emulated device into a StreamBuffer with 2 Hz statistics. */
export async function run(seconds: number, print: (line: string) => void, pacing: 'realtime' | 'fast' = 'realtime'): Promise<RunResult> {
  const [info] = await scan({ provider: emulatedProvider(new EmulatedJs110({ pacing })) });
  const js110 = await Js110.open(info);
  try {
    print(`${info.name}: ${String(js110.parameterGet('i_range'))}, ${String(js110.parameterGet('v_range'))}, calibration ${js110.calibration === null ? 'none' : 'loaded'}`);
    const buffer = new StreamBuffer(30, [200, 100, 50]); // 2 updates per second
    const cal = js110.calibration;
    if (cal !== null) buffer.calibrationSet(cal.currentOffset, cal.currentGain, cal.voltageOffset, cal.voltageGain);
    buffer.suppressMode = String(js110.parameterGet('current_ranging'));
    buffer.sampleIdMax = Math.round(seconds * buffer.inputSamplingFrequency);
    const updates: StatisticsUpdate[] = [];
    buffer.callback = (u) => {
      updates.push(u);
      print(formatUpdate(u));
    };
    const stop = await new Promise<StopEvent>((resolve, reject) => {
      js110
        .start({
          data: (transfer) => {
            const done = buffer.insert(transfer);
            buffer.process();
            return done;
          },
          onStop: resolve,
        })
        .catch(reject);
    });
    buffer.process();
    const [start, end] = buffer.sampleIdRange;
    const { stats } = buffer.statisticsGet(start, end);
    print(`${String(end - start)} samples, mean ${si(stats.mean[0], 'A').trim()}, ${si(stats.mean[2], 'W').trim()}; ${stop.message}`);
    return { updates, stop, samples: end - start, buffer };
  } finally {
    await js110.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.argv[2] ?? 5);
  if (!(seconds > 0 && seconds <= 30)) {
    console.error('usage: pnpm start [seconds]   (0 < seconds ≤ 30)');
    process.exit(2);
  }
  run(seconds, (line) => console.log(line)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
