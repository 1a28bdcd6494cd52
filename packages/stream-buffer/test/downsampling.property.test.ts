// The DownsamplingStreamBuffer against brute force: its output samples equal the direct
// convolution model run on the calibrated samples of a full-rate StreamBuffer fed the same
// bytes (any rate, multi-stage chains, random chunking, ring wrap, every kind of suppress
// mode, dropped and bad packets, reset mid-stream), and its queries equal statistics
// computed straight from its samples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DownsamplingStreamBuffer, StreamBuffer } from '../src/index';
import type { StreamBufferStatus } from '../src/index';
import { CALIBRATION as CAL } from './_calibration';
import { downsampleModel, expectClose } from './_downsampling-model';
import type { ModelOutput } from './_downsampling-model';
import { generatePackets } from './_packets';
import type { GeneratorOptions } from './_packets';

const RATES = [1e6, 5e5, 2e5, 1e5, 5e4, 2e4, 1e4, 2e3, 1e3];
const MODES = ['interp_1_n_1', 'off', 'mean_1_3_1', 'nan_0_m_0', 'interp_1_7_1', 'mean_2_n_2'];

const scenario = fc.record({
  rate: fc.constantFrom(...RATES),
  mode: fc.constantFrom(...MODES),
  seed: fc.integer({ min: 1, max: 2 ** 31 }),
  packets: fc.integer({ min: 20, max: 900 }),
  switchEvery: fc.constantFrom(37, 300, 2000),
  drop: fc.array(fc.integer({ min: 1, max: 899 }), { maxLength: 3 }),
  badType: fc.array(fc.integer({ min: 0, max: 899 }), { maxLength: 2 }),
  badStatus: fc.array(fc.integer({ min: 0, max: 899 }), { maxLength: 2 }),
  vRangePackets: fc.array(fc.integer({ min: 0, max: 899 }), { maxLength: 4 }),
  chunks: fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 5 }),
  /** Output ring length in outputs (before rounding up to the reductions' product, 100). */
  ring: fc.integer({ min: 1, max: 3000 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function packetsOf(s: Scenario): Uint8Array {
  const o: GeneratorOptions = {
    packets: s.packets,
    seed: s.seed,
    switchEvery: s.switchEvery,
    offProb: 0.05,
    drop: s.drop,
    badType: s.badType,
    badStatus: s.badStatus,
    vRangePackets: s.vRangePackets,
  };
  return generatePackets(o);
}

function calibrate<T extends StreamBuffer | DownsamplingStreamBuffer>(b: T, mode: string): T {
  b.suppressMode = mode;
  b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
  return b;
}

function feed(b: StreamBuffer | DownsamplingStreamBuffer, bytes: Uint8Array, chunks: number[]): void {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = chunks[i % chunks.length];
    b.insert(bytes.subarray(at, Math.min(at + n, bytes.length)));
    b.process();
    at += n;
  }
}

/** The model's outputs for these bytes: a full-rate StreamBuffer's samples, convolved directly. */
function model(s: Scenario, bytes: Uint8Array): ModelOutput & { status: StreamBufferStatus } {
  const full = calibrate(new StreamBuffer(1, [10, 10]), s.mode);
  full.insert(bytes);
  full.process();
  const [a, b] = full.sampleIdRange;
  expect(a).toBe(0);
  const r = full.samplesGet(0, b, ['current', 'voltage', 'bits']);
  return { ...downsampleModel(s.rate, r.signals.current.value, r.signals.voltage.value, r.signals.bits.value), status: full.status() };
}

function expectOutputs(ds: DownsamplingStreamBuffer, m: ModelOutput, what: string): void {
  const [lo, hi] = ds.sampleIdRange;
  expect(hi, `${what}: outputs`).toBe(m.current.length);
  const r = ds.samplesGet(lo, hi);
  for (let k = lo; k < hi; k++) {
    const j = k - lo;
    expectClose(r.signals.current.value[j], m.current[k], `${what} current[${String(k)}]`, 10);
    expectClose(r.signals.voltage.value[j], m.voltage[k], `${what} voltage[${String(k)}]`, 20);
    expectClose(r.signals.power.value[j], m.power[k], `${what} power[${String(k)}]`, 200);
    expect(r.signals.current_range.value[j], `${what} current_range[${String(k)}]`).toBe(m.currentRange[k]);
    expect(r.signals.current_lsb.value[j], `${what} current_lsb[${String(k)}]`).toBe(m.currentLsb[k]);
    expect(r.signals.voltage_lsb.value[j], `${what} voltage_lsb[${String(k)}]`).toBe(m.voltageLsb[k]);
  }
}

describe('DownsamplingStreamBuffer against the direct-convolution model', () => {
  it('equals the model for any rate, mode, packet faults, chunking and ring length', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const bytes = packetsOf(s);
        const ds = calibrate(new DownsamplingStreamBuffer((s.ring + 0.5) / s.rate, [10, 10], 2e6, s.rate), s.mode);
        feed(ds, bytes, s.chunks);
        const m = model(s, bytes);
        expectOutputs(ds, m, `${String(s.rate)} Hz ${s.mode}`);
        expect(ds.status()).toEqual(m.status);
      }),
      { numRuns: 30 },
    );
  });

  it('equals a fresh buffer after a reset mid-stream', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 200_000 }), (s, cut) => {
        const bytes = packetsOf(s);
        const ds = calibrate(new DownsamplingStreamBuffer((s.ring + 0.5) / s.rate, [10, 10], 2e6, s.rate), s.mode);
        feed(ds, generatePackets({ packets: 300, seed: s.seed + 1 }).subarray(0, cut), s.chunks);
        ds.reset();
        expect(ds.sampleIdRange).toEqual([0, 0]);
        feed(ds, bytes, s.chunks);
        const m = model(s, bytes);
        expectOutputs(ds, m, 'after reset');
        expect(ds.status()).toEqual(m.status);
      }),
      { numRuns: 10 },
    );
  });
});

