/**
 * Suppression window lengths (samples at 2 MS/s) for a current-range change, indexed
 * `[to * 9 + from]` with ranges 0..6, 7 = off, 8 = missing (js110-facts §7.2).
 * Rows 7 and 8 and column 8 are zero: entering off or missing, or leaving missing, opens no window.
 */

// prettier-ignore
export const MATRIX_M = new Uint8Array([
  0, 5, 5, 5, 5, 5, 6, 6, 0,
  3, 0, 5, 5, 5, 6, 7, 8, 0,
  4, 4, 0, 6, 6, 7, 7, 8, 0,
  4, 4, 4, 0, 6, 6, 7, 7, 0,
  4, 4, 4, 4, 0, 6, 7, 6, 0,
  4, 4, 4, 4, 4, 0, 7, 6, 0,
  4, 4, 4, 4, 4, 4, 0, 6, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0,
]);

// prettier-ignore
export const MATRIX_N = new Uint8Array([
  0, 5, 7, 7, 7, 7, 7, 8, 0,
  3, 0, 7, 7, 7, 7, 7, 8, 0,
  5, 5, 0, 7, 7, 7, 7, 8, 0,
  5, 5, 5, 0, 7, 7, 7, 8, 0,
  5, 5, 5, 5, 0, 7, 7, 8, 0,
  5, 5, 5, 5, 5, 0, 7, 8, 0,
  5, 5, 5, 5, 5, 5, 0, 8, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0,
]);
