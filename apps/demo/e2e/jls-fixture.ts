/**
 * What the page must show for e2e/fixtures/pyjls_small.jls (written by pyjls, the official JLS
 * library): 200 000 samples at 2 MHz of signals given by formulas (its README), so the expected
 * duration and means are computed here from the formulas, not read back from the file.
 */
export const FIXTURE_SAMPLES = 200_000;
export const FIXTURE_RATE = 2_000_000;
const NAN_AT = new Set([123, 50_123, 100_123, 150_123]);

/** Current of API sample k (NaN at the four missing samples). */
export function fixtureCurrent(k: number): number {
  if (NAN_AT.has(k)) return NaN;
  return Math.fround((((k * 2654435761) % 2 ** 32) / 2 ** 32) * 0.01 - 0.005 + k * 1e-9);
}

/** Voltage of API sample k. */
export function fixtureVoltage(k: number): number {
  return Math.fround(3.3 + (((k * 40503) % 65536) / 65536) * 0.01);
}

/** Duration (s) and the means of the finite samples of current and voltage. */
export function fixtureExpected(): { duration: number; current: number; voltage: number } {
  let si = 0;
  let ni = 0;
  let sv = 0;
  for (let k = 0; k < FIXTURE_SAMPLES; k++) {
    const i = fixtureCurrent(k);
    if (!Number.isNaN(i)) {
      si += i;
      ni++;
    }
    sv += fixtureVoltage(k);
  }
  return { duration: FIXTURE_SAMPLES / FIXTURE_RATE, current: si / ni, voltage: sv / FIXTURE_SAMPLES };
}
