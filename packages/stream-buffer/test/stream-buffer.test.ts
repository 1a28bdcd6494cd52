import { describe, expect, expectTypeOf, it } from 'vitest';
import { RawProcessor, rawSampleWord } from '@joulescope/codec';
import { StatsArray } from '@joulescope/stats';
import { StreamBuffer, StreamBufferAllocationError } from '../src/index';
import type { SamplesResult, StatisticsUpdate } from '../src/index';
import { bruteStats, expectRow } from './_brute';
import { generatePackets, generateSamples } from './_packets';

function rawWords(words: Uint32Array): Uint16Array {
  return new Uint16Array(words.buffer, words.byteOffset, words.length * 2);
}

describe('construction', () => {
  it('rounds the ring up to a multiple of the reduction product', () => {
    expect(new StreamBuffer(0.1, [20, 10, 5]).length).toBe(200_000);
    expect(new StreamBuffer(0.0001, [7, 3]).length).toBe(210);
    expect(new StreamBuffer(1, [], 1000).length).toBe(1000);
    expect(new StreamBuffer(2, [10, 10], 1000).length).toBe(2000);
    const b = new StreamBuffer(0.001, [200]);
    expect(b.length).toBe(2000);
    expect(b.reductions).toEqual([200]);
    expect(b.inputSamplingFrequency).toBe(2e6);
    expect(b.outputSamplingFrequency).toBe(2e6);
    expect(b.hasRaw).toBe(true);
    expect(b.suppressMode).toBe('interp_1_n_1');
  });

  it('rejects invalid arguments with clear errors', () => {
    expect(() => new StreamBuffer(0, [10])).toThrow(RangeError);
    expect(() => new StreamBuffer(-1, [10])).toThrow(/positive finite/);
    expect(() => new StreamBuffer(NaN, [10])).toThrow(RangeError);
    expect(() => new StreamBuffer(Infinity, [10])).toThrow(RangeError);
    expect(() => new StreamBuffer('1' as unknown as number, [10])).toThrow(TypeError);
    expect(() => new StreamBuffer(1, [2, 2, 2, 2, 2, 2])).toThrow(/at most 5/);
    expect(() => new StreamBuffer(1, [1])).toThrow(/at least 2/);
    expect(() => new StreamBuffer(1, [2.5])).toThrow(RangeError);
    expect(() => new StreamBuffer(1, ['4'] as unknown as number[])).toThrow(TypeError);
    expect(() => new StreamBuffer(1, 10 as unknown as number[])).toThrow(TypeError);
    expect(() => new StreamBuffer(1e-5, [10])).toThrow(/at least one packet \(126 samples\)/);
    expect(() => new StreamBuffer(1, [10], 0)).toThrow(RangeError);
    expect(() => new StreamBuffer(1, [10], '2e6' as unknown as number)).toThrow(TypeError);
  });

  it('refuses a ring too big for memory with a typed error instead of crashing', () => {
    let error: unknown;
    try {
      new StreamBuffer(1e6, [200, 100, 50]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StreamBufferAllocationError);
    expect(error).toBeInstanceOf(RangeError);
    const e = error as StreamBufferAllocationError;
    expect(e.bytesNeeded).toBeGreaterThan(2e12 * 5); // raw words, voltage ranges, pyramid
    expect(e.message).toMatch(/needs \d+ MiB .* Use a shorter duration/);
  });
});

describe('time and ranges (reference test values)', () => {
  it('maps sample ids and times before and after data', () => {
    const b = new StreamBuffer(1, [], 1000);
    expect(b.sampleIdRange).toEqual([0, 0]);
    expect(b.limitsTime).toEqual([0, 1]);
    expect(b.limitsSamples).toEqual([-1000, 0]);
    expect(b.timeToSampleId(1.0)).toBe(0);
    expect(b.sampleIdToTime(0)).toBe(1.0);
    b.suppressMode = 'off';
    b.insertRaw(rawWords(generateSamples(126, { seed: 3 })));
    b.process();
    expect(b.sampleIdRange).toEqual([0, 126]);
    expect(b.timeToSampleId(1.0)).toBe(126);
    expect(b.sampleIdToTime(125)).toBeCloseTo(0.999, 12);
  });

  it('rounds half to even like Python', () => {
    const b = new StreamBuffer(1, [], 1000);
    // t / T * L + (processed - L) = t * 1000 - 1000
    expect(b.timeToSampleId(0.0025)).toBe(-998); // -997.5 → -998
    expect(b.timeToSampleId(0.0035)).toBe(-996); // -996.5 → -996
    expect(() => b.timeToSampleId('x' as unknown as number)).toThrow(TypeError);
    expect(() => b.sampleIdToTime(1.5)).toThrow(RangeError);
  });
});

describe('ingest', () => {
  it('calibrates exactly like the RawProcessor for any insert chunking', () => {
    const words = generateSamples(126 * 40, { seed: 5, switchEvery: 300, offProb: 0.1 });
    const p = new RawProcessor();
    const want = p.processBulk(rawWords(words));
    for (const chunk of [2, 126, 1000, 126 * 40]) {
      const b = new StreamBuffer(0.01, [10, 10]);
      for (let at = 0; at < words.length; at += chunk) {
        b.insertRaw(rawWords(words.subarray(at, at + chunk)));
        if (at % (3 * chunk) === 0) b.process();
      }
      b.process();
      const held = 126 * 40 - b.status().sampleId;
      const cur = b.samplesGet(0, 126 * 40 - held, 'current');
      for (let k = 0; k < cur.length; k++) expect(Object.is(cur[k], want.cal[2 * k]) || (Number.isNaN(cur[k]) && Number.isNaN(want.cal[2 * k]))).toBe(true);
      expect(b.samplesGet(0, cur.length, 'bits')).toEqual(want.bits.subarray(0, cur.length));
    }
  });

  it('calibrates each packet with its own voltage range, however the stream is chunked', () => {
    const bytes = generatePackets({ packets: 12, seed: 2, vRangePackets: [3, 4, 8] });
    const one = new StreamBuffer(0.01, [10]);
    one.insert(bytes);
    one.process();
    const byPacket = new StreamBuffer(0.01, [10]);
    for (let at = 0; at < bytes.length; at += 512) {
      byPacket.insert(bytes.subarray(at, at + 512));
      byPacket.process();
    }
    expect(one.samplesGet(0, 1000, 'voltage')).toEqual(byPacket.samplesGet(0, 1000, 'voltage'));
    const raw = one.samplesGet(3 * 126, 3 * 126 + 1, 'raw_voltage')[0];
    const v = one.samplesGet(3 * 126, 3 * 126 + 1, 'voltage')[0];
    const f = Math.fround;
    expect(v).toBe(f(f(raw + f(0)) * f(1))); // identity calibration, both ranges alike here
    expect(one.voltageRange).toBe(0);
  });

  it('applies a set voltage range to raw inserts', () => {
    const b = new StreamBuffer(0.01, [10]);
    b.suppressMode = 'off';
    b.calibrationSet([0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1], [0, 100], [1, 1]);
    b.insertRaw(rawWords(Uint32Array.from([rawSampleWord(1, 10, 0, 0), rawSampleWord(1, 10, 0, 1)])));
    b.voltageRange = 1;
    b.insertRaw(rawWords(Uint32Array.from([rawSampleWord(1, 10, 0, 0), rawSampleWord(1, 10, 0, 1)])));
    b.process();
    expect(Array.from(b.samplesGet(0, 4, 'voltage'))).toEqual([10, 10, 110, 110]);
    expect(b.voltageRange).toBe(1);
    expect(() => {
      b.voltageRange = 2;
    }).toThrow(RangeError);
  });

  it('keeps what is buffered when given bad input', () => {
    const b = new StreamBuffer(0.01, [10]);
    b.insert(generatePackets({ packets: 4, seed: 1 }));
    b.process();
    const before = b.status();
    const samples = b.samplesGet(0, 504, 'raw');
    expect(() => b.insert('abc' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => b.insertRaw(new Uint16Array(3))).toThrow(RangeError);
    expect(() => b.insertRaw([1, 2] as unknown as Uint16Array)).toThrow(TypeError);
    b.process();
    expect(b.status()).toEqual(before);
    expect(b.samplesGet(0, 504, 'raw')).toEqual(samples);
    expect(b.insert(null)).toBe(true);
  });

  it('stops at sampleIdMax and contiguousMax, and reset clears both', () => {
    const bytes = generatePackets({ packets: 20, seed: 1 });
    const b = new StreamBuffer(0.01, [10]);
    b.sampleIdMax = 126 * 5;
    expect(b.insert(bytes.subarray(0, 512 * 4))).toBe(false);
    expect(b.insert(bytes.subarray(512 * 4, 512 * 5))).toBe(true);
    b.reset();
    expect(b.sampleIdMax).toBe(2 ** 63);
    b.contiguousMax = 300;
    expect(b.insert(bytes.subarray(0, 512 * 3))).toBe(false); // contiguous advances in process()
    b.process();
    expect(b.insert(bytes.subarray(512 * 3, 512 * 4))).toBe(true);
    b.reset();
    expect(b.contiguousMax).toBe(2 ** 63);
    expect(b.status()).toEqual({ deviceSampleId: 0, sampleId: 0, sampleMissingCount: 0, skipCount: 0, sampleSyncCount: 0, contiguousCount: 0, calibrated: false });
  });

  it('survives an overrun: the oldest data is dropped and statistics stay exact', () => {
    const b = new StreamBuffer(0.005, [20, 5]); // 10 000 samples
    const bytes = generatePackets({ packets: 300, seed: 4, switchEvery: 97 });
    b.insert(bytes.subarray(0, 512 * 50));
    b.process();
    b.insert(bytes.subarray(512 * 50)); // 250 packets = 31 500 samples before process()
    b.process();
    const st = b.status();
    expect(st.deviceSampleId).toBe(300 * 126);
    expect(b.sampleIdRange[1]).toBeGreaterThan(300 * 126 - 100);
    expect(b.sampleIdRange[1] - b.sampleIdRange[0]).toBe(10_000);
    const [lo, hi] = b.sampleIdRange;
    for (const [x, y] of [[lo, hi], [lo + 1, hi - 1], [lo + 333, lo + 4321], [hi - 1000, hi]]) {
      expectRow(b.statisticsGet(x, y).stats, 0, bruteStats(b, x, y), `after overrun [${String(x)}, ${String(y)})`);
    }
  });
});

describe('statistics callback', () => {
  it('reports every last-level entry with exact integer accumulators', () => {
    const b = new StreamBuffer(0.05, [100, 10]);
    b.calibrationSet([0, 0, 0, 0, 0, 0, 0], [1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6], [0, 0], [1e-3, 1e-3]);
    const updates: StatisticsUpdate[] = [];
    b.callback = (u) => updates.push(u);
    const bytes = generatePackets({ packets: 100, seed: 9, switchEvery: 5000 });
    b.insert(bytes);
    b.process();
    const processed = b.status().sampleId;
    expect(updates.length).toBe(Math.floor(processed / 1000));
    let charge = 0n;
    let energy = 0n;
    updates.forEach((u, n) => {
      expect(u.time.sampleRange).toEqual([n * 1000, (n + 1) * 1000]);
      expect(u.time.range[0]).toBeCloseTo(n * 0.0005, 15);
      expect(u.time.delta).toBeCloseTo(0.0005, 15);
      const s = b.statisticsGet(n * 1000, (n + 1) * 1000).stats;
      expect(u.time.samples).toBe(s.count[0]);
      expect(u.signals.current.mean).toBeCloseTo(s.mean[0], 12);
      expect(u.signals.current.variance).toBeCloseTo(s.variance[0], 12);
      expect(u.signals.power.p2p).toBe(s.max[2] - s.min[2]);
      expect(u.signals.current.integral).toBe(u.signals.current.mean * u.time.delta);
      expect(u.signals.voltage.integral).toBeUndefined();
      expect(u.signals.current.units).toBe('A');
      charge += BigInt(Math.trunc(u.signals.current.mean * 1e12 * 0.0005));
      energy += BigInt(Math.trunc(u.signals.power.mean * 1e12 * 0.0005));
      expect(u.accumulators.charge.pico).toBe(charge);
      expect(u.accumulators.energy.pico).toBe(energy);
      expect(u.accumulators.charge.value).toBe(Number(charge) * 1e-12);
      expect(u.source).toBe('stream_buffer');
    });
  });

  it('refuses a callback that could never fire (one reduction level), and a non-function', () => {
    const b = new StreamBuffer(0.01, [100]);
    expect(() => {
      b.callback = () => undefined;
    }).toThrow(/would never call it/);
    expect(b.callback).toBe(null);
    b.callback = null;
    const c = new StreamBuffer(0.01, [100, 10]);
    expect(() => {
      c.callback = 'x' as unknown as null;
    }).toThrow(TypeError);
  });

  it('labels uncalibrated values as LSBs, calibrated ones as C and J', () => {
    const b = new StreamBuffer(0.05, [100, 10]);
    const updates: StatisticsUpdate[] = [];
    b.callback = (u) => updates.push(u);
    const bytes = generatePackets({ packets: 40, seed: 9 });
    b.insert(bytes.subarray(0, 20 * 512));
    b.process();
    b.calibrationSet([0, 0, 0, 0, 0, 0, 0], [1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6], [0, 0], [1e-3, 1e-3]);
    b.insert(bytes.subarray(20 * 512));
    b.process();
    const first = updates[0];
    const last = updates[updates.length - 1];
    expect([first.calibrated, first.signals.current.units, first.signals.power.units, first.accumulators.charge.units]).toEqual([false, 'LSB', 'LSB²', 'LSB·s']);
    expect([last.calibrated, last.signals.current.units, last.signals.power.units, last.accumulators.energy.units]).toEqual([true, 'A', 'W', 'J']);
  });
});

describe('queries', () => {
  const b = new StreamBuffer(0.01, [20, 10]);
  b.suppressMode = 'nan_0_n_0';
  b.insert(generatePackets({ packets: 400, seed: 8, switchEvery: 500, drop: [300] }));
  b.process();
  const [lo, hi] = b.sampleIdRange;

  it('statisticsGet constrains the range and empties reversed ones', () => {
    expect(b.statisticsGet(hi, lo).range).toEqual([hi, hi]);
    expect(b.statisticsGet(hi, lo).stats.record(0, 0).count).toBe(0);
    expect(b.statisticsGet(-5, lo + 10).range).toEqual([lo, lo + 10]);
    expect(b.statisticsGet(hi - 10, hi + 1e9).range).toEqual([hi - 10, hi]);
    const out = new StatsArray(1);
    expect(b.statisticsGet(lo, hi, out).stats).toBe(out);
    expect(() => b.statisticsGet(lo, hi, new StatsArray(0))).toThrow(RangeError);
    expect(() => b.statisticsGet('1' as unknown as number, 2)).toThrow(TypeError);
    expect(() => b.statisticsGet(1.5, 2)).toThrow(RangeError);
  });

  it('works with no reductions at all', () => {
    const flat = new StreamBuffer(0.001, []);
    flat.insert(generatePackets({ packets: 30, seed: 2 }));
    flat.process();
    const [a, z] = flat.sampleIdRange;
    expectRow(flat.statisticsGet(a, z).stats, 0, bruteStats(flat, a, z), 'no reductions');
    expect(flat.dataGet(a, a + 1000, 100).rows).toBe(10);
    expect(() => flat.getReduction(0, a, z)).toThrow(RangeError);
  });

  it('dataGet: too old rows are empty, negative start is shifted, ranges beyond processed give no rows', () => {
    expect(b.dataGet(hi, hi).rows).toBe(0);
    expect(b.dataGet(lo, hi + 1).rows).toBe(0);
    expect(b.dataGet(hi + 5, hi + 10).rows).toBe(0);
    // Everything older than the ring: all rows empty.
    const old = b.dataGet(lo - 5000, lo - 3000, 100);
    expect(old.rows).toBe(20);
    expect(Array.from(old.count).every((c) => c === 0)).toBe(true);
    expect(Number.isNaN(old.mean[0])).toBe(true);
    // Partly too old: leading rows empty, the rest real.
    const part = b.dataGet(lo - 200, lo + 200, 100);
    expect(part.rows).toBe(4);
    expect(part.count[0]).toBe(0);
    expect(part.count[6]).toBe(0);
    expectRow(part, 2, bruteStats(b, lo, lo + 100), 'first real row');
    // A supplied output that fits is returned as is; one too small is an error.
    const out = new StatsArray(4);
    expect(b.dataGet(hi - 400, hi, 100, out)).toBe(out);
    expect(() => b.dataGet(hi - 400, hi, 100, new StatsArray(3))).toThrow(RangeError);
    expect(() => b.dataGet(lo, hi, 0)).toThrow(RangeError);
    expect(() => b.dataGet(lo, hi, 1, {} as StatsArray)).toThrow(TypeError);
  });

  it('dataGet with increment 1: one record per sample, NaN samples empty', () => {
    // A window holding NaN-suppressed samples after a range change and the dropped packet.
    const all = b.samplesGet(lo, hi, 'current');
    const firstNaN = all.findIndex((x) => Number.isNaN(x));
    const start = lo + Math.max(0, firstNaN - 100);
    const rows = b.dataGet(start, start + 300, 1);
    const cur = b.samplesGet(start, start + 300, 'current');
    const range = b.samplesGet(start, start + 300, 'current_range');
    let nan = 0;
    for (let r = 0; r < 300; r++) {
      if (Number.isNaN(cur[r])) {
        nan++;
        expect(rows.count[r * 6]).toBe(0);
        expect(rows.count[r * 6 + 3]).toBe(range[r] >= 8 ? 0 : 1);
      } else {
        expect(rows.record(r, 0)).toEqual({ count: 1, mean: cur[r], variance: 0, min: cur[r], max: cur[r] });
      }
    }
    expect(nan).toBeGreaterThan(0); // the nan suppression mode left some
  });

  it('samplesGet returns copies with timing, a single field alone, and checks its arguments', () => {
    const r: SamplesResult = b.samplesGet(hi - 10, hi);
    expect(Object.keys(r.signals)).toEqual(['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb', 'raw']);
    expect(r.signals.raw.value.length).toBe(20);
    expect(r.signals.raw.voltageRange).toBe(0);
    expect(r.signals.current.units).toBe('LSB'); // never calibrated
    expect(r.signals.power.units).toBe('LSB²');
    expect(r.signals.raw.units).toBe('LSBs');
    expect(r.time.samples).toBe(10);
    expect(r.time.sampleIdRange).toEqual([hi - 10, hi]);
    expect(r.time.samplingFrequency).toBe(2e6);
    expect(r.time.delta).toBeCloseTo(5e-6, 15);
    const cur = b.samplesGet(hi - 10, hi, 'current');
    expectTypeOf(cur).toEqualTypeOf<Float32Array>();
    cur[0] = 1234;
    expect(b.samplesGet(hi - 10, hi, 'current')[0]).not.toBe(1234);
    expect(b.samplesGet(hi, hi - 10, 'current').length).toBe(0);
    const cv = b.samplesGet(hi - 10, hi, 'current_voltage');
    expect(cv.length).toBe(20);
    expect(cv[2]).toBe(b.samplesGet(hi - 9, hi - 8, 'current')[0]);
    expect(b.samplesGet(lo - 5, lo + b.length + 1, 'current').length).toBe(hi - lo); // constrained to what is held
    expect(() => b.samplesGet(lo, hi, 'nope' as 'current')).toThrow(/allowed: raw, raw_current/);
    expect(() => b.samplesGet(lo, hi, [3] as unknown as 'current'[])).toThrow(TypeError);
    expect(() => b.samplesGet(null as unknown as number, hi)).toThrow(TypeError);
  });

  it('samplesGet reads across the ring wrap', () => {
    const L = b.length;
    const start = Math.ceil(lo / L) * L - 7;
    const across = b.samplesGet(start, start + 20, 'raw');
    const a = b.samplesGet(start, start + 7, 'raw');
    const c = b.samplesGet(start + 7, start + 20, 'raw');
    expect(Array.from(across)).toEqual([...Array.from(a), ...Array.from(c)]);
  });

  it('getReduction returns level entries, wraps, and rejects bad indices', () => {
    const r = b.getReduction(1, hi - 2000, hi - (hi % 200));
    expect(r.rows).toBe(Math.floor(((hi - (hi % 200)) % b.length) / 200) - Math.floor(((hi - 2000) % b.length) / 200));
    expectRow(r, r.rows - 1, bruteStats(b, hi - (hi % 200) - 200, hi - (hi % 200)), 'last level-1 entry');
    // Unlike the reference (which wraps a whole ring to nothing): every complete held entry.
    const whole = b.getReduction(0, lo - 1000, hi + 1000);
    expect(whole.rows).toBe(Math.floor(hi / 20) - Math.ceil(lo / 20));
    const e0 = Math.ceil(lo / 20) * 20;
    expectRow(whole, 0, bruteStats(b, e0, e0 + 20), 'oldest complete level-0 entry');
    expect(() => b.getReduction(2, lo, hi)).toThrow(RangeError);
    expect(() => b.getReduction(0.5, lo, hi)).toThrow(RangeError);
  });

  it('dataBuffer is the calibrated ring, interleaved', () => {
    const d = b.dataBuffer;
    expect(d.length).toBe(2 * b.length);
    const slot = (hi - 1) % b.length;
    expect(Object.is(d[2 * slot], b.samplesGet(hi - 1, hi, 'current')[0])).toBe(true);
  });
});
