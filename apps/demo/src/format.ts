/** How numbers read on the page: SI prefixes, fixed significant digits. */

const PREFIXES: readonly [number, string][] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p'],
];

/** The SI prefix for a magnitude: [scale, prefix], e.g. 0.0042 → [1e-3, 'm']. */
export function prefixFor(magnitude: number): readonly [number, string] {
  return PREFIXES.find(([s]) => magnitude >= s * 0.9995) ?? PREFIXES[PREFIXES.length - 1];
}

/**
 * Axis tick labels: one SI prefix for the whole axis (that of its largest tick) and just
 * enough decimals to tell neighbouring ticks apart ("3.2900 V", "3.2925 V", …).
 */
export function axisValues(splits: readonly number[], units: string): string[] {
  if (splits.length === 0) return [];
  let big = 0;
  for (const v of splits) big = Math.max(big, Math.abs(v));
  const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : big;
  const [scale, prefix] = big > 0 ? prefixFor(big) : [1, ''];
  // The fewest decimals that write the tick step exactly (2.5 → 1, 0.0025 → 4).
  const x = step / scale;
  let decimals = 0;
  for (; decimals < 12; decimals++) {
    const y = x * 10 ** decimals;
    const r = Math.round(y);
    if (r >= 1 && Math.abs(r - y) <= 1e-6 * y) break;
  }
  return splits.map((v) => `${(v / scale).toFixed(decimals)} ${prefix}${units}`);
}

/** `value` with an SI prefix and `digits` significant digits, e.g. 0.00123 A → "1.230 mA"; "—" when not finite. */
export function si(value: number, units: string, digits = 4): string {
  if (!Number.isFinite(value)) return `— ${units}`.trim();
  if (value === 0) return `${(0).toFixed(digits - 1)} ${units}`.trim();
  const a = Math.abs(value);
  const [scale, prefix] = prefixFor(a);
  const scaled = value / scale;
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(scaled) + 1e-300)));
  return `${scaled.toFixed(Math.min(decimals, 12))} ${prefix}${units}`;
}

/** A duration: "1.234 s", "56.00 ms", "12 samples" style figures for the time axis. */
export function seconds(value: number, digits = 4): string {
  return si(value, 's', digits);
}

/** An integer count with thin thousands separators. */
export function count(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return Math.round(value).toLocaleString('en-US');
}

/** The JS110 current range names by range index (0 = 10 A … 6 = 18 µA, 7 = off). */
export const RANGE_NAMES: readonly string[] = ['10 A', '2 A', '180 mA', '18 mA', '1.8 mA', '180 µA', '18 µA', 'off'];

/** The name of a current range index, or "—". */
export function rangeName(index: number): string {
  return Number.isInteger(index) && index >= 0 && index < RANGE_NAMES.length ? RANGE_NAMES[index] : '—';
}
