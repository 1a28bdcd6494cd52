/**
 * What is wrong with a calibration record whose datafile structure is sound:
 * - `missing_tag`: the record sequence is not [SGS] HDR AJS|CJS [SGE] … END (an expected record
 *   is absent, END included);
 * - `wrong_product`: the JSON `product` is not "1.1.1" (JS110 calibration);
 * - `bad_json`: the AJS/CJS value is not UTF-8 JSON (bare NaN/Infinity tokens are accepted);
 * - `bad_field`: a JSON field is missing or has the wrong type, length or format (a version that
 *   is not "major.minor.patch" within 8.8.16 bits, a time outside years 1..9999, a serial number
 *   that is not 32 hex digits…);
 * - `bad_value`: an offset or gain that calibration uses (current ranges 0..6, voltage ranges
 *   0..1) is not a finite float32, so every sample would calibrate to NaN or ±Infinity.
 * Datafile-level faults (CRC, truncation, magic) are reported as `DatafileError`.
 */
export type CalibrationErrorCode = 'missing_tag' | 'wrong_product' | 'bad_json' | 'bad_field' | 'bad_value';

/** A calibration record that cannot be loaded. */
export class CalibrationError extends Error {
  readonly code: CalibrationErrorCode;

  constructor(code: CalibrationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CalibrationError';
    this.code = code;
  }
}
