// DownsamplingStreamBuffer: construction, ingest (however much one insert carries, gaps
// longer than the inner ring, limits), the delegated settings and callback (re-entrance,
// throwing callbacks), the queries and their errors. Bad input gets a typed error and
// changes nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatsArray } from '@joulescope/stats';
import { PACKET_SIZE, SAMPLES_PER_PACKET } from '@joulescope/codec';
import { DOWNSAMPLING_OUTPUT_FREQUENCIES, DownsamplingStreamBuffer, StreamBuffer, StreamBufferAllocationError, StreamBufferBusyError } from '../src/index';
import type { SampleField, StatisticsUpdate } from '../src/index';
import { CALIBRATION as CAL } from './_calibration';
import { downsampleModel, expectClose } from './_downsampling-model';
import { generatePackets, generateSamples } from './_packets';

const FS = 2e6;
const TRANSFER = 256 * PACKET_SIZE;

function make(duration: number, rate: number, reductions = [10, 10]): DownsamplingStreamBuffer {
  const b = new DownsamplingStreamBuffer(duration, reductions, FS, rate);
  b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
  return b;
}

function feed(b: DownsamplingStreamBuffer | StreamBuffer, bytes: Uint8Array, chunk = TRANSFER): void {
  for (let at = 0; at < bytes.length; at += chunk) {
    b.insert(bytes.subarray(at, Math.min(at + chunk, bytes.length)));
    b.process();
  }
}

/** Everything a failing call must leave as it was. */
function snapshot(b: DownsamplingStreamBuffer): string {
  const [lo, hi] = b.sampleIdRange;
  const s = b.statisticsGet(lo, hi).stats;
  const last = b.samplesGet(Math.max(lo, hi - 10), hi);
  return JSON.stringify({
    status: b.status(),
    range: b.sampleIdRange,
    stats: [Array.from(s.count), Array.from(s.mean), Array.from(s.variance), Array.from(s.min), Array.from(s.max)],
    last: Object.values(last.signals).map((x) => Array.from(x.value as ArrayLike<number>)),
    settings: [b.suppressMode, b.voltageRange, b.sampleIdMax, b.contiguousMax, b.calibrated],
  });
}

const packets = generatePackets({ packets: 4000, seed: 3, switchEvery: 2000, offProb: 0.05, drop: [1000] });

