import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSink, bytesToHex, checkUint, hexToBytes } from '../src/index';
import { expectOwnError } from './_typed-error';

describe('bytesToHex / hexToBytes', () => {
  it('round-trip any bytes, lowercase out, either case in', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = bytesToHex(bytes);
        expect(hex).toMatch(/^[0-9a-f]*$/);
        expect(hex).toBe(Buffer.from(bytes).toString('hex'));
        expect(hexToBytes(hex)).toEqual(bytes);
        expect(hexToBytes(hex.toUpperCase())).toEqual(bytes);
      }),
    );
    expect(bytesToHex(Uint8Array.of(0, 0x0f, 0xa0, 0xff))).toBe('000fa0ff');
    expect(hexToBytes('')).toEqual(new Uint8Array(0));
  });

  it('reject what is not hex with a typed error naming the fault', () => {
    expect(() => hexToBytes('abc')).toThrow(/even number of digits, got 3/);
    expect(() => hexToBytes('0g')).toThrow(/"g" at position 1/);
    expectOwnError(() => hexToBytes('zz'), RangeError);
    expectOwnError(() => hexToBytes(' 0'), RangeError);
    expectOwnError(() => hexToBytes('0x'), RangeError);
    expectOwnError(() => hexToBytes(12 as unknown as string), TypeError);
    expect(() => bytesToHex([1, 2] as unknown as Uint8Array)).toThrow(/needs a Uint8Array, got a Array/);
    expectOwnError(() => bytesToHex(null as unknown as Uint8Array), TypeError);
  });
});

describe('ByteSink', () => {
  it('appends in order, grows, rewrites in place and returns exactly what was written', () => {
    const s = new ByteSink(2);
    s.append(Uint8Array.of(1, 2, 3));
    s.append(new Uint8Array(0));
    s.append(Uint8Array.of(4, 5));
    expect(s.length).toBe(5);
    s.writeAt(1, Uint8Array.of(9, 9));
    expect(s.toBytes()).toEqual(Uint8Array.of(1, 9, 9, 4, 5));
    expect(s.view()).toEqual(Uint8Array.of(1, 9, 9, 4, 5));
    const copy = s.toBytes();
    s.writeAt(0, Uint8Array.of(7));
    expect(copy[0]).toBe(1); // toBytes copies
    expect(s.view()[0]).toBe(7);
    const big = new Uint8Array(10_000).map((_, i) => i & 0xff);
    s.append(big);
    expect(s.toBytes().subarray(5)).toEqual(big);
    expect(new ByteSink(0).toBytes()).toEqual(new Uint8Array(0));
  });

  it('refuses bad input with a typed error and changes nothing', () => {
    const s = new ByteSink();
    s.append(Uint8Array.of(1, 2));
    expect(() => s.writeAt(1, Uint8Array.of(1, 2))).toThrow(/\[1, 3\) are not within the 2 bytes written/);
    expectOwnError(() => s.writeAt(-1, Uint8Array.of(1)), RangeError);
    expectOwnError(() => s.writeAt(0.5, Uint8Array.of(1)), RangeError);
    expectOwnError(() => s.append([3] as unknown as Uint8Array), TypeError);
    expectOwnError(() => s.writeAt(0, 'x' as unknown as Uint8Array), TypeError);
    expectOwnError(() => new ByteSink(-1), RangeError);
    expect(s.toBytes()).toEqual(Uint8Array.of(1, 2));
  });
});

describe('checkUint', () => {
  it('returns integers that fit the width', () => {
    expect(checkUint('x', 0, 1)).toBe(0);
    expect(checkUint('x', 1, 1)).toBe(1);
    expect(checkUint('x', 255, 8)).toBe(255);
    expect(checkUint('x', 0xffff_ffff, 32)).toBe(0xffff_ffff);
    expect(checkUint('x', Number.MAX_SAFE_INTEGER, 53)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('names the field and the allowed range, TypeError for a non-number', () => {
    expect(() => checkUint('SETTINGS iRange', 256, 8)).toThrow(new RangeError('SETTINGS iRange must be an integer in [0, 255], got 256'));
    expectOwnError(() => checkUint('x', -1, 8), RangeError);
    expectOwnError(() => checkUint('x', 1.5, 8), RangeError);
    expectOwnError(() => checkUint('x', NaN, 8), RangeError);
    expectOwnError(() => checkUint('x', Infinity, 8), RangeError);
    expect(() => checkUint('x', '1', 8)).toThrow(new TypeError('x must be an integer in [0, 255], got "1"'));
    expectOwnError(() => checkUint('x', null, 8), TypeError);
    expectOwnError(() => checkUint('x', 1n, 8), TypeError);
    expect(() => checkUint('x', 1, 0)).toThrow(/bits must be an integer in \[1, 53\]/);
    expectOwnError(() => checkUint('x', 1, 54), RangeError);
  });
});