interface Rec {
  count: number;
  mean: number;
  variance: number;
  min: number;
  max: number;
}

/** Statistics straight from the buffer's samples: outputs with a finite current, six fields. */
function bruteStats(ds: DownsamplingStreamBuffer, start: number, stop: number): Rec[] {
  const r = ds.samplesGet(start, stop);
  const sig = r.signals;
  const fields: number[][] = [[], [], [], [], [], []];
  for (let k = 0; k < r.time.samples; k++) {
    if (!Number.isFinite(sig.current.value[k])) continue;
    fields[0].push(sig.current.value[k]);
    fields[1].push(sig.voltage.value[k]);
    fields[2].push(sig.power.value[k]);
    fields[3].push(sig.current_range.value[k] / 16);
    fields[4].push(sig.current_lsb.value[k] / 255);
    fields[5].push(sig.voltage_lsb.value[k] / 255);
  }
  return fields.map((xs) => {
    if (xs.length === 0) return { count: 0, mean: NaN, variance: NaN, min: NaN, max: NaN };
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
    return { count: xs.length, mean, variance: xs.length <= 1 ? 0 : ss / (xs.length - 1), min: Math.min(...xs), max: Math.max(...xs) };
  });
}

function expectRecord(got: Rec, want: Rec, what: string): void {
  expect(got.count, `${what} count`).toBe(want.count);
  for (const k of ['mean', 'variance', 'min', 'max'] as const) {
    const a = got[k];
    const b = want[k];
    if (Number.isNaN(b)) expect(Number.isNaN(a), `${what} ${k}`).toBe(true);
    else expect(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12, `${what} ${k}: got ${String(a)} want ${String(b)}`).toBe(true);
  }
}

describe('DownsamplingStreamBuffer queries against brute force', () => {
  // A wrapped ring with a dropped packet (NaN outputs) in range.
  const ds = calibrate(new DownsamplingStreamBuffer(0.04, [10, 10], 2e6, 5e4), 'interp_1_n_1');
  feed(ds, generatePackets({ packets: 2000, seed: 9, switchEvery: 500, offProb: 0.05, drop: [1500] }), [65_536]);
  const [lo, hi] = ds.sampleIdRange;

  it('holds a wrapped ring with NaN outputs', () => {
    expect(lo).toBeGreaterThan(0);
    expect(ds.statisticsGet(lo, hi).stats.count[0]).toBeLessThan(hi - lo);
  });

  it('answers statisticsGet over any range (constrained)', () => {
    fc.assert(
      fc.property(fc.integer({ min: lo - 500, max: hi + 500 }), fc.integer({ min: 0, max: 3000 }), (start, n) => {
        const r = ds.statisticsGet(start, start + n);
        const xs = Math.max(start, lo);
        const xe = Math.max(xs, Math.min(start + n, hi));
        expect(r.range).toEqual([xs, xe]);
        const want = bruteStats(ds, xs, xe);
        for (let f = 0; f < 6; f++) expectRecord(r.stats.record(0, f), want[f], `statisticsGet(${String(start)}, ${String(start + n)}) field ${String(f)}`);
      }),
      { numRuns: 60 },
    );
  });

  it('answers dataGet: per-sample rows and statistics of each increment', () => {
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi - 1 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 60 }), (start, inc, rows) => {
        const stop = Math.min(hi, start + inc * rows);
        const a = ds.dataGet(start, stop, inc);
        expect(a.rows).toBe(Math.floor((stop - start) / inc));
        for (let r = 0; r < a.rows; r++) {
          const want = bruteStats(ds, start + r * inc, start + (r + 1) * inc);
          for (let f = 0; f < 6; f++) {
            const got = a.record(r, f);
            if (inc === 1 && want[f].count === 0 && f >= 3) {
              // A NaN output keeps its averaged bit fields in a per-sample row.
              expect(got.count).toBe(1);
              continue;
            }
            expectRecord(got, want[f], `dataGet(${String(start)}, ${String(stop)}, ${String(inc)}) row ${String(r)} field ${String(f)}`);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
