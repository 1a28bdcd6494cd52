/**
 * The `joulescope` command: scan, info, statistics and capture, each with `--emulated` and
 * `--serial`. Exit codes: 0 done, 1 device or file error, 2 bad arguments, 130 Ctrl-C.
 */
import { Command, CommanderError, Option } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { captureCommand } from './capture-command';
import { EXIT, UsageError, type CliIo } from './_io';
import { infoCommand } from './info-command';
import { parseSamplingFrequency, parseSeconds, parseStatisticsFrequency } from './_arguments';
import { scanCommand } from './scan-command';
import { statisticsCommand } from './statistics-command';

const DEVICE_HELP = {
  emulated: 'use the emulated JS110 (real time) instead of USB hardware',
  serial: 'the serial number of the JS110 to use (default: the first one found)',
};

function deviceOptions(command: Command): Command {
  return command.option('--emulated', DEVICE_HELP.emulated).option('--serial <serial>', DEVICE_HELP.serial);
}

/**
 * `pnpm start -- --duration 10` passes the `--` on: an option after a lone `--` is still
 * meant as an option (no command takes an operand starting with `--`).
 */
function dropPassThroughSeparator(argv: readonly string[]): string[] {
  const i = argv.indexOf('--');
  if (i < 0 || !(argv[i + 1]?.startsWith('--') ?? false)) return [...argv];
  return [...argv.slice(0, i), ...argv.slice(i + 1)];
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command('joulescope')
    .description('Joulescope JS110: find devices, read their calibration, show live statistics, capture samples')
    .version(packageJson.version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');

  deviceOptions(program.command('scan').description('list the attached JS110s with model and firmware'))
    .option('--json', 'print a JSON array')
    .action(async (options: { emulated?: boolean; serial?: string; json?: boolean }) => {
      code = await scanCommand(options, io);
    });

  deviceOptions(
    program
      .command('info')
      .description('show device information and calibration (signed or not, date, serial), or what a JLS file holds')
      .argument('[file]', 'a JLS recording to describe instead of a device'),
  )
    .option('--json', 'print JSON')
    .action(async (file: string | undefined, options: { emulated?: boolean; serial?: string; json?: boolean }) => {
      code = await infoCommand(file, options, io);
    });

  deviceOptions(program.command('statistics').description('live multimeter on a terminal; one JSON object per update otherwise'))
    .option('--duration <seconds>', 'stop after this many seconds (default: until Ctrl-C)', parseSeconds)
    .addOption(new Option('--frequency <hz>', 'statistics updates per second: 1, 2, 5, 10, 20, 50, 100, 200, 500 or 1000').default(2).argParser(parseStatisticsFrequency))
    .option('--sampling-frequency <hz>', 'buffer sampling frequency: 2 MHz (default) or a downsampled rate down to 10 Hz', parseSamplingFrequency)
    .option('--json', 'one JSON object per update, also on a terminal')
    .action(async (options: { emulated?: boolean; serial?: string; duration?: number; frequency: number; samplingFrequency?: number; json?: boolean }) => {
      code = await statisticsCommand(options, io);
    });

  deviceOptions(program.command('capture').description('record samples to a .csv, .raw (u16 words) or .jls file'))
    .requiredOption('--duration <seconds>', 'seconds to capture (the file holds exactly that many samples)', parseSeconds)
    .requiredOption('--out <file>', 'the output file: .csv, .raw or .jls')
    .option('--sampling-frequency <hz>', 'sampling frequency: 2 MHz (default) or a downsampled rate down to 10 Hz', parseSamplingFrequency)
    .action(async (options: { emulated?: boolean; serial?: string; duration: number; out: string; samplingFrequency?: number }) => {
      code = await captureCommand(options, io);
    });

  try {
    await program.parseAsync(dropPassThroughSeparator(argv), { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // `--help` and `--version` succeed; a missing command ('commander.help') or any bad argument is a usage error.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`joulescope: error: ${error.message}\n(run with --help for usage)\n`);
      return EXIT.USAGE;
    }
    if (io.interrupt.aborted) return EXIT.INTERRUPTED;
    io.stderr.write(`joulescope: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.ERROR;
  }
}
