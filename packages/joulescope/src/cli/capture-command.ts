/** `joulescope capture`: a recording of the stream to .csv, .raw or .jls, exact to the sample. */
import { extname } from 'node:path';
import { capture, type CaptureSummary, type CaptureWriter } from '../capture';
import { csvWriter, rawWriter } from '../capture-writers';
import type { Device } from '../device';
import { jlsWriter } from '../jls-writer';
import { EXIT, UsageError, type CliIo } from './_io';
import { openDevice, type DeviceArguments } from './_device';
import { fileOutput } from './_file-output';
import { ProgressBar } from './progress-bar';
import { duration, si } from './_si';

interface CaptureArguments extends DeviceArguments {
  duration: number;
  out: string;
  samplingFrequency?: number;
}

/** The output formats by file extension. */
export const CAPTURE_FORMATS = Object.freeze(['.csv', '.raw', '.jls'] as const);

export async function captureCommand(args: CaptureArguments, io: CliIo): Promise<number> {
  const format = extname(args.out).toLowerCase();
  if (!(CAPTURE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--out must end in ${CAPTURE_FORMATS.join(', ')}, got "${args.out}"`);
  }
  if (format === '.raw' && args.samplingFrequency !== undefined && args.samplingFrequency !== 2e6) {
    throw new UsageError('.raw holds the 2 MHz raw words: it cannot be combined with --sampling-frequency');
  }
  const device = await openDevice(args, 'auto');
  try {
    if (args.samplingFrequency !== undefined) await device.parameterSet('sampling_frequency', args.samplingFrequency);
    // Samples go to the file as they arrive: the buffer only needs to hold one transfer.
    await device.parameterSet('buffer_duration', 1);
    const writer = await writerFor(format, args.out, device);
    const progress = io.stderr.isTTY ? new ProgressBar(io.stderr, device.streamBuffer.outputSamplingFrequency) : null;
    let summary: CaptureSummary;
    try {
      summary = await capture(device, {
        duration: args.duration,
        writer,
        signal: io.interrupt,
        ...(progress === null ? {} : { onProgress: (n: number, total: number | null) => progress.update(n, total) }),
      });
    } finally {
      progress?.finish();
    }
    io.stdout.write(summaryText(args.out, summary));
    if (summary.stop.reason === 'disconnect' || summary.stop.reason === 'error') {
      io.stderr.write(`joulescope: streaming stopped: ${summary.stop.message}\n`);
      return EXIT.ERROR;
    }
    return io.interrupt.aborted ? EXIT.INTERRUPTED : EXIT.OK;
  } finally {
    await device.close();
  }
}

async function writerFor(format: string, path: string, device: Device): Promise<CaptureWriter> {
  const samplingFrequency = device.streamBuffer.outputSamplingFrequency;
  const calibrated = device.calibration.applied;
  if (format === '.jls') return jlsWriter(path, { details: await device.info(), samplingFrequency, calibrated });
  const output = fileOutput(path);
  return format === '.raw' ? rawWriter(output) : csvWriter(output, { samplingFrequency, calibrated });
}

/** What was written, for people. */
export function summaryText(path: string, s: CaptureSummary): string {
  const units = s.calibrated ? { current: 'A', power: 'W', charge: 'C', energy: 'J' } : { current: 'LSB', power: 'LSB²', charge: 'LSB·s', energy: 'LSB²·s' };
  const early = s.stop.reason === 'duration' ? '' : ` (stopped early: ${s.stop.message})`;
  return (
    `${path}: ${String(s.samples)} samples at ${String(s.samplingFrequency)} Hz, ${duration(s.samples / s.samplingFrequency)}${early}\n` +
    `  missing ${String(s.missing)} samples\n` +
    `  mean current ${si(s.meanCurrent, units.current)}, mean power ${si(s.meanPower, units.power)}\n` +
    `  charge ${si(s.charge, units.charge)}, energy ${si(s.energy, units.energy)}\n` +
    (s.calibrated ? '' : '  UNCALIBRATED: values are raw ADC codes (LSB)\n')
  );
}
