/**
 * What is wrong with a calibration record whose datafile structure is sound:
 * - `missing_tag`: the record sequence is not [SGS] HDR AJS|CJS (an expected record is absent);
 * - `wrong_product`: the JSON `product` is not "1.1.1" (JS110 calibration);
 * - `bad_json`: the AJS/CJS value is not UTF-8 JSON (bare NaN/Infinity tokens are accepted);
 * - `bad_field`: a JSON field is missing or has the wrong type, length or format.
 * Datafile-level faults (CRC, truncation, magic) are reported as `DatafileError`.
 */
export type CalibrationErrorCode = 'missing_tag' | 'wrong_product' | 'bad_json' | 'bad_field';

/** A calibration record that cannot be loaded. */
export class CalibrationError extends Error {
  readonly code: CalibrationErrorCode;

  constructor(code: CalibrationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CalibrationError';
    this.code = code;
  }
}
