// The decimator on its own: the filter tables and chains, the WebAssembly kernel against the
// brute-force direct convolution whatever the block sizes, with NaN inputs and ring wraps, and
// the embedded WebAssembly against a fresh compile of assembly/fir.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOWNSAMPLING_INPUT_FREQUENCY, DOWNSAMPLING_OUTPUT_FREQUENCIES, decimatorChain } from '../src/_decimator-chains';
import { DecimatorRing } from '../src/_decimator-ring';
import { Decimator } from '../src/_decimator';
import { FIR_FILTERS } from '../src/_fir-coefficients';
import { FIR_WASM_BASE64 } from '../src/_fir-wasm-bytes';
import { compileFirWasm } from './_fir-wasm-build';
import { downsampleModel, expectClose } from './_downsampling-model';
import { xorshift32 } from './_packets';

// Filter number → (decimation, taps), as the reference's table heads them.
const TABLE: [number, number][] = [
  [2, 66], [4, 130], [10, 322], [10, 108], [10, 82], [10, 72], [10, 68], [10, 68], [10, 66],
  [10, 66], [10, 66], [10, 66], [10, 66], [10, 66], [10, 66], [10, 66], [10, 66],
];

describe('filter tables', () => {
  it('has the 17 filters with their decimation and length', () => {
    expect(FIR_FILTERS.map((f) => [f.decimation, f.taps.length])).toEqual(TABLE);
  });

  it('has symmetric taps with unit gain at DC', () => {
    for (const { taps } of FIR_FILTERS) {
      for (let j = 0; j < taps.length; j++) expect(taps[j]).toBe(taps[taps.length - 1 - j]);
      expect(Math.abs(taps.reduce((a, h) => a + h, 0) - 1)).toBeLessThan(1e-7);
    }
  });

  it('keeps the literals of the reference table (first and middle taps of F0, F2, F16)', () => {
    expect(FIR_FILTERS[0].taps[0]).toBe(3.34438166e-4);
    expect(FIR_FILTERS[0].taps[32]).toBe(4.13098678e-1);
    expect(FIR_FILTERS[2].taps.length).toBe(322);
    expect(FIR_FILTERS[16].taps[33]).toBe(0.05006591);
  });
});

describe('decimator chains', () => {
  it('covers 1, 2, 5 steps from 1 MHz to 5 Hz', () => {
    expect(DOWNSAMPLING_OUTPUT_FREQUENCIES).toEqual([
      1e6, 5e5, 2e5, 1e5, 5e4, 2e4, 1e4, 5e3, 2e3, 1e3, 500, 200, 100, 50, 20, 10, 5,
    ]);
  });

  it('decimates each rate by 2 MHz / rate', () => {
    for (const rate of DOWNSAMPLING_OUTPUT_FREQUENCIES) {
      const chain = decimatorChain(rate) ?? [];
      expect(chain.reduce((m, id) => m * FIR_FILTERS[id].decimation, 1)).toBe(DOWNSAMPLING_INPUT_FREQUENCY / rate);
    }
    expect(decimatorChain(2e6)).toBeUndefined();
    expect(decimatorChain(300)).toBeUndefined();
  });

  it('reaches back over every tap of every stage', () => {
    expect(new Decimator([0], 64).reach).toBe(65);
    expect(new Decimator([3, 0], 64).reach).toBe(107 + 65 * 10);
    expect(new Decimator([9, 6, 3, 0], 64).reach).toBe(65 + 67 * 10 + 107 * 100 + 65 * 1000);
  });
});

/** Feeds `n` samples of a signal to a decimator in blocks of the given sizes. */
function feed(d: Decimator, ring: DecimatorRing, cur: Float32Array, vol: Float32Array, bits: Uint8Array, sizes: number[]): void {
  let at = 0;
  for (let i = 0; at < cur.length; i++) {
    const n = Math.min(sizes[i % sizes.length], d.block, cur.length - at);
    d.current.set(cur.subarray(at, at + n));
    d.voltage.set(vol.subarray(at, at + n));
    d.bits.set(bits.subarray(at, at + n));
    d.push(n, ring);
    at += n;
  }
}

function signal(n: number, seed: number, nans: number[]): { cur: Float32Array; vol: Float32Array; bits: Uint8Array } {
  const next = xorshift32(seed);
  const cur = new Float32Array(n);
  const vol = new Float32Array(n);
  const bits = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    cur[k] = (next() / 2 ** 32) * 4 - 0.5;
    vol[k] = 3 + next() / 2 ** 32;
    bits[k] = next() & 0x3f;
  }
  for (const k of nans) {
    if (k >= n) continue;
    cur[k] = NaN;
    vol[k] = NaN;
    bits[k] = 0x38;
  }
  return { cur, vol, bits };
}

