// The CSV number formatting against brute-force references built on the JavaScript number
// formatter: every float32 (and double) as C's %.9g, exact time stamps, integers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalCounter, Float32Text, writeFixed, writeG9, writeUint } from '../src/_number-text';

const buffer = new Uint8Array(64);
const text = (end: number): string => new TextDecoder().decode(buffer.subarray(0, end));

/** C's `%.9g` from the correctly rounded digits of toExponential(8). */
function g9(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const t = x.toExponential(8);
  const k = t.indexOf('e');
  const e = Number(t.slice(k + 1));
  if (e < -4 || e >= 9) {
    const mantissa = t.slice(0, k).replace(/\.?0+$/, '');
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(8 - e);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

describe('writeG9', () => {
  it('writes every float32 as %.9g, and reads back exactly', () => {
    fc.assert(
      fc.property(fc.float({ noDefaultInfinity: false, noNaN: false }), (x) => {
        const s = text(writeG9(buffer, 0, x));
        expect(s).toBe(g9(x));
        if (Number.isFinite(x)) expect(Math.fround(Number(s))).toBe(x);
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes doubles as %.9g too', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        expect(text(writeG9(buffer, 0, x))).toBe(g9(x));
      }),
      { numRuns: 20_000 },
    );
  });

  it('handles the edges: ties, powers of ten, rounding up to the next decade, subnormals', () => {
    for (const x of [0.5, 1, 10, 1e8, 1e9, 999_999_999.5, 9.999999995, 0.0001, 0.00009999999995, 1e-45, 5e-324, 3.4028234663852886e38, 1.7976931348623157e308, -2.5e-7, 123456789.5, 0.125]) {
      expect(text(writeG9(buffer, 0, x))).toBe(g9(x));
    }
    expect(text(writeG9(buffer, 0, 6e-6))).toBe('6e-06');
    expect(text(writeG9(buffer, 0, 3.3))).toBe('3.3');
    expect(text(writeG9(buffer, 0, 1e300))).toBe('1e+300');
  });
});

describe('Float32Text', () => {
  it('gives the texts of writeG9, hits or misses', () => {
    const memo = new Float32Text();
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    fc.assert(
      fc.property(fc.array(fc.float(), { minLength: 1, maxLength: 50 }), fc.array(fc.nat(49)), (values, picks) => {
        for (const k of [...picks, ...values.keys()]) {
          f[0] = values[k % values.length];
          const expected = text(writeG9(buffer, 0, f[0]));
          expect(text(memo.write(buffer, 0, u[0], f[0]))).toBe(expected);
        }
      }),
    );
  });
});

describe('DecimalCounter', () => {
  it('counts like integer arithmetic, written with the point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.maxSafeNat(), fc.array(fc.integer({ min: 0, max: 999_999_999 }), { maxLength: 30 }), (decimals, start, steps) => {
        const counter = new DecimalCounter(decimals);
        counter.set(start);
        let ticks = BigInt(start);
        const show = (): string => {
          const digits = ticks.toString().padStart(decimals + 1, '0');
          return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
        };
        expect(text(counter.write(buffer, 0))).toBe(show());
        for (const step of steps) {
          counter.add(step);
          ticks += BigInt(step);
          expect(text(counter.write(buffer, 0))).toBe(show());
        }
      }),
    );
  });
});

describe('writeUint and writeFixed', () => {
  it('match String() and toFixed()', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(text(writeUint(buffer, 0, n))).toBe(String(n));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 9 }), (ticks, decimals) => {
        const scale = 10 ** decimals;
        const expected = decimals === 0 ? String(ticks) : `${String(Math.floor(ticks / scale))}.${String(ticks % scale).padStart(decimals, '0')}`;
        expect(text(writeFixed(buffer, 0, ticks, decimals, scale))).toBe(expected);
      }),
    );
  });
});
