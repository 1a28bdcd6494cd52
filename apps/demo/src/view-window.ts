/**
 * The pixel-to-increment mapping: which statistics rows a plot asks for so that it gets about
 * one row per pixel. Rows start on multiples of the increment, so a window that scrolls keeps
 * the same row boundaries and a live plot does not shimmer.
 */

/** Rows to query for one plot: `rows` rows of `increment` samples from sample id `start`. */
export interface ViewWindow {
  /** First sample id of the first row (a multiple of `increment`). */
  start: number;
  /** End of the last row (exclusive): `start + rows × increment`. */
  stop: number;
  /** Samples per row: 1 shows single samples. */
  increment: number;
  rows: number;
}

/** The smallest window span, in samples: zooming stops at about this many samples on screen. */
export const MIN_SPAN_SAMPLES = 8;

function checkFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number, got ${String(value)}`);
  }
}

/**
 * The rows that cover sample ids `[start, stop)` at about one row per pixel of a plot `pixels`
 * wide: `increment = ceil((stop − start) / pixels)` (at least 1), `start` rounded down and
 * `stop` rounded up to multiples of it, so there are `pixels` or `pixels + 1` rows at most.
 *
 * `blocks` (ascending) are the sample counts the source answers fastest, its reduction sizes
 * (200, 20 000 … for a StreamBuffer): an increment of at least ten times a block is rounded up
 * to a multiple of the largest such block, so every row is whole reduction entries (no sample
 * at the edges to accumulate) for at most 10 % fewer rows.
 *
 * Throws `TypeError` for a non-finite bound, `RangeError` for `stop ≤ start` or `pixels` that
 * is not a positive integer.
 */
export function viewWindow(start: number, stop: number, pixels: number, blocks: readonly number[] = []): ViewWindow {
  checkFinite('start', start);
  checkFinite('stop', stop);
  if (!(stop > start)) throw new RangeError(`stop (${String(stop)}) must be greater than start (${String(start)})`);
  if (!Number.isInteger(pixels) || pixels < 1) throw new RangeError(`pixels must be a positive integer, got ${String(pixels)}`);
  let increment = Math.max(1, Math.ceil((stop - start) / pixels));
  for (let k = blocks.length - 1; k >= 0; k--) {
    const b = blocks[k];
    if (increment >= 10 * b) {
      increment = Math.ceil(increment / b) * b;
      break;
    }
  }
  const first = Math.floor(start / increment);
  const last = Math.ceil(stop / increment);
  // `+ 0` turns a -0 (from a tiny negative start) into 0.
  return { start: first * increment + 0, stop: last * increment + 0, increment, rows: last - first };
}

/**
 * Limits a window to the rows that lie wholly inside the samples held, `[first, last)`: a row
 * that is still filling, or that the buffer has partly overwritten, is left out rather than
 * shown short, and a query never asks for more rows than the buffer holds. Keeps `increment`;
 * an empty result has `rows` 0 and `start === stop`.
 */
export function clampWindow(view: ViewWindow, first: number, last: number): ViewWindow {
  const inc = view.increment;
  const start = Math.max(view.start, Math.ceil(first / inc) * inc);
  const stop = Math.min(view.stop, Math.floor(last / inc) * inc);
  if (start === view.start && stop === view.stop) return view;
  if (stop <= start) return { start, stop: start, increment: inc, rows: 0 };
  return { start, stop, increment: inc, rows: (stop - start) / inc };
}

/** The x value (seconds) of row `row`: the time of the middle of its samples (a sample's own time when `increment` is 1). */
export function rowTime(view: ViewWindow, row: number, samplingFrequency: number): number {
  return (view.start + row * view.increment + (view.increment - 1) / 2) / samplingFrequency;
}
