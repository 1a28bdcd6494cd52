// CRC32C, time64, Python-compatible JSON and the time map.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../src/_crc32c';
import { pythonJsonParse, pythonJsonStringify } from '../src/_python-json';
import { TimeMap } from '../src/_time-map';
import { TIME64_SECOND, time64FromDate, time64FromUnixMs, time64ToDate, time64ToUnixMs } from '../src/index';

/** Bit-at-a-time CRC-32C: the definition. */
function crcBitwise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('check value of "123456789" is 0xE3069283', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
  it('equals the bitwise definition for any bytes, offsets (alignment) and split points', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(7), fc.nat(), (data, shift, cut) => {
        const buf = new Uint8Array(data.length + shift);
        buf.set(data, shift);
        const view = buf.subarray(shift);
        const want = crcBitwise(data);
        expect(crc32c(view)).toBe(want);
        expect(crc32c(buf, shift, buf.length)).toBe(want);
        const k = data.length === 0 ? 0 : cut % data.length;
        expect(crc32c(view, k, view.length, crc32c(view, 0, k))).toBe(want);
      }),
      { numRuns: 500, seed: 1 },
    );
  });
});

describe('time64', () => {
  it('epoch, second, and round trips', () => {
    expect(time64FromUnixMs(1514764800000)).toBe(0n);
    expect(time64FromDate(new Date('2018-01-01T00:00:01Z'))).toBe(TIME64_SECOND);
    expect(time64FromUnixMs(1514764800000 + 8 * 365 * 86400 * 1000)).toBe(8n * 365n * 86400n * TIME64_SECOND);
    const d = new Date('2026-12-01T18:49:12.345Z');
    expect(time64ToDate(time64FromDate(d)).getTime()).toBe(d.getTime());
    expect(time64ToUnixMs(time64FromUnixMs(1.5e12 + 0.25))).toBeCloseTo(1.5e12 + 0.25, 3);
    expect(() => time64FromUnixMs(NaN)).toThrow(RangeError);
  });
});

describe('Python-compatible JSON', () => {
  it('writes what json.dumps writes', () => {
    // Each right-hand side is Python 3's json.dumps of the same value.
    const cases: Array<[unknown, string]> = [
      [{ a: 1, b: [1, 2, 3] }, '{"a": 1, "b": [1, 2, 3]}'],
      [{ hw: 'H', fw: '1.3.4', fpga: '1.3.2' }, '{"hw": "H", "fw": "1.3.4", "fpga": "1.3.2"}'],
      [[0.25, 1e-5, 0.0001, 1e16, 1.5e300, -2.5e-7, 123.456, 1e22], '[0.25, 1e-05, 0.0001, 1e+16, 1.5e+300, -2.5e-07, 123.456, 1e+22]'],
      [[NaN, Infinity, -Infinity, -0, 0], '[NaN, Infinity, -Infinity, -0.0, 0]'],
      ['héllo ✓ "q" \\ \n \u0001 \u007f', '"h\\u00e9llo \\u2713 \\"q\\" \\\\ \\n \\u0001 \\u007f"'],
      ['😀', '"\\ud83d\\ude00"'],
      [{}, '{}'],
      [[], '[]'],
      [null, 'null'],
      [[true, false], '[true, false]'],
    ];
    for (const [value, text] of cases) expect(pythonJsonStringify(value)).toBe(text);
  });
  it('reads Python JSON back, including NaN and the infinities outside strings', () => {
    expect(pythonJsonParse('{"a": [NaN, Infinity, -Infinity, "NaN", "x NaN"], "b": 1e-05}')).toEqual({
      a: [NaN, Infinity, -Infinity, 'NaN', 'x NaN'],
      b: 1e-5,
    });
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(pythonJsonParse(pythonJsonStringify(v))).toEqual(v);
      }),
      { numRuns: 300, seed: 2 },
    );
    expect(() => pythonJsonParse('{"a": }')).toThrow(SyntaxError);
  });
  it('refuses what JSON cannot hold', () => {
    expect(() => pythonJsonStringify(new Date())).toThrow(TypeError);
    expect(() => pythonJsonStringify({ f: () => 1 })).toThrow(/function/);
    const deep: unknown[] = [];
    let x = deep;
    for (let i = 0; i < 100; i++) x = (x[0] = []);
    expect(() => pythonJsonStringify(deep)).toThrow(/deeper/);
  });
});

describe('time map', () => {
  it('interpolates between entries, extrapolates outside, uses the rate with one entry', () => {
    const t0 = 1000n * TIME64_SECOND;
    const m = new TimeMap(
      [
        { sampleId: 0, time64: t0 },
        { sampleId: 1000, time64: t0 + TIME64_SECOND },
        { sampleId: 1000, time64: t0 + 2n * TIME64_SECOND }, // an equal id replaces
        { sampleId: 500, time64: 0n }, // not increasing: ignored
        { sampleId: 3000, time64: t0 + 4n * TIME64_SECOND },
      ],
      1000,
    );
    expect(m.size).toBe(3);
    expect(m.sampleIdToTime64(500)).toBe(t0 + TIME64_SECOND);
    expect(m.sampleIdToTime64(2000)).toBe(t0 + 3n * TIME64_SECOND);
    expect(m.sampleIdToTime64(4000)).toBe(t0 + 5n * TIME64_SECOND);
    expect(m.sampleIdToTime64(-1000)).toBe(t0 - 2n * TIME64_SECOND);
    expect(m.time64ToSampleId(t0 + 3n * TIME64_SECOND)).toBe(2000);
    const one = new TimeMap([{ sampleId: 10, time64: t0 }], 2000);
    expect(one.sampleIdToTime64(2010)).toBe(t0 + TIME64_SECOND);
    expect(one.time64ToSampleId(t0 + TIME64_SECOND)).toBe(2010);
    expect(new TimeMap([], 1).sampleIdToTime64(1)).toBeNull();
    expect(new TimeMap([], 1).time64ToSampleId(1n)).toBeNull();
  });
});
