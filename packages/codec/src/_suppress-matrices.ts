/**
 * Suppression window lengths (samples at 2 MS/s) for a current-range change, indexed
 * `[to * 9 + from]` with ranges 0..6, 7 = off, 8 = missing (docs/samples.md, "Window matrices").
 * Rows 7 and 8 and column 8 are zero: entering off or missing, or leaving missing, opens no window.
 * Internal: the tables are mutable typed arrays, and docs/samples.md lists them for readers.
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

/**
 * A copy of window matrix `m` or `n` (81 window lengths, `[to * 9 + from]`), for filter
 * implementations outside this package (the StreamBuffer's WebAssembly kernel).
 */
export function suppressWindows(matrix: 'm' | 'n'): Uint8Array {
  return (matrix === 'm' ? MATRIX_M : MATRIX_N).slice();
}
