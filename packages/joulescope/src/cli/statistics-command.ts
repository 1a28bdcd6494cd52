/** `joulescope statistics`: a live multimeter on a terminal, JSON lines otherwise. */
import { StatisticsSummary, type StatisticsTotals } from '../statistics-summary';
import type { DeviceStatistics } from '../statistics-update';
import type { DeviceStop } from '../device';
import { EXIT, type CliIo } from './_io';
import { openDevice, type DeviceArguments } from './_device';
import { CURRENT_RANGES, duration, si } from './_si';
import { Multimeter } from './multimeter';

interface StatisticsArguments extends DeviceArguments {
  duration?: number;
  frequency: number;
  samplingFrequency?: number;
  json?: boolean;
}

/** An update as one JSON line (the exact pico-unit totals as decimal strings). */
export function jsonLine(u: DeviceStatistics): string {
  return JSON.stringify(u, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

export async function statisticsCommand(args: StatisticsArguments, io: CliIo): Promise<number> {
  const device = await openDevice(args, 'auto');
  try {
    await device.parameterSet('reduction_frequency', args.frequency);
    // The updates are what this command needs, not history: the smallest buffer will do.
    await device.parameterSet('buffer_duration', 1);
    if (args.samplingFrequency !== undefined) await device.parameterSet('sampling_frequency', args.samplingFrequency);
    const live = io.stdout.isTTY && args.json !== true;
    const title = `${device.serialNumber}${device.emulated ? ' (emulated)' : ''}  ${String(args.frequency)} Hz  calibration ${device.calibration.state}`;
    const multimeter = live ? new Multimeter(io.stdout, title) : null;
    const summary = new StatisticsSummary();
    let lines: string[] = [];
    const flush = (): void => {
      if (lines.length === 0) return;
      io.stdout.write(`${lines.join('\n')}\n`);
      lines = [];
    };
    const stopped = new Promise<DeviceStop>((resolve) => device.on('stop', resolve));
    const onInterrupt = (): void => void device.stop().catch(() => undefined);
    io.interrupt.addEventListener('abort', onInterrupt, { once: true });
    let stop: DeviceStop;
    try {
      if (!io.interrupt.aborted) {
        await device.start(args.duration === undefined ? {} : { duration: args.duration });
        // One write per USB transfer, however many updates it completed.
        if (multimeter === null) device.on('samples', flush);
        device.statistics((u) => {
          summary.add(u);
          if (multimeter === null) lines.push(jsonLine(u));
          else multimeter.update(u);
        });
        stop = await stopped;
      } else {
        stop = { reason: 'host', message: 'interrupted', samples: 0, loss: { missing: 0, skips: 0, sync: 0 } };
      }
    } finally {
      io.interrupt.removeEventListener('abort', onInterrupt);
      flush();
      multimeter?.finish();
    }
    const totals = summary.totals();
    (live ? io.stdout : io.stderr).write(`${live ? '\n' : ''}${summaryText(totals, args.frequency)}`);
    if (stop.reason === 'disconnect' || stop.reason === 'error') {
      io.stderr.write(`joulescope: streaming stopped: ${stop.message}\n`);
      return EXIT.ERROR;
    }
    return io.interrupt.aborted ? EXIT.INTERRUPTED : EXIT.OK;
  } finally {
    await device.close();
  }
}

/** The run's summary: exactly the samples the updates covered. */
export function summaryText(t: StatisticsTotals | null, frequency: number): string {
  if (t === null) return 'no statistics update arrived\n';
  const span = (t.sampleRange[1] - t.sampleRange[0]) / 2e6;
  const line = (name: string, s: StatisticsTotals['signals']['current']): string =>
    `  ${name.padEnd(8)} mean ${si(s.mean, s.units)}  std ${si(s.std, s.units)}  min ${si(s.min, s.units)}  max ${si(s.max, s.units)}\n`;
  const r = t.signals.current_range;
  const rangeText = Number.isFinite(r.min) ? `${CURRENT_RANGES[r.min] ?? String(r.min)} … ${CURRENT_RANGES[r.max] ?? String(r.max)}` : '—';
  return (
    `summary: ${String(t.updates)} ${t.updates === 1 ? 'update' : 'updates'} at ${String(frequency)} Hz over ${duration(span)} ` +
    `(samples ${String(t.sampleRange[0])} to ${String(t.sampleRange[1])}; ${String(t.loss.missing)} missing)\n` +
    line('current', t.signals.current) +
    line('voltage', t.signals.voltage) +
    line('power', t.signals.power) +
    `  charge   ${si(t.accumulators.charge.value, t.accumulators.charge.units)}  energy ${si(t.accumulators.energy.value, t.accumulators.energy.units)}  range ${rangeText}\n` +
    (t.calibrated ? '' : '  UNCALIBRATED: values are raw ADC codes (LSB)\n')
  );
}
