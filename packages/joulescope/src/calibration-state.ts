/**
 * What a Device knows about its calibration, stated explicitly: samples are amperes and volts
 * only when a calibration was applied; otherwise they are raw ADC codes and every result says so.
 */
import { calibrationTables, type Calibration } from '@joulescope/codec';

/**
 * - `signed`: the device's active calibration, signed by a trusted key, is applied;
 * - `unsigned`: its calibration is applied but the signature is missing or not trusted;
 * - `invalid`: the device has a calibration record that does not load or holds unusable values;
 * - `missing`: no calibration could be read, or it belongs to another device.
 */
export type CalibrationState = 'signed' | 'unsigned' | 'invalid' | 'missing';

/** A Device's calibration: its state and, when one was read, the record's identity. */
export interface DeviceCalibration {
  /** Signed, unsigned, invalid or missing (see `CalibrationState`). */
  readonly state: CalibrationState;
  /** True when samples are calibrated (A, V, W); false: raw ADC codes. */
  readonly applied: boolean;
  /** True when the record's signature verified with a trusted key. */
  readonly signed: boolean;
  /** The record's serial number (32 hex digits), null when none was read. */
  readonly serialNumber: string | null;
  /** When the device was calibrated, null when no record was read. */
  readonly time: Date | null;
  /** The record's version ("1.0.0"), null when none was read. */
  readonly version: string | null;
  /** One sentence for people: what is applied and why. */
  readonly message: string;
  /** The record's values (offsets and gains) when they are applied, else null. */
  readonly values: Calibration | null;
}

const RAW = 'samples are raw ADC codes, not amperes and volts';

/** The state of the driver's active calibration (null: none read or another device's). */
export function calibrationState(calibration: Calibration | null): DeviceCalibration {
  if (calibration === null) {
    return Object.freeze({
      state: 'missing',
      applied: false,
      signed: false,
      serialNumber: null,
      time: null,
      version: null,
      message: `no calibration could be read from the device (or it belongs to another device): ${RAW}`,
      values: null,
    });
  }
  const identity = { serialNumber: calibration.serialNumber, time: calibration.time, version: calibration.version };
  if (calibration.signatureStatus === 'default') {
    return invalidCalibration(calibration, 'the device\'s calibration record did not load');
  }
  const date = calibration.time.toISOString().slice(0, 10);
  if (calibration.signed) {
    return Object.freeze({ state: 'signed', applied: true, signed: true, ...identity, message: `signed calibration of ${date}`, values: calibration });
  }
  return Object.freeze({
    state: 'unsigned',
    applied: true,
    signed: false,
    ...identity,
    message: `calibration of ${date} applied, but not signed by a trusted key (${calibration.unsignedReason ?? calibration.signatureStatus})`,
    values: calibration,
  });
}

/** An `invalid` state for a record that was read but cannot be applied, and why. */
export function invalidCalibration(calibration: Calibration, why: string): DeviceCalibration {
  return Object.freeze({
    state: 'invalid',
    applied: false,
    signed: calibration.signed,
    serialNumber: calibration.serialNumber,
    time: calibration.signatureStatus === 'default' ? null : calibration.time,
    version: calibration.signatureStatus === 'default' ? null : calibration.version,
    message: `${why}: ${RAW}`,
    values: null,
  });
}

/**
 * Why calibration values cannot be applied (null when they can), in the words of the one
 * check the sample math uses (`calibrationTables`): finite float32 offsets and gains.
 */
export function unusableReason(values: Calibration): string | null {
  try {
    calibrationTables(values.currentOffset, values.currentGain, values.voltageOffset, values.voltageGain);
    return null;
  } catch (error) {
    return `the device's calibration holds unusable values (${error instanceof Error ? error.message : String(error)})`;
  }
}