describe('construction', () => {
  it('builds every output rate with a ring of duration × rate rounded up to the reductions', () => {
    for (const rate of DOWNSAMPLING_OUTPUT_FREQUENCIES) {
      const b = new DownsamplingStreamBuffer(2, [10, 10], FS, rate);
      expect(b.length, `${String(rate)} Hz`).toBe(Math.ceil(Math.trunc(2 * rate) / 100) * 100);
      expect(b.outputSamplingFrequency).toBe(rate);
      expect(b.limitsTime).toEqual([0, b.length / rate]);
    }
  });

  it('rounds the ring up as the reference does', () => {
    expect(new DownsamplingStreamBuffer(30, [200, 100, 50], FS, 10).length).toBe(1_000_000);
    expect(new DownsamplingStreamBuffer(3600, [200, 100, 50], FS, 1000).length).toBe(4_000_000);
    expect(new DownsamplingStreamBuffer(0.05, [20, 10], FS, 100_000).length).toBe(5000);
    expect(new DownsamplingStreamBuffer(1e-6, [], FS, 1e6).length).toBe(1);
  });

  it('has the shape of a downsampled buffer', () => {
    const b = new DownsamplingStreamBuffer(1, [10, 10], FS, 1000);
    expect(b.hasRaw).toBe(false);
    expect(b.inputSamplingFrequency).toBe(FS);
    expect(b.reductions).toEqual([10, 10]);
    expect(b.sampleIdRange).toEqual([0, 0]);
    expect(b.limitsSamples).toEqual([-1000, 0]);
    expect(b.calibrated).toBe(false);
    expect(b.status().calibrated).toBe(false);
    expect(b.byteLength).toBeGreaterThan(15 * 1000);
    b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
    expect(b.calibrated).toBe(true);
  });

  it.each<[string, unknown[], ErrorConstructor, RegExp]>([
    ['duration type', ['1', [10], FS, 1000], TypeError, /duration must be a number/],
    ['zero duration', [0, [10], FS, 1000], RangeError, /positive finite/],
    ['NaN duration', [NaN, [10], FS, 1000], RangeError, /positive finite/],
    ['infinite duration', [Infinity, [10], FS, 1000], RangeError, /positive finite/],
    ['input rate type', [1, [10], '2e6', 1000], TypeError, /inputSamplingFrequency must be a number/],
    ['input rate', [1, [10], 1e6, 1000], RangeError, /inputSamplingFrequency must be 2000000 Hz/],
    ['output rate type', [1, [10], FS, '1000'], TypeError, /outputSamplingFrequency must be a number/],
    ['output rate', [1, [10], FS, 300], RangeError, /one of 1000000, 500000, .* 5 Hz, got 300/],
    ['full output rate', [1, [10], FS, FS], RangeError, /use a StreamBuffer/],
    ['no output sample', [0.01, [10], FS, 10], RangeError, /holds no output sample/],
    ['reductions type', [1, 'x', FS, 1000], TypeError, /reductions must be an array/],
    ['reduction value', [1, [1], FS, 1000], RangeError, /at least 2/],
    ['reductions beyond 1 s', [1, [2000, 2000], FS, 1000], RangeError, /more than the 2000000 samples/],
  ])('refuses %s', (_, args, type, message) => {
    const make = (): unknown => new DownsamplingStreamBuffer(...(args as [number, number[], number, number]));
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it('refuses a ring beyond the memory before allocating it', () => {
    const make = (): unknown => new DownsamplingStreamBuffer(1e9, [10, 10], FS, 1e6);
    expect(make).toThrow(StreamBufferAllocationError);
    expect(make).toThrow(/MiB/);
  });
});

describe('ingest', () => {
  it('loses nothing when one insert carries more than the inner ring (2.5 s)', () => {
    const big = generatePackets({ packets: Math.ceil((2.5 * FS) / SAMPLES_PER_PACKET), seed: 11, switchEvery: 2000, offProb: 0.02 });
    const one = make(10, 1000);
    const chunked = make(10, 1000);
    const seen: number[] = [];
    one.callback = (u) => seen.push(u.time.sampleRange[0]);
    let chunkedUpdates = 0;
    chunked.callback = () => chunkedUpdates++;
    one.insert(big);
    one.process();
    feed(chunked, big);
    expect(one.status()).toEqual(chunked.status());
    expect(one.status().deviceSampleId).toBe((big.length / PACKET_SIZE) * SAMPLES_PER_PACKET);
    expect(one.sampleIdRange).toEqual([0, 2500]);
    expect(one.sampleIdRange).toEqual(chunked.sampleIdRange);
    expect(one.samplesGet(0, 2500)).toEqual(chunked.samplesGet(0, 2500));
    expect(seen.length).toBe(chunkedUpdates);
    expect(seen).toEqual(seen.map((_, k) => k * 100));
  });

  it('keeps the data before a gap longer than the inner ring (a 1.3 s index jump)', () => {
    // 20600 packets, of which 20000 after the first 400 never arrive: one index jump.
    const drop = Array.from({ length: 20_000 }, (_, k) => 400 + k);
    const bytes = generatePackets({ packets: 20_600, seed: 5, switchEvery: 2000, drop });
    const ds = make(10, 10_000);
    ds.insert(bytes);
    ds.process();
    const full = new StreamBuffer(3, [10, 10]);
    full.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
    full.insert(bytes);
    full.process();
    const r = full.samplesGet(0, full.sampleIdRange[1], ['current', 'voltage', 'bits']);
    const m = downsampleModel(10_000, r.signals.current.value, r.signals.voltage.value, r.signals.bits.value);
    expect(ds.status().deviceSampleId).toBe(20_600 * SAMPLES_PER_PACKET);
    expect(ds.sampleIdRange).toEqual([0, m.current.length]);
    const got = ds.samplesGet(0, m.current.length);
    for (let k = 0; k < m.current.length; k++) {
      expectClose(got.signals.current.value[k], m.current[k], `current[${String(k)}]`, 10);
      expect(got.signals.current_range.value[k]).toBe(m.currentRange[k]);
    }
    expect(Number.isFinite(got.signals.current.value[100])).toBe(true); // before the gap
    expect(Number.isNaN(got.signals.current.value[5000])).toBe(true); // within it
  });

  it('takes raw words, in pieces when they are more than the inner ring', () => {
    const words = generateSamples(2_600_000, { seed: 8, switchEvery: 3000 });
    const raw = new Uint16Array(words.buffer);
    const one = make(5, 1000);
    one.voltageRange = 1;
    one.insertRaw(raw);
    one.process();
    const chunked = make(5, 1000);
    chunked.voltageRange = 1;
    for (let at = 0; at < raw.length; at += 65_536) {
      chunked.insertRaw(raw.subarray(at, at + 65_536));
      chunked.process();
    }
    expect(one.samplesGet(0, 1300)).toEqual(chunked.samplesGet(0, 1300));
    expect(one.status()).toEqual(chunked.status());
    expect(one.voltageRange).toBe(1);
    expect(one.insertRaw(new Uint16Array(0))).toBe(false);
  });

  it('says when to stop, in input samples', () => {
    const b = make(1, 1000);
    b.sampleIdMax = 100_000;
    expect(b.sampleIdMax).toBe(100_000);
    expect(b.insert(packets.subarray(0, 512 * 700))).toBe(false);
    expect(b.insert(packets.subarray(512 * 700, 512 * 800))).toBe(true);
    b.reset();
    expect(b.sampleIdMax).toBe(2 ** 63);
    b.contiguousMax = 50_000;
    expect(b.contiguousMax).toBe(50_000);
    b.insert(packets.subarray(0, 512 * 500));
    b.process();
    expect(b.insert(packets.subarray(512 * 500, 512 * 501))).toBe(true);
    expect(b.insert(null)).toBe(true);
  });

  it('refuses bad input with a typed error and changes nothing', () => {
    const b = make(1, 1000);
    feed(b, packets);
    const before = snapshot(b);
    expect(() => b.insert('abc' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => b.insert(new Uint16Array(4) as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => b.insertRaw(new Uint8Array(4) as unknown as Uint16Array)).toThrow(TypeError);
    expect(() => b.insertRaw(new Uint16Array(3))).toThrow(RangeError);
    expect(() => (b.sampleIdMax = 'abc' as unknown as number)).toThrow(TypeError);
    expect(() => (b.contiguousMax = -1)).toThrow(RangeError);
    expect(() => (b.voltageRange = 2)).toThrow(RangeError);
    expect(() => (b.suppressMode = 'bogus')).toThrow();
    expect(() => (b.callback = 'x' as unknown as null)).toThrow(TypeError);
    expect(() => b.calibrationSet([NaN, 0, 0, 0, 0, 0, 0], CAL.currentGain, CAL.voltageOffset, CAL.voltageGain)).toThrow(RangeError);
    expect(snapshot(b)).toBe(before);
  });

  it('starts over on reset, keeping its settings', () => {
    const b = make(1, 1e5);
    b.suppressMode = 'off';
    feed(b, packets);
    b.statisticsGet(...b.sampleIdRange); // block records of the old ids must not survive
    b.reset();
    expect(b.sampleIdRange).toEqual([0, 0]);
    expect(b.status().deviceSampleId).toBe(0);
    expect(b.samplesGet(0, 10).time.samples).toBe(0);
    expect(b.suppressMode).toBe('off');
    expect(b.calibrated).toBe(true);
    const fresh = make(1, 1e5);
    fresh.suppressMode = 'off';
    const other = generatePackets({ packets: 1777, seed: 99, switchEvery: 500 });
    feed(b, other.subarray(0, other.length - 412));
    feed(fresh, other.subarray(0, other.length - 412));
    expect(b.sampleIdRange).toEqual([0, 11_188]);
    expect(b.samplesGet(0, 11_188)).toEqual(fresh.samplesGet(0, 11_188));
    expect(b.statisticsGet(0, 11_188)).toEqual(fresh.statisticsGet(0, 11_188));
    expect(b.dataGet(0, 11_000, 1000)).toEqual(fresh.dataGet(0, 11_000, 1000));
  });
});

describe('settings and callback of the inner full-rate buffer', () => {
  it('calls back with the full-rate statistics', () => {
    const ds = make(1, 1000);
    const sb = new StreamBuffer(1, [10, 10]);
    sb.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
    const a: StatisticsUpdate[] = [];
    const b: StatisticsUpdate[] = [];
    ds.callback = (u) => a.push(u);
    sb.callback = (u) => b.push(u);
    expect(ds.callback).not.toBeNull();
    feed(ds, packets);
    feed(sb, packets);
    expect(a.length).toBe(b.length);
    expect(a).toEqual(b);
    expect(ds.status()).toEqual(sb.status());
  });

  it('refuses a callback that could never fire (one reduction level)', () => {
    const b = new DownsamplingStreamBuffer(1, [10], FS, 1000);
    expect(() => (b.callback = () => undefined)).toThrow(RangeError);
  });

  it('refuses to be fed or reset from its own callback, and answers queries there', () => {
    const b = make(1, 1000);
    const refused: string[] = [];
    let queried = -1;
    b.callback = () => {
      for (const [name, call] of [
        ['process', () => b.process()],
        ['reset', () => b.reset()],
        ['insert', () => b.insert(new Uint8Array(512))],
        ['insertRaw', () => b.insertRaw(new Uint16Array(2))],
        ['calibrationSet', () => b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain)],
        ['suppressMode', () => (b.suppressMode = 'off')],
        ['voltageRange', () => (b.voltageRange = 1)],
      ] as const) {
        try {
          call();
        } catch (e) {
          if (e instanceof StreamBufferBusyError) refused.push(name);
        }
      }
      queried = b.statisticsGet(...b.sampleIdRange).range[1];
    };
    feed(b, packets);
    expect(new Set(refused)).toEqual(new Set(['process', 'reset', 'insert', 'insertRaw', 'calibrationSet', 'suppressMode', 'voltageRange']));
    expect(queried).toBeGreaterThan(0);
    const quiet = make(1, 1000);
    feed(quiet, packets);
    expect(b.samplesGet(...b.sampleIdRange)).toEqual(quiet.samplesGet(...quiet.sampleIdRange));
  });

  it('processes everything when the callback throws, then rethrows its first error', () => {
    const b = make(1, 1000);
    let calls = 0;
    b.callback = () => {
      calls++;
      throw new Error(`callback ${String(calls)}`);
    };
    b.insert(packets);
    expect(() => b.process()).toThrow('callback 1');
    const quiet = make(1, 1000);
    quiet.insert(packets);
    quiet.process();
    expect(b.status()).toEqual(quiet.status());
    expect(b.samplesGet(...b.sampleIdRange)).toEqual(quiet.samplesGet(...quiet.sampleIdRange));
  });

  it('inserts everything when the callback throws while an insert makes room', () => {
    const big = generatePackets({ packets: 20_000, seed: 12 });
    const b = make(2, 1000);
    let calls = 0;
    b.callback = () => {
      calls++;
      if (calls === 3) throw new RangeError('third');
    };
    expect(() => b.insert(big)).toThrow('third');
    expect(b.status().deviceSampleId).toBe(20_000 * SAMPLES_PER_PACKET);
    b.process();
    const quiet = make(2, 1000);
    quiet.insert(big);
    quiet.process();
    expect(b.samplesGet(...b.sampleIdRange)).toEqual(quiet.samplesGet(...quiet.sampleIdRange));
  });
});

describe('queries', () => {
  const b = make(0.1, 1000); // 100 output samples: the 504 ms of packets (252 outputs) wrap it
  feed(b, packets);
  const [lo, hi] = b.sampleIdRange;

  it('holds the newest output samples', () => {
    expect([lo, hi]).toEqual([152, 252]);
    expect(b.limitsSamples).toEqual([152, 252]);
  });

  it('maps ids and times as the full-rate buffer does', () => {
    expect(b.sampleIdToTime(hi)).toBeCloseTo(0.1, 12);
    expect(b.sampleIdToTime(lo)).toBe(0);
    expect(b.timeToSampleId(0.1)).toBe(hi);
    expect(b.timeToSampleId(0.05)).toBe(lo + 50);
    expect(() => b.timeToSampleId(Infinity)).toThrow(RangeError);
    expect(() => b.timeToSampleId('1' as unknown as number)).toThrow(TypeError);
    expect(() => b.sampleIdToTime(0.5)).toThrow(RangeError);
  });

  it('constrains statisticsGet and refuses bad arguments', () => {
    const r = b.statisticsGet(-100, hi + 100);
    expect(r.range).toEqual([lo, hi]);
    expect(r.stats.count[0]).toBe(100);
    expect(b.statisticsGet(hi, hi + 5).stats.count[0]).toBe(0);
    expect(Number.isNaN(b.statisticsGet(hi, hi + 5).stats.mean[0])).toBe(true);
    const out = new StatsArray(1);
    expect(b.statisticsGet(lo, hi, out).stats).toBe(out);
    expect(() => b.statisticsGet(NaN, 1)).toThrow(RangeError);
    expect(() => b.statisticsGet(0, 2 ** 53 + 2)).toThrow(RangeError);
    expect(() => b.statisticsGet('0' as unknown as number, 1)).toThrow(TypeError);
    expect(() => b.statisticsGet(0, 1, {} as StatsArray)).toThrow(TypeError);
    expect(() => b.statisticsGet(0, 1, new StatsArray(0))).toThrow(RangeError);
  });

  it('gives dataGet rows as the full-rate buffer does', () => {
    const rows = b.dataGet(hi - 20, hi, 5);
    expect(rows.rows).toBe(4);
    for (let r = 0; r < 4; r++) {
      const want = b.statisticsGet(hi - 20 + 5 * r, hi - 15 + 5 * r).stats;
      expect(rows.record(r, 0)).toEqual(want.record(0, 0));
    }
    // Rows older than the ring are empty; a range past the newest sample gives none.
    const old = b.dataGet(lo - 10, lo + 10, 1);
    expect(old.rows).toBe(20);
    expect(old.count[0]).toBe(0);
    expect(old.count[10 * 6]).toBe(1);
    expect(b.dataGet(hi - 5, hi + 5, 1).rows).toBe(0);
    expect(b.dataGet(hi, hi, 1).rows).toBe(0);
    // With out: written there, rows past those written emptied.
    const out = new StatsArray(10);
    expect(b.dataGet(hi - 10, hi, 1, out)).toBe(out);
    expect(b.dataGet(hi - 5, hi + 5, 1, out).count[0]).toBe(0);
  });

  it('refuses dataGet requests it cannot answer, before allocating', () => {
    expect(() => b.dataGet(0, 1e8, 1)).toThrow(RangeError);
    expect(() => b.dataGet(0, 10, 0)).toThrow(RangeError);
    expect(() => b.dataGet(0, 10, 1.5)).toThrow(RangeError);
    expect(() => b.dataGet(0, 10, '1' as unknown as number)).toThrow(TypeError);
    expect(() => b.dataGet(hi - 10, hi, 1, new StatsArray(5))).toThrow(RangeError);
    expect(() => b.dataGet(hi - 10, hi, 1, [] as unknown as StatsArray)).toThrow(TypeError);
    const empty = new DownsamplingStreamBuffer(1, [10, 10], FS, 1000);
    expect(empty.dataGet(0, 1000, 1).rows).toBe(0);
  });

  it('returns the downsampled fields from samplesGet, constrained to what is held', () => {
    const r = b.samplesGet(lo - 50, lo + 10);
    expect(Object.keys(r.signals)).toEqual(['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb']);
    expect(r.time.sampleIdRange).toEqual([lo, lo + 10]);
    expect(r.time.samples).toBe(10);
    expect(r.time.samplingFrequency).toBe(1000);
    expect(r.time.inputSamplingFrequency).toBe(FS);
    expect(r.time.outputSamplingFrequency).toBe(1000);
    expect(r.signals.current.units).toBe('A');
    expect(r.signals.power.units).toBe('W');
    expect(r.signals.current_range.units).toBe('');
    expect(r.signals.current.value).toBeInstanceOf(Float32Array);
    expect(r.signals.current_range.value).toBeInstanceOf(Uint8Array);
    const iv = b.samplesGet(hi - 4, hi, 'current_voltage');
    const i = b.samplesGet(hi - 4, hi, 'current');
    const v = b.samplesGet(hi - 4, hi, 'voltage');
    expect(Array.from(iv)).toEqual(Array.from(i).flatMap((x, k) => [x, v[k]]));
    expect(b.samplesGet(hi, hi + 10, 'current').length).toBe(0);
    expect(b.samplesGet(hi - 2, hi - 6).time.samples).toBe(0);
    for (const f of ['raw', 'raw_current', 'raw_voltage', 'bits'] as SampleField[]) expect(() => b.samplesGet(lo, hi, f)).toThrow(/not kept after downsampling/);
    expect(() => b.samplesGet(lo, hi, ['current', 'nope' as SampleField])).toThrow(RangeError);
    expect(() => b.samplesGet(lo, hi, [1 as unknown as SampleField])).toThrow(TypeError);
    expect(() => b.samplesGet(lo, hi, {} as SampleField[])).toThrow(TypeError);
  });

  it('says LSB instead of A before any calibration', () => {
    const raw = new DownsamplingStreamBuffer(1, [10, 10], FS, 1000);
    feed(raw, packets.subarray(0, 512 * 500));
    const r = raw.samplesGet(...raw.sampleIdRange, ['current', 'power']);
    expect(r.signals.current.units).toBe('LSB');
    expect(r.signals.power.units).toBe('LSB²');
    // Calibrated from the next input on: outputs whose filter window is all calibrated say A.
    raw.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
    feed(raw, packets.subarray(512 * 500, 512 * 2000));
    const [, end] = raw.sampleIdRange;
    expect(raw.samplesGet(0, end, ['current']).signals.current.units).toBe('LSB');
    expect(raw.samplesGet(end - 10, end, ['current']).signals.current.units).toBe('A');
    raw.reset();
    feed(raw, packets.subarray(0, 512 * 100));
    expect(raw.samplesGet(...raw.sampleIdRange, ['current']).signals.current.units).toBe('A');
  });

  it('copies samples into caller arrays with samplesInto', () => {
    const current = new Float32Array(40);
    const power = new Float32Array(40);
    expect(b.samplesInto(lo - 10, lo + 30, { current, power }, 5)).toBe(30);
    expect(Array.from(current.subarray(5, 35))).toEqual(Array.from(b.samplesGet(lo, lo + 30, 'current')));
    expect(Array.from(power.subarray(5, 35))).toEqual(Array.from(b.samplesGet(lo, lo + 30, 'power')));
    // Across the ring end, and as many as fit.
    const voltage = new Float32Array(100);
    expect(b.samplesInto(lo, hi + 99, { voltage })).toBe(100);
    expect(Array.from(voltage)).toEqual(Array.from(b.samplesGet(lo, hi, 'voltage')));
    expect(b.samplesInto(lo, hi, { voltage: new Float32Array(7) }, 3)).toBe(4);
    expect(b.samplesInto(hi, hi + 5, { voltage })).toBe(0);
    expect(() => b.samplesInto(lo, hi, { bits: new Uint8Array(10) })).toThrow(/no bits byte/);
    expect(() => b.samplesInto(lo, hi, {})).toThrow(TypeError);
    expect(() => b.samplesInto(lo, hi, null as unknown as { current: Float32Array })).toThrow(TypeError);
    expect(() => b.samplesInto(lo, hi, { current: new Float64Array(4) as unknown as Float32Array })).toThrow(TypeError);
    expect(() => b.samplesInto(lo, hi, { current }, 41)).toThrow(RangeError);
    expect(() => b.samplesInto(lo, hi, { current }, -1)).toThrow(RangeError);
  });
});

describe('without WebAssembly SIMD', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it.each<[string, unknown]>([
    ['absent', undefined],
    ['without SIMD', { validate: () => false }],
  ])('refuses to run when WebAssembly is %s, with a StreamBufferKernelError', async (_, stub) => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', stub);
    const { firKernel } = await import('../src/_fir-wasm');
    const { StreamBufferKernelError } = await import('../src/errors');
    expect(() => firKernel(1024)).toThrow(StreamBufferKernelError);
    expect(() => firKernel(1024)).toThrow(/needs WebAssembly/);
  });
});
