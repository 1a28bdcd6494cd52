import { serializeCalibration, type CalibrationData } from '@joulescope/codec';

/**
 * The emulated JS110's calibration: the values of the shared fixture `calibration_01.dat`
 * (float32), signed with the test key whose private key is the bytes 0, 1, ..., 31. The test
 * key is not an official key: a driver loads the record as unsigned unless it allows
 * `EMULATOR_PUBLIC_KEY` (`calibrationPublicKeys`).
 */

/** The test signing key (private key = bytes 0..31), for tests only. */
export const EMULATOR_PRIVATE_KEY: Uint8Array = /* @__PURE__ */ Uint8Array.from({ length: 32 }, (_, i) => i);

/** Its public key, as given with the fixture (the tests derive it from the private key). */
export const EMULATOR_PUBLIC_KEY: Uint8Array = /* @__PURE__ */ Uint8Array.from(
  'f65333fa6303b6a23defd7de2af8aa461cb047ccbf12d4edd29ef3b1eba6706b'.match(/../g) as string[],
  (h) => parseInt(h, 16),
);

/** The fixture's calibration values with entry 7 = 0 (off) and 8 = NaN (missing). */
export function emulatorCalibrationValues(): Pick<CalibrationData, 'currentOffset' | 'currentGain' | 'voltageOffset' | 'voltageGain'> {
  return {
    currentOffset: Float32Array.of(
      -2806.717811538373, -2822.6645675137756, -2820.88100055503, -2822.6200621623125, -2820.462616626318,
      -2820.5826040862453, -2818.676888822763, 0, NaN,
    ),
    currentGain: Float32Array.of(
      0.0006828914450133605, 0.00016375303534373303, 1.4626174421742075e-5, 1.4937616926812478e-6,
      1.4970493483159016e-7, 1.498388811827842e-8, 1.4984542304875239e-9, 0, NaN,
    ),
    voltageOffset: Float32Array.of(-1150.5926667302124, -2041.675208990041),
    voltageGain: Float32Array.of(0.0009468113102263853, 0.00029342128123136175),
  };
}

/** The emulator's calibration data for a hardware serial (32 lowercase hex digits). */
export function emulatorCalibration(serialNumber: string, time: Date = new Date(Date.UTC(2024, 0, 1))): CalibrationData {
  return { ...emulatorCalibrationValues(), serialNumber, time, version: '1.0.0' };
}

/** A signed calibration record (datafile bytes) for an emulated device. */
export function emulatorCalibrationRecord(serialNumber: string, time?: Date): Uint8Array {
  return serializeCalibration(emulatorCalibration(serialNumber, time), { privateKey: EMULATOR_PRIVATE_KEY });
}
