/**
 * The Bessel-corrected sample variance of `count` values whose sum of squared deviations from
 * their mean is `m2`: NaN for no values, 0 for one, else M2 / (count − 1). The one variance
 * step of the package: `RunningStats.variance`, `StatsArray` rows and `statsRecordToRow` use it.
 */
export function sampleVariance(count: number, m2: number): number {
  if (count === 0) return NaN;
  return count <= 1 ? 0 : m2 / (count - 1);
}
