/** `joulescope scan`: the attached JS110s with model and firmware. */
import { emptyScanHint } from '../_driver';
import { open } from '../open';
import { EXIT, type CliIo } from './_io';
import { findDevices, scanOptionsOf, type DeviceArguments } from './_device';

interface ScanArguments extends DeviceArguments {
  json?: boolean;
}

interface ScanRow {
  serialNumber: string;
  name: string;
  model: string;
  firmwareVersion: string | null;
  fpgaVersion: string | null;
  emulated: boolean;
  /** Why the firmware is unknown (the device could not be opened), else null. */
  error: string | null;
}

export async function scanCommand(args: ScanArguments, io: CliIo): Promise<number> {
  const found = await findDevices(args);
  const rows: ScanRow[] = [];
  for (const info of found) {
    const row: ScanRow = { serialNumber: info.serialNumber, name: info.name, model: 'JS110', firmwareVersion: null, fpgaVersion: null, emulated: info.provider === 'emulated', error: null };
    try {
      // Only to read the versions: `ignore` leaves the device's settings as they are.
      const device = await open(info, { ...scanOptionsOf(args), config: 'ignore' });
      try {
        const details = await device.info();
        row.firmwareVersion = details.firmwareVersion;
        row.fpgaVersion = details.fpgaVersion;
      } finally {
        await device.close();
      }
    } catch (error) {
      row.error = error instanceof Error ? error.message : String(error);
    }
    rows.push(row);
  }
  if (args.json === true) {
    io.stdout.write(`${JSON.stringify(rows)}\n`);
    return EXIT.OK;
  }
  if (rows.length === 0) {
    const what = args.serial === undefined ? 'no JS110 found' : `no JS110 with serial number ${args.serial} found`;
    io.stdout.write(`${what}\n${await emptyScanHint(args.emulated === true)}\n`);
    return EXIT.OK;
  }
  for (const r of rows) {
    const versions = r.error === null ? `firmware ${r.firmwareVersion ?? 'unknown'}, FPGA ${r.fpgaVersion ?? 'unknown'}` : `firmware unknown (${r.error})`;
    io.stdout.write(`${r.serialNumber}  ${r.model}  ${versions}${r.emulated ? '  (emulated)' : ''}\n`);
  }
  return EXIT.OK;
}
