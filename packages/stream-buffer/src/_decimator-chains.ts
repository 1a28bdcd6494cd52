/**
 * Which filters turn the 2 MS/s stream into each output rate (docs/downsampling.md,
 * "Chains"): the stages in the order the samples pass them, the first one fed at 2 MS/s.
 * The decimations multiply to 2 MHz / rate.
 */

/** The only input rate the chains are designed for (the JS110's), in Hz. */
export const DOWNSAMPLING_INPUT_FREQUENCY = 2_000_000;

/** Output rate (Hz) → filter numbers of `FIR_FILTERS`, first stage first. */
const CHAINS: ReadonlyMap<number, readonly number[]> = new Map([
  [1_000_000, [0]],
  [500_000, [1]],
  [200_000, [2]],
  [100_000, [3, 0]],
  [50_000, [4, 1]],
  [20_000, [5, 2]],
  [10_000, [6, 3, 0]],
  [5_000, [7, 4, 1]],
  [2_000, [8, 5, 2]],
  [1_000, [9, 6, 3, 0]],
  [500, [10, 7, 4, 1]],
  [200, [11, 8, 5, 2]],
  [100, [12, 9, 6, 3, 0]],
  [50, [13, 10, 7, 4, 1]],
  [20, [14, 11, 8, 5, 2]],
  [10, [15, 12, 9, 6, 3, 0]],
  [5, [16, 13, 10, 7, 4, 1]],
]);

/** Every supported output rate in Hz, fastest first: 1, 2, 5 steps from 1 MHz down to 5 Hz. */
export const DOWNSAMPLING_OUTPUT_FREQUENCIES: readonly number[] = [...CHAINS.keys()];

/** The filter chain of `outputFrequency`, or undefined when the rate is not supported. */
export function decimatorChain(outputFrequency: number): readonly number[] | undefined {
  return CHAINS.get(outputFrequency);
}
