/** What `device.info()` reports: identity, versions and calibration, as plain data. */
import type { FirmwareInfo } from './_driver';
import type { DeviceCalibration } from './calibration-state';

/** A JS110's identity, firmware and calibration. */
export interface DeviceDetails {
  /** Always `JS110`. */
  readonly model: 'JS110';
  /** The USB serial number (what `scan` lists and `open(serial)` takes). */
  readonly serialNumber: string;
  /** Hex of the microcontroller's serial number (the calibration's serial), null if not read. */
  readonly hardwareSerialNumber: string | null;
  /** Controller firmware version, e.g. "1.3.4"; null when the firmware does not say. */
  readonly firmwareVersion: string | null;
  /** FPGA version, e.g. "0x00010005"; null when the firmware does not say. */
  readonly fpgaVersion: string | null;
  /** Hardware revision letter; null when the firmware does not say. */
  readonly hardwareRevision: string | null;
  /** True for the emulated JS110. */
  readonly emulated: boolean;
  /** The calibration in effect (see `Device.calibration`). */
  readonly calibration: DeviceCalibration;
  /** The firmware's INFO JSON as read (null: the firmware does not answer INFO). */
  readonly info: FirmwareInfo | null;
}

/** Builds the details from the INFO reply (both firmware forms) and what the Device knows. */
export function deviceDetails(
  info: FirmwareInfo | null,
  identity: { serialNumber: string; hardwareSerialNumber: string | null; emulated: boolean; calibration: DeviceCalibration },
): DeviceDetails {
  const ctl = field(info, 'ctl');
  return Object.freeze({
    model: 'JS110',
    ...identity,
    firmwareVersion: text(field(field(ctl, 'fw'), 'ver')),
    fpgaVersion: text(field(field(ctl, 'fpga'), 'ver')),
    hardwareRevision: text(field(field(ctl, 'hw'), 'rev')),
    info,
  });
}

function field(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return (value as Record<string, unknown>)[key];
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}
