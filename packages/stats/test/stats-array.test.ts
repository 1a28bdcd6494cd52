import { describe, expect, expectTypeOf, it } from 'vitest';
import { FIELD, RunningStats, STATS_FIELDS, STATS_FIELD_COUNT, StatsArray } from '../src/index';
import type { StatsField } from '../src/index';

describe('StatsArray', () => {
  it('lists the six fields in storage order', () => {
    expect(STATS_FIELDS).toEqual(['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb']);
    expect(STATS_FIELD_COUNT).toBe(6);
    STATS_FIELDS.forEach((name, i) => expect(FIELD[name]).toBe(i));
    expectTypeOf<StatsField>().toEqualTypeOf<
      'current' | 'voltage' | 'power' | 'current_range' | 'current_lsb' | 'voltage_lsb'
    >();
  });

  it('starts with empty records: count 0 and NaN elsewhere', () => {
    const a = new StatsArray(3);
    expect(a.rows).toBe(3);
    for (const arr of [a.count, a.mean, a.variance, a.min, a.max]) {
      expect(arr).toBeInstanceOf(Float64Array);
      expect(arr.length).toBe(18);
    }
    expect([...a.count]).toEqual(new Array(18).fill(0));
    expect(a.record(2, 5)).toEqual({ count: 0, mean: NaN, variance: NaN, min: NaN, max: NaN });
  });

  it('stores running statistics at row * 6 + field with the Bessel variance', () => {
    const a = new StatsArray(2);
    const s = new RunningStats().add(0).add(2).add(4).add(6).add(8);
    a.setFromRunning(1, FIELD.power, s);
    expect(a.count[1 * 6 + 2]).toBe(5);
    expect(a.record(1, 2)).toEqual({ count: 5, mean: 4, variance: 10, min: 0, max: 8 });
    a.setFromRunning(1, 2, new RunningStats().add(7));
    expect(a.record(1, 2)).toEqual({ count: 1, mean: 7, variance: 0, min: 7, max: 7 });
    a.setFromRunning(1, 2, new RunningStats());
    expect(a.record(1, 2)).toEqual({ count: 0, mean: NaN, variance: NaN, min: NaN, max: NaN });
  });

  it('clears rows, copies rows and takes a head', () => {
    const a = new StatsArray(3);
    const s = new RunningStats().add(1).add(3);
    for (let r = 0; r < 3; r++) for (let f = 0; f < 6; f++) a.setFromRunning(r, f, s);
    a.clearRow(1);
    expect(a.record(1, 0).count).toBe(0);
    expect(a.record(2, 0).count).toBe(2);
    const h = a.head(2);
    expect(h.rows).toBe(2);
    expect(h.record(0, 3)).toEqual(a.record(0, 3));
    expect(a.head(3)).toBe(a);
    const b = new StatsArray(1);
    b.copyRows(a, 2, 0, 1);
    expect(b.record(0, 4)).toEqual({ count: 2, mean: 2, variance: 2, min: 1, max: 3 });
    a.clear();
    expect(a.record(0, 0).count).toBe(0);
  });

  it('rejects invalid row counts', () => {
    expect(() => new StatsArray(-1)).toThrow(RangeError);
    expect(() => new StatsArray(1.5)).toThrow(RangeError);
  });
});