function expectModel(d: Decimator, ring: DecimatorRing, rate: number, s: ReturnType<typeof signal>): void {
  const m = downsampleModel(rate, s.cur, s.vol, s.bits);
  expect(d.produced).toBe(m.current.length);
  for (let k = 0; k < m.current.length; k++) {
    const slot = k % ring.length;
    if (k + ring.length < m.current.length) continue; // overwritten since
    expectClose(ring.current[slot], m.current[k], `${String(rate)} Hz current[${String(k)}]`, 4);
    expectClose(ring.voltage[slot], m.voltage[k], `${String(rate)} Hz voltage[${String(k)}]`, 4);
    expectClose(ring.power[slot], m.power[k], `${String(rate)} Hz power[${String(k)}]`, 16);
    expect(ring.currentRange[slot], `range[${String(k)}]`).toBe(m.currentRange[k]);
    expect(ring.currentLsb[slot], `current lsb[${String(k)}]`).toBe(m.currentLsb[k]);
    expect(ring.voltageLsb[slot], `voltage lsb[${String(k)}]`).toBe(m.voltageLsb[k]);
  }
}

describe('decimator', () => {
  it('equals the direct convolution for every rate', () => {
    for (const rate of DOWNSAMPLING_OUTPUT_FREQUENCIES) {
      const factor = DOWNSAMPLING_INPUT_FREQUENCY / rate;
      const s = signal(Math.max(20_000, (rate >= 1000 ? 12 : 3) * factor + 1234), rate, [5000, 5001, 17_777]);
      const d = new Decimator(decimatorChain(rate) ?? [], 4096);
      const ring = new DecimatorRing(10_000);
      feed(d, ring, s.cur, s.vol, s.bits, [4096, 1, 333, 4095]);
      expectModel(d, ring, rate, s);
    }
  });

  it('equals the direct convolution for any block sizes, NaN inputs and ring wraps', () => {
    const rates = [1e6, 5e5, 2e5, 1e5, 5e4, 1e4, 2e3];
    fc.assert(
      fc.property(
        fc.constantFrom(...rates),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 400 }),
        (rate, seed, sizes, nans, ringLength) => {
          const s = signal(30_000, seed, nans);
          const d = new Decimator(decimatorChain(rate) ?? [], 3000);
          const ring = new DecimatorRing(ringLength);
          feed(d, ring, s.cur, s.vol, s.bits, sizes);
          expectModel(d, ring, rate, s);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('averages the bit fields of missing samples (range 8) and overflow fillers (15, 1, 1)', () => {
    const n = 4000;
    const cur = new Float32Array(n).fill(1);
    const vol = new Float32Array(n).fill(3);
    const bits = new Uint8Array(n).fill(0x03); // range 3, LSBs 0
    bits.fill(0x38, 0, 1000); // missing: range 8, both LSBs
    bits.fill(0xff, 1000, 1500); // overflow filler: range 15, both LSBs
    const d = new Decimator(decimatorChain(1000) ?? [], 4096);
    const ring = new DecimatorRing(10);
    feed(d, ring, cur, vol, bits, [4096]);
    expect(d.produced).toBe(2);
    // Output 0: 1000 × 8 + 500 × 15 + 500 × 3 = 17000 → ⌊17000 × 16 / 2000⌋ = 136; LSBs 1500 of 2000.
    expect([ring.currentRange[0], ring.currentLsb[0], ring.voltageLsb[0]]).toEqual([136, 191, 191]);
    expect([ring.currentRange[1], ring.currentLsb[1], ring.voltageLsb[1]]).toEqual([48, 0, 0]);
  });

  it('starts over after reset', () => {
    const s = signal(8000, 5, [100]);
    const d = new Decimator(decimatorChain(1e5) ?? [], 1024);
    const ring = new DecimatorRing(1000);
    feed(d, ring, s.cur.subarray(0, 3333), s.vol.subarray(0, 3333), s.bits.subarray(0, 3333), [1000]);
    d.reset();
    expect(d.produced).toBe(0);
    feed(d, ring, s.cur, s.vol, s.bits, [777]);
    expectModel(d, ring, 1e5, s);
  });
});

it('holds the WebAssembly of a fresh compile of assembly/fir.ts, small enough to compile on a main thread', async () => {
  const fresh = await compileFirWasm();
  const held = Buffer.from(FIR_WASM_BASE64, 'base64');
  expect(held.equals(Buffer.from(fresh))).toBe(true);
  expect(held.length).toBeLessThan(4096);
}, 60_000);
