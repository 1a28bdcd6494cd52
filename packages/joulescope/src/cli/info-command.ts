/** `joulescope info`: a device's identity, firmware and calibration, or what a JLS file holds. */
import type { DeviceDetails } from '../device-details';
import { EXIT, type CliIo } from './_io';
import { openDevice, type DeviceArguments } from './_device';
import { jlsInfo } from './jls-info';

interface InfoArguments extends DeviceArguments {
  json?: boolean;
}

export async function infoCommand(file: string | undefined, args: InfoArguments, io: CliIo): Promise<number> {
  if (file !== undefined) return jlsInfo(file, args.json === true, io);
  const device = await openDevice(args, 'ignore');
  let details: DeviceDetails;
  try {
    details = await device.info();
  } finally {
    await device.close();
  }
  if (args.json === true) {
    const { calibration, ...rest } = details;
    const { values: _values, ...cal } = calibration;
    io.stdout.write(`${JSON.stringify({ ...rest, calibration: cal })}\n`);
    return EXIT.OK;
  }
  io.stdout.write(formatDetails(details));
  return EXIT.OK;
}

/** The details as aligned lines. */
export function formatDetails(d: DeviceDetails): string {
  const c = d.calibration;
  const lines: [string, string][] = [
    ['serial number', d.serialNumber],
    ['model', `${d.model}${d.emulated ? ' (emulated)' : ''}`],
    ['hardware serial', d.hardwareSerialNumber ?? 'unknown'],
    ['firmware', d.firmwareVersion ?? 'unknown'],
    ['FPGA', d.fpgaVersion ?? 'unknown'],
    ['hardware', d.hardwareRevision ?? 'unknown'],
    ['calibration', `${c.state}: ${c.message}`],
  ];
  if (c.serialNumber !== null) lines.push(['  serial', c.serialNumber]);
  if (c.time !== null) lines.push(['  date', c.time.toISOString().slice(0, 10)]);
  if (c.version !== null) lines.push(['  version', c.version]);
  lines.push(['  signed', c.signed ? 'yes' : 'no']);
  return lines.map(([k, v]) => `${k.padEnd(16)} ${v}\n`).join('');
}
