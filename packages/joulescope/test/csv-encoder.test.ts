// CSV rows against a row-by-row reference built with the JavaScript number formatter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvEncoder } from '../src/csv-encoder';
import type { SampleChunk } from '../src/sample-chunk';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function g9(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  const t = x.toExponential(8);
  const k = t.indexOf('e');
  const e = Number(t.slice(k + 1));
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (e < -4 || e >= 9) return `${t.slice(0, k).replace(/\.?0+$/, '')}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const fixed = x.toFixed(8 - e);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function chunk(start: number, current: number[], bits: number[]): SampleChunk {
  const c = Float32Array.from(current);
  const v = Float32Array.from(current, (x, k) => 3.3 - k * 1e-4);
  const p = Float32Array.from(c, (x, k) => Math.fround(x * v[k]));
  return { start, length: c.length, current: c, voltage: v, power: p, bits: Uint8Array.from(bits), averaged: null };
}

describe('CsvEncoder', () => {
  it('writes the header with units, and one exact row per sample', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000_000),
        fc.array(fc.tuple(fc.float({ min: -10, max: 10, noNaN: false }), fc.nat(0x3f)), { minLength: 1, maxLength: 200 }),
        (start, rows) => {
          const enc = new CsvEncoder(2e6, true);
          const c = chunk(start, rows.map((r) => r[0]), rows.map((r) => r[1]));
          const expected = rows.map((r, k) => {
            const t = (BigInt(start + k) * 5n).toString().padStart(8, '0');
            const time = `${t.slice(0, -7)}.${t.slice(-7)}`;
            const b = r[1];
            return `${time},${g9(c.current[k])},${g9(c.voltage[k])},${g9(c.power[k])},${String(b & 15)},${String((b >> 4) & 1)},${String((b >> 5) & 1)}\n`;
          });
          expect(decode(enc.encode(c))).toBe(expected.join(''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('labels raw codes, times downsampled rows at their rate, and writes the averaged bit fields', () => {
    expect(decode(new CsvEncoder(1000, false).header())).toBe('time (s),current (LSB),voltage (LSB),power (LSB²),current_range,current_lsb,voltage_lsb\n');
    expect(decode(new CsvEncoder(2e6, true).header())).toBe('time (s),current (A),voltage (V),power (W),current_range,current_lsb,voltage_lsb\n');
    const enc = new CsvEncoder(1000, true);
    const averaged = { currentRange: Float32Array.of(3.5, 4), currentLsb: Float32Array.of(0.25, 0), voltageLsb: Float32Array.of(1, 0.5) };
    const rows = decode(enc.encode({ ...chunk(1234, [1e-3, NaN], [0, 0]), bits: null, averaged }));
    expect(rows).toBe('1.234,0.00100000005,3.29999995,0.00330000021,3.5,0.25,1\n1.235,NaN,3.29990005,NaN,4,0,0.5\n');
  });

  it('writes times at any rate: 10 Hz, and 3 Hz (rounded to 9 decimals)', () => {
    expect(decode(new CsvEncoder(10, true).encode(chunk(7, [0], [0])))).toMatch(/^0\.7,/);
    expect(decode(new CsvEncoder(3, true).encode(chunk(1, [0], [0])))).toMatch(/^0\.333333333,/);
    expect(() => new CsvEncoder(0, true)).toThrow(RangeError);
    expect(() => new CsvEncoder(NaN, true)).toThrow(RangeError);
  });
});
