// The brute-force model of the downsampling pipeline that the property tests check against:
// direct convolution per stage, `y_k = Σ_j h[j]·x[M·k + M − 1 − j]` with zero history before
// the first input, in float64 in the reference's order (newest input first), on current,
// voltage and their float64 product; the bit fields averaged over each output's inputs.
import { expect } from 'vitest';
import { FIR_FILTERS } from '../src/_fir-coefficients';
import { decimatorChain } from '../src/_decimator-chains';

export interface ModelOutput {
  current: Float64Array;
  voltage: Float64Array;
  power: Float64Array;
  currentRange: Uint8Array;
  currentLsb: Uint8Array;
  voltageLsb: Uint8Array;
}

function convolve(x: Float64Array, taps: readonly number[], M: number): Float64Array {
  const n = Math.floor(x.length / M);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < taps.length; j++) {
      const t = M * k + M - 1 - j;
      s += taps[j] * (t >= 0 ? x[t] : 0);
    }
    y[k] = s;
  }
  return y;
}

/** Every output the model produces from the full-rate samples, at `rate` Hz. */
export function downsampleModel(rate: number, current: ArrayLike<number>, voltage: ArrayLike<number>, bits: ArrayLike<number>): ModelOutput {
  const chain = decimatorChain(rate);
  if (chain === undefined) throw new Error(`no chain for ${String(rate)} Hz`);
  const n = current.length;
  let xi: Float64Array = Float64Array.from(current);
  let xv: Float64Array = Float64Array.from(voltage);
  let xp: Float64Array = Float64Array.from({ length: n }, (_, k) => current[k] * voltage[k]);
  let factor = 1;
  for (const id of chain) {
    const { taps, decimation } = FIR_FILTERS[id];
    xi = convolve(xi, taps, decimation);
    xv = convolve(xv, taps, decimation);
    xp = convolve(xp, taps, decimation);
    factor *= decimation;
  }
  const outputs = Math.floor(n / factor);
  const currentRange = new Uint8Array(outputs);
  const currentLsb = new Uint8Array(outputs);
  const voltageLsb = new Uint8Array(outputs);
  for (let k = 0; k < outputs; k++) {
    let r = 0;
    let a = 0;
    let b = 0;
    for (let j = k * factor; j < (k + 1) * factor; j++) {
      r += bits[j] & 15;
      a += (bits[j] >> 4) & 1;
      b += (bits[j] >> 5) & 1;
    }
    currentRange[k] = Math.floor((r * 16) / factor);
    currentLsb[k] = Math.floor((a * 255) / factor);
    voltageLsb[k] = Math.floor((b * 255) / factor);
  }
  return { current: xi.subarray(0, outputs), voltage: xv.subarray(0, outputs), power: xp.subarray(0, outputs), currentRange, currentLsb, voltageLsb };
}

/**
 * A float32 output equals the float32 of the model's float64 sum to a relative 1e-6, NaN
 * where NaN; `scale` (the inputs' magnitude) bounds the error of a sum that cancels to ~0.
 */
export function expectClose(got: number, want: number, what: string, scale = 1): void {
  if (Number.isNaN(want) || Number.isNaN(got)) {
    expect(Number.isNaN(got), `${what}: got ${String(got)}, want ${String(want)}`).toBe(Number.isNaN(want));
    return;
  }
  const w = Math.fround(want);
  const ok = Math.abs(got - w) <= 1e-6 * Math.abs(w) + 1e-12 * scale;
  expect(ok, `${what}: got ${String(got)}, want ${String(w)}`).toBe(true);
}
