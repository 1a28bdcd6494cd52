/**
 * The constructor's arguments and the memory budget (docs/stream-buffer.md, "The ring"): the
 * ring holds `duration × samplingFrequency` samples rounded up to a multiple of the product of
 * the reductions, so that every level tiles it. A product larger than the duration asked for is
 * refused rather than silently making the ring longer; a ring that does not fit in the memory
 * available is refused before anything is allocated.
 */
import { availableMemory } from './_available-memory';
import { describe } from './_checks';
import { StreamBufferAllocationError } from './errors';

/** Samples in one USB packet: the smallest useful ring. */
export const MIN_LENGTH = 126;
/** At most this many reduction levels, as the reference. */
export const MAX_REDUCTIONS = 5;

/** The checked constructor arguments. */
export interface RingSize {
  /** Samples the ring holds: a multiple of `step`. */
  length: number;
  /** Samples per entry of the last reduction level (1 without reductions). */
  step: number;
  samplingFrequency: number;
  reductions: readonly number[];
}

/** Checks `duration`, `reductions` and `samplingFrequency` and returns the ring length. */
export function ringSize(duration: unknown, reductions: unknown, samplingFrequency: unknown): RingSize {
  if (typeof duration !== 'number') throw new TypeError(`duration must be a number of seconds, got ${describe(duration)}`);
  if (!Number.isFinite(duration) || duration <= 0) {
    throw new RangeError(`duration must be a positive finite number of seconds, got ${describe(duration)}`);
  }
  if (typeof samplingFrequency !== 'number') {
    throw new TypeError(`samplingFrequency must be a number (Hz), got ${describe(samplingFrequency)}`);
  }
  if (!Number.isFinite(samplingFrequency) || samplingFrequency <= 0) {
    throw new RangeError(`samplingFrequency must be a positive finite number (Hz), got ${describe(samplingFrequency)}`);
  }
  if (!Array.isArray(reductions)) throw new TypeError(`reductions must be an array of integers, got ${describe(reductions)}`);
  if (reductions.length > MAX_REDUCTIONS) {
    throw new RangeError(`at most ${String(MAX_REDUCTIONS)} reductions are allowed, got ${String(reductions.length)}`);
  }
  const factors: number[] = [];
  let step = 1;
  for (const r of reductions as unknown[]) {
    if (typeof r !== 'number') throw new TypeError(`reductions must be integers, got ${describe(r)}`);
    if (!Number.isSafeInteger(r) || r < 2) throw new RangeError(`each reduction must be an integer of at least 2, got ${describe(r)}`);
    step *= r;
    factors.push(r);
  }
  const requested = Math.trunc(samplingFrequency * duration);
  if (requested < MIN_LENGTH) {
    throw new RangeError(
      `the ring must hold at least one packet (${String(MIN_LENGTH)} samples); duration ${String(duration)} s at ${String(samplingFrequency)} Hz gives ${String(requested)}`,
    );
  }
  if (step > requested) {
    // Rounding up to the product would make the ring longer than asked, possibly by far
    // (1 s with [1e9] would be a 500 s ring): say so instead.
    throw new RangeError(
      `reductions [${factors.join(', ')}] take ${String(step)} samples per entry of the last level, more than the ${String(requested)} samples of ${String(duration)} s at ${String(samplingFrequency)} Hz; use a duration of at least ${String(step / samplingFrequency)} s or smaller reductions`,
    );
  }
  return { length: Math.ceil(requested / step) * step, step, samplingFrequency, reductions: factors };
}

/** The error for a ring of `size` that needs `bytes`, for the reason `why`. */
export function tooBig(size: RingSize, bytes: number, why: string): StreamBufferAllocationError {
  const seconds = size.length / size.samplingFrequency;
  return new StreamBufferAllocationError(
    `a ${String(seconds)} s ring at ${String(size.samplingFrequency)} Hz needs ${(bytes / 2 ** 20).toFixed(0)} MiB (${String(size.length)} samples); ${why}. Use a shorter duration.`,
    bytes,
  );
}

/** Throws when `bytes` exceed the memory available (where known). */
export function checkBudget(size: RingSize, bytes: number): void {
  const available = availableMemory();
  if (available !== null && bytes > available) {
    throw tooBig(size, bytes, `only ${(available / 2 ** 20).toFixed(0)} MiB are available`);
  }
}
