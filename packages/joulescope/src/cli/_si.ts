/** Values with SI prefixes for people, in fixed widths so that columns line up. */

const PREFIXES: readonly (readonly [number, string])[] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p'],
];

/**
 * `value` with an SI prefix and 4 decimals in the unit column, e.g. 0.00123 A → "1.2300 mA";
 * NaN → "—" (no finite sample). Units that are not SI (`LSB`) get no prefix.
 */
export function si(value: number, units: string, decimals = 4): string {
  if (!Number.isFinite(value)) return `— ${units}`.trim();
  if (units === '' || units.startsWith('LSB')) return `${value.toFixed(decimals)} ${units}`.trim();
  const a = Math.abs(value);
  if (a === 0) return `${(0).toFixed(decimals)} ${units}`;
  const [scale, prefix] = PREFIXES.find(([s]) => a >= s * 0.99995) ?? PREFIXES[PREFIXES.length - 1];
  return `${(value / scale).toFixed(decimals)} ${prefix}${units}`;
}

/** A duration in seconds as `12.3 s`, `4 min 05 s` or `1 h 02 min`. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.floor(seconds);
  if (s < 3600) return `${String(Math.floor(s / 60))} min ${String(s % 60).padStart(2, '0')} s`;
  return `${String(Math.floor(s / 3600))} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** The JS110 current range names, by range index (7 = off). */
export const CURRENT_RANGES: readonly string[] = ['10 A', '2 A', '180 mA', '18 mA', '1.8 mA', '180 µA', '18 µA', 'off'];
