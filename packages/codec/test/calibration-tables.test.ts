import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RawProcessor, calibrationTables, parseCalibration } from '../src/index';
import { FIXTURE } from './_datafile-helpers';
import { expectOwnError } from './_typed-error';

const IO = [-2806.7177734375, -2822.66455078125, -2820.881103515625, -2822.6201171875, -2820.462646484375, -2820.58251953125, -2818.677001953125];
const IG = [0.0006828914629295468, 0.00016375303675886244, 1.462617456127191e-5, 1.4937617152099847e-6, 1.4970493111832184e-7, 1.4983887908215365e-8, 1.4984542495710684e-9];
const VO = [-1150.5926513671875, -2041.6751708984375];
const VG = [0.0009468112839385867, 0.0002934212679974735];

describe('calibrationTables', () => {
  it('returns float32 tables with range 7 = (0, 0) and range 8 = NaN', () => {
    const t = calibrationTables(IO, IG, VO, VG);
    expect(t.currentOffset).toBeInstanceOf(Float32Array);
    expect(t.currentOffset.length).toBe(9);
    expect(t.currentGain.length).toBe(9);
    expect(t.voltageOffset.length).toBe(2);
    expect(t.voltageGain.length).toBe(2);
    expect([...t.currentOffset.subarray(0, 7)]).toEqual(IO.map(Math.fround));
    expect([...t.currentGain.subarray(0, 7)]).toEqual(IG.map(Math.fround));
    expect([t.currentOffset[7], t.currentGain[7]]).toEqual([0, 0]);
    expect(t.currentOffset[8]).toBeNaN();
    expect(t.currentGain[8]).toBeNaN();
    expect([...t.voltageGain]).toEqual(VG.map(Math.fround));
  });

  it('ignores entries past the used ones, such as the NaN at index 8 of a device record', () => {
    const cal = parseCalibration(FIXTURE);
    expect(cal.currentGain[8]).toBeNaN();
    const t = calibrationTables(cal.currentOffset, cal.currentGain, cal.voltageOffset, cal.voltageGain);
    expect([...t.currentGain.subarray(0, 7)]).toEqual([...cal.currentGain.subarray(0, 7)]);
    expect(() => calibrationTables([...IO, Infinity, NaN], [...IG, 5, NaN], [...VO, NaN], [...VG, NaN])).not.toThrow();
  });

  it('refuses a used entry that is not a finite float32, naming it', () => {
    const cases: [number, RegExp][] = [
      [NaN, /currentGain\[3\] is NaN, not finite/],
      [Infinity, /not finite/],
      [-Infinity, /not finite/],
      [1e39, /currentGain\[3\] is 1e\+39, beyond the float32 range/],
      [-3.5e38, /beyond the float32 range/],
    ];
    for (const [bad, message] of cases) {
      const ig = [...IG];
      ig[3] = bad;
      expectOwnError(() => calibrationTables(IO, ig, VO, VG), RangeError);
      expect(() => calibrationTables(IO, ig, VO, VG)).toThrow(message);
    }
    expect(() => calibrationTables(IO, IG, [0, NaN], VG)).toThrow(/voltageOffset\[1\]/);
    // The largest float32 and values that round to it are fine; tiny values round to 0.
    expect(calibrationTables(IO, IG, [3.4028234663852886e38, 3.4028235e38], VG).voltageOffset[1]).toBe(3.4028234663852886e38);
    expect(calibrationTables(IO, IG, [1e-50, 0], VG).voltageOffset[0]).toBe(0);
  });

  it('refuses short tables and non-numbers with RangeError/TypeError', () => {
    expect(() => calibrationTables(IO.slice(0, 6), IG, VO, VG)).toThrow(new RangeError('calibration currentOffset needs at least 7 entries, got 6'));
    expectOwnError(() => calibrationTables(IO, IG, VO, [1]), RangeError);
    expectOwnError(() => calibrationTables(null as unknown as number[], IG, VO, VG), TypeError);
    expectOwnError(() => calibrationTables(IO, 5 as unknown as number[], VO, VG), TypeError);
    expect(() => calibrationTables(IO, IG, ['0', 0] as unknown as number[], VG)).toThrow(/voltageOffset\[0\] must be a number, got "0"/);
    expectOwnError(() => calibrationTables(IO, IG, [0n, 0] as unknown as number[], VG), TypeError);
    const sparse: number[] = [];
    sparse.length = 7;
    expect(() => calibrationTables(sparse, IG, VO, VG)).toThrow(/currentOffset\[0\] must be a number, got undefined/);
  });

  it('accepts any finite float32 values (property)', () => {
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(f32, { minLength: 7, maxLength: 9 }), fc.array(f32, { minLength: 2, maxLength: 3 }), (cur, volt) => {
        const t = calibrationTables(cur, cur, volt, volt);
        for (let i = 0; i < 7; i++) expect(Object.is(t.currentGain[i], cur[i])).toBe(true);
        expect(Object.is(t.voltageOffset[1], volt[1])).toBe(true);
      }),
    );
  });
});

describe('RawProcessor.calibrationSet', () => {
  it('refuses non-finite or float32-overflowing values and keeps the previous calibration', () => {
    const p = new RawProcessor();
    p.suppressMode = 'off';
    p.calibrationSet(IO, IG, VO, VG);
    const word = new Uint16Array(new Uint32Array([((5000 << 2) | 0) | (((9000 << 2) | 0) << 16)]).buffer);
    const before = p.processBulk(word).cal.slice();
    for (const bad of [NaN, Infinity, -Infinity, 1e39]) {
      expectOwnError(() => p.calibrationSet(IO, IG.map((g, i) => (i === 6 ? bad : g)), VO, VG), RangeError);
      expectOwnError(() => p.calibrationSet(IO, IG, VO, [VG[0], bad]), RangeError);
      expectOwnError(() => p.calibrationSet([bad, ...IO.slice(1)], IG, VO, VG), RangeError);
    }
    expect(p.processBulk(word).cal).toEqual(before);
    expect(p.calibrated).toBe(true);
  });

  it('says whether a calibration was set', () => {
    const p = new RawProcessor();
    expect(p.calibrated).toBe(false);
    expectOwnError(() => p.calibrationSet(IO, IG, VO, [NaN, 1]), RangeError);
    expect(p.calibrated).toBe(false);
    p.calibrationSet(IO, IG, VO, VG);
    expect(p.calibrated).toBe(true);
    p.calibrationClear();
    expect(p.calibrated).toBe(false);
  });
});
