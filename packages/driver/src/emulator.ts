/**
 * `@joulescope/driver/emulator`: an emulated JS110 behind the same WebUSB-shaped seam, its
 * provider, its signals and its signed calibration (no hardware, no native module).
 */
export { EmulatedJs110, emulatedProvider } from './emulated-js110';
export type { EmulatorFault, EmulatorOptions } from './emulated-js110';
export { constantSignal, firmwareLikeSignal } from './emulator-signal';
export type { EmulatorSignal, FirmwareLikeSignalOptions } from './emulator-signal';
export {
  EMULATOR_PRIVATE_KEY,
  EMULATOR_PUBLIC_KEY,
  emulatorCalibration,
  emulatorCalibrationRecord,
  emulatorCalibrationValues,
} from './emulator-calibration';
