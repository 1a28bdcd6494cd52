import { describe, expect, expectTypeOf, it } from 'vitest';
import { FIELD, RunningStats, SIGNAL_UNITS, STATS_FIELDS, STATS_FIELD_COUNT, StatsArray } from '../src/index';
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
    expect(() => new StatsArray(NaN)).toThrow(RangeError);
    expect(() => new StatsArray(2 ** 53)).toThrow(RangeError);
  });

  it('has one table of units per field', () => {
    expect(SIGNAL_UNITS).toEqual({ current: 'A', voltage: 'V', power: 'W', current_range: '', current_lsb: '', voltage_lsb: '' });
    expect(Object.keys(SIGNAL_UNITS)).toEqual([...STATS_FIELDS]);
    expectTypeOf(SIGNAL_UNITS.current).toEqualTypeOf<'A'>();
  });

  it('checks rows and fields of its accessors, changing nothing', () => {
    const a = new StatsArray(2);
    const s = new RunningStats().add(1);
    expect(() => a.record(2, 0)).toThrow(/row 2 outside the 2 rows/);
    expect(() => a.record(0, 6)).toThrow(RangeError);
    expect(() => a.record(-1, 0)).toThrow(RangeError);
    expect(() => a.setFromRunning(0, 1.5, s)).toThrow(RangeError);
    expect(() => a.clearRow(2)).toThrow(RangeError);
    expect(() => a.head(3)).toThrow(RangeError);
    expect(() => a.copyRows(new StatsArray(1), 0, 0, 2)).toThrow(RangeError);
    expect(() => a.copyRows(new StatsArray(3), 0, 1, 2)).toThrow(RangeError);
    expect(() => a.copyRows({} as StatsArray, 0, 0, 1)).toThrow(TypeError);
    expect([...a.count]).toEqual(new Array(12).fill(0));
    a.copyRows(new StatsArray(3), 1, 2, 0); // empty copies at the end are fine
    expect(a.head(0).rows).toBe(0);
  });
});

describe('StatsArray over an existing buffer', () => {
  it('says how many bytes it needs and lays the five columns out in order', () => {
    expect(StatsArray.byteLength(0)).toBe(0);
    expect(StatsArray.byteLength(3)).toBe(3 * 6 * 5 * 8);
    expect(() => StatsArray.byteLength(-1)).toThrow(RangeError);
    const a = new StatsArray(3);
    expect(a.buffer.byteLength).toBe(StatsArray.byteLength(3));
    expect(a.byteOffset).toBe(0);
    const n = 18;
    for (const [k, col] of [a.count, a.mean, a.variance, a.min, a.max].entries()) {
      expect(col.buffer).toBe(a.buffer);
      expect(col.byteOffset).toBe(k * n * 8);
    }
  });

  it('is rebuilt over the same bytes, keeping its contents, at an offset too', () => {
    const a = new StatsArray(2);
    a.setFromRunning(1, FIELD.voltage, new RunningStats().add(1).add(4));
    const same = new StatsArray(2, a.buffer, a.byteOffset);
    expect(same.record(1, 1)).toEqual({ count: 2, mean: 2.5, variance: 4.5, min: 1, max: 4 });
    same.clearRow(1);
    expect(a.record(1, 1).count).toBe(0); // views, not copies

    const big = new ArrayBuffer(16 + StatsArray.byteLength(2) + 8);
    const b = new StatsArray(2, big, 16);
    expect(b.byteOffset).toBe(16);
    expect(b.buffer).toBe(big);
    expect(b.record(0, 0)).toEqual({ count: 0, mean: 0, variance: 0, min: 0, max: 0 }); // contents as they are
    b.clear();
    expect(b.record(0, 0)).toEqual({ count: 0, mean: NaN, variance: NaN, min: NaN, max: NaN });
  });

  it('crosses a structuredClone transfer as one buffer and is rebuilt on the other side', () => {
    const a = new StatsArray(4);
    for (let r = 0; r < 4; r++) {
      for (let f = 0; f < 6; f++) a.setFromRunning(r, f, new RunningStats().add(r).add(f * 10).add(0.5));
    }
    a.clearRow(2);
    const expected = [0, 1, 2, 3].map((r) => [0, 1, 2, 3, 4, 5].map((f) => a.record(r, f)));
    const moved = structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
    expect(a.buffer.byteLength).toBe(0); // detached: the bytes moved, nothing was copied
    const b = new StatsArray(4, moved);
    expect([0, 1, 2, 3].map((r) => [0, 1, 2, 3, 4, 5].map((f) => b.record(r, f)))).toEqual(expected);
  });

  it('works over a SharedArrayBuffer', () => {
    const shared = new SharedArrayBuffer(StatsArray.byteLength(1));
    const a = new StatsArray(1, shared);
    a.clear();
    expect(new StatsArray(1, shared).record(0, 5).count).toBe(0);
  });

  it('rejects a buffer that is not one, too small, or a bad offset', () => {
    const need = StatsArray.byteLength(2);
    expect(() => new StatsArray(2, new ArrayBuffer(need - 8))).toThrow(/needs 480 bytes from offset 0, the buffer has 472/);
    expect(() => new StatsArray(2, new ArrayBuffer(need), 8)).toThrow(RangeError);
    expect(() => new StatsArray(2, new ArrayBuffer(need + 8), 4)).toThrow(/multiple of 8/);
    expect(() => new StatsArray(2, new ArrayBuffer(need + 8), -8)).toThrow(RangeError);
    expect(() => new StatsArray(1, new ArrayBuffer(8), 16)).toThrow(RangeError);
    expect(() => new StatsArray(2, new Float64Array(60) as unknown as ArrayBuffer)).toThrow(/must be an ArrayBuffer or SharedArrayBuffer, got Float64Array/);
    expect(() => new StatsArray(2, null as unknown as ArrayBuffer)).toThrow(TypeError);
    expect(() => new StatsArray(2, Object.create(null) as ArrayBuffer)).toThrow(/got Object/);
    expect(() => new StatsArray(0, new ArrayBuffer(0))).not.toThrow();
  });
});
