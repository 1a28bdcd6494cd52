import { describe, expect, it } from 'vitest';
import { axisValues, count, rangeName, si } from '../src/format';

describe('axisValues', () => {
  it('uses one prefix per axis and enough decimals to tell ticks apart', () => {
    expect(axisValues([3.29, 3.2925, 3.295], 'V')).toEqual(['3.2900 V', '3.2925 V', '3.2950 V']);
    expect(axisValues([0, 0.01, 0.02, 0.03], 'A')).toEqual(['0 mA', '10 mA', '20 mA', '30 mA']);
    expect(axisValues([0, 0.0000025, 0.000005], 'A')).toEqual(['0.0 µA', '2.5 µA', '5.0 µA']);
    expect(axisValues([], 'W')).toEqual([]);
    // Single samples late in a stream: ticks 0.25 µs apart at 10.79 s (with float noise in the steps).
    expect(axisValues([10.79, 10.79000025, 10.7900005], 's')).toEqual(['10.79000000 s', '10.79000025 s', '10.79000050 s']);
    expect(axisValues([0.5, 1, 1.5], 's')).toEqual(['0.5 s', '1.0 s', '1.5 s']);
  });
});

describe('si, count, rangeName', () => {
  it('read as a multimeter reads', () => {
    expect(si(0.00123, 'A')).toBe('1.230 mA');
    expect(si(3.3004, 'V')).toBe('3.300 V');
    expect(si(-2.5e-6, 'A')).toBe('-2.500 µA');
    expect(si(0, 'W')).toBe('0.000 W');
    expect(si(Number.NaN, 'A')).toBe('— A');
    expect(si(2_000_000, 'S/s')).toBe('2.000 MS/s');
    expect(count(18_998_784)).toBe('18,998,784');
    expect(count(Number.NaN)).toBe('—');
    expect([rangeName(0), rangeName(3), rangeName(6), rangeName(7), rangeName(Number.NaN), rangeName(9)]).toEqual(['10 A', '18 mA', '18 µA', 'off', '—', '—']);
  });
});
