import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RawProcessor, SuppressModeError, parseSuppressMode, rawSampleWord } from '../src/index';
import type { SampleOutput } from '../src/index';
import { ReferenceRawProcessor } from './_reference-raw-processor';

function output(n: number): SampleOutput {
  return { current: new Float32Array(n + 64), voltage: new Float32Array(n + 64), bits: new Uint8Array(n + 64) };
}

/** Raw words as a u16 interleaved array (for processBulk). */
function toU16(words: number[]): Uint16Array {
  return new Uint16Array(Uint32Array.from(words).buffer);
}

function sameF32(a: number, b: number): boolean {
  return Object.is(Math.fround(a), Math.fround(b)) || (Number.isNaN(a) && Number.isNaN(b));
}

describe('RawProcessor basics', () => {
  it('calibrates offset-then-gain in float32', () => {
    const p = new RawProcessor();
    p.suppressMode = 'off';
    p.calibrationSet([-2806.7177734375, 0, 0, 0, 0, 0, 0], [0.0006828914629295468, 1, 1, 1, 1, 1, 1], [-1150.5926513671875, -2041.6751708984375], [0.0009468112839385867, 0.0002934212679974735]);
    const words = [rawSampleWord(5000, 9000, 0, 0), rawSampleWord(5001, 9001, 0, 1)];
    const { cal, bits } = p.processBulk(toU16(words));
    const f = Math.fround;
    expect(cal[0]).toBe(f(f(5000 + f(-2806.7177734375)) * f(0.0006828914629295468)));
    expect(cal[1]).toBe(f(f(9000 + f(-1150.5926513671875)) * f(0.0009468112839385867)));
    expect(cal[2]).toBe(f(f(5001 + f(-2806.7177734375)) * f(0.0006828914629295468)));
    expect([...bits]).toEqual([0x00, 0x10 | 0x20]); // 5001 and 9001 are odd: both LSBs set
    p.voltageRange = 1;
    const again = p.processBulk(toU16(words));
    expect(again.cal[1]).toBe(f(f(9000 + f(-2041.6751708984375)) * f(0.0002934212679974735)));
  });

  it('gives current 0 in range 7 (off) and NaN with bits 0x38 for missing samples', () => {
    const p = new RawProcessor();
    p.suppressMode = 'off';
    const { cal, bits } = p.processBulk(toU16([rawSampleWord(1234, 100, 7, 0), 0xffffffff]));
    expect(cal[0]).toBe(0);
    expect(cal[1]).toBe(100);
    expect(cal[2]).toBeNaN();
    expect(cal[3]).toBeNaN();
    expect([...bits]).toEqual([7, 0x38]);
  });

  it('replaces the first 8 currents at stream start with the 9th (default mode, docs/samples.md "Glitch filter")', () => {
    const p = new RawProcessor();
    const words = Array.from({ length: 20 }, (_, k) => rawSampleWord(100 + k, 5, 3, k & 1));
    const { cal } = p.processBulk(toU16(words));
    const currents = Array.from({ length: 20 }, (_, k) => cal[2 * k]);
    expect(currents).toEqual([108, 108, 108, 108, 108, 108, 108, 108, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119]);
  });

  it('mean_1_3_1 replaces the window by the mean of the sample before and the post sample', () => {
    const p = new RawProcessor();
    p.suppressMode = 'mean_1_3_1';
    const words: number[] = [];
    for (let k = 0; k < 30; k++) words.push(rawSampleWord(k < 16 ? 1000 + k : 3000 + k, 7, k < 16 ? 2 : 3, k & 1));
    const { cal } = p.processBulk(toU16(words));
    const mean = Math.fround(Math.fround(1015 + 3019) / 2);
    expect([cal[32], cal[34], cal[36], cal[38]]).toEqual([mean, mean, mean, 3019]);
    expect(cal[30]).toBe(1015);
  });

  it('counts missing, skip, sync and contiguous samples as the reference (docs/samples.md "Sample counters")', () => {
    const build = (restart: number): number[] => {
      const words: number[] = [];
      for (let k = 0; k < 10; k++) words.push(0xffffffff);
      for (let k = 0; k < 10; k++) words.push(rawSampleWord(10, 10, 2, k & 1));
      for (let k = 0; k < 3; k++) words.push(0xffffffff);
      for (let k = 0; k < 10; k++) words.push(rawSampleWord(10, 10, 2, (k + restart) & 1));
      return words;
    };
    const p = new RawProcessor();
    p.processBulk(toU16(build(1)));
    expect(p.counters()).toEqual({ sampleMissingCount: 13, skipCount: 2, sampleSyncCount: 1, contiguousCount: 10 });
    p.processBulk(toU16(build(0)));
    expect(p.counters()).toEqual({ sampleMissingCount: 13, skipCount: 1, sampleSyncCount: 0, contiguousCount: 10 });
  });

  it('holds samples while a window is open and reports them as pending', () => {
    const p = new RawProcessor();
    const raw = Uint32Array.from({ length: 5 }, (_, k) => rawSampleWord(100, 5, 1, k & 1));
    const out = output(5);
    expect(p.process(raw, 0, 5, out, 0)).toBe(0); // first window at stream start (N[1][7] = 8, + post 1)
    expect(p.pending).toBe(5);
    const more = Uint32Array.from({ length: 10 }, (_, k) => rawSampleWord(100, 5, 1, (k + 5) & 1));
    expect(p.process(more, 0, 10, out, 0)).toBe(15); // the 9-sample window, then 6 direct
    expect(p.pending).toBe(0);
  });

  it('keeps the calibration on reset and rejects bad calibration arrays', () => {
    const p = new RawProcessor();
    expect(() => p.calibrationSet([1, 2], [1, 2, 3, 4, 5, 6, 7], [0, 0], [1, 1])).toThrow(RangeError);
    expect(() => p.calibrationSet([0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1], [0], [1, 1])).toThrow(RangeError);
    expect(() => p.calibrationSet(null as unknown as number[], [1], [0, 0], [1, 1])).toThrow(TypeError);
    expect(() => p.calibrationSet(['a', 0, 0, 0, 0, 0, 0] as unknown as number[], [1, 1, 1, 1, 1, 1, 1], [0, 0], [1, 1])).toThrow(TypeError);
    expect(() => p.processBulk(new Uint16Array(3))).toThrow(RangeError);
    expect(() => p.processBulk([1, 2] as unknown as Uint16Array)).toThrow(TypeError);
  });

  it('accepts a processBulk input that is not 4-byte aligned', () => {
    const words = Array.from({ length: 12 }, (_, k) => rawSampleWord(200 + k, 9, 4, k & 1));
    const bytes = new Uint8Array(2 + 48);
    bytes.set(new Uint8Array(Uint32Array.from(words).buffer), 2);
    const unaligned = new Uint16Array(bytes.buffer, 2, 24);
    const a = new RawProcessor().processBulk(unaligned);
    const b = new RawProcessor().processBulk(toU16(words));
    expect(a).toEqual(b);
  });
});

describe('suppressMode grammar (docs/samples.md "Modes")', () => {
  const cases: [string | null, string][] = [
    ['off', 'off'],
    ['OFF', 'off'],
    ['', 'off'],
    [null, 'off'],
    ['normal', 'interp_1_n_1'],
    ['Interp_1_N_1', 'interp_1_n_1'],
    ['interpolate_5_m_7', 'interp_1_m_1'],
    ['interp_0_3_0', 'interp_1_3_1'],
    ['nan_1_n_1', 'nan_0_n_0'],
    ['nan_0_12_0', 'nan_0_12_0'],
    ['mean_0_4_0', 'mean_1_4_1'],
    ['mean_8_12_8', 'mean_8_12_8'],
    ['mean_-3_2_2', 'mean_0_2_2'],
    ['off_1_2_1', 'off'],
    ['interp_1_-1_1', 'interp_1_-1_1'],
  ];
  for (const [input, readback] of cases) {
    it(`'${String(input)}' reads back as '${readback}'`, () => {
      const p = new RawProcessor();
      p.suppressMode = input as string;
      expect(p.suppressMode).toBe(readback);
    });
  }

  for (const bad of ['interp', 'interp_1_n', 'interp_1_n_1_1', 'bogus_1_n_1', 'mean_9_n_1', 'mean_1_n_9', 'interp_1_13_1', 'interp_x_n_1', 'interp_1_q_1', 'interp_1.5_n_1']) {
    it(`rejects '${bad}' with a SuppressModeError and keeps the previous mode`, () => {
      const p = new RawProcessor();
      p.suppressMode = 'mean_2_3_1';
      expect(() => {
        p.suppressMode = bad;
      }).toThrow(SuppressModeError);
      expect(p.suppressMode).toBe('mean_2_3_1');
    });
  }

  it('rejects a non-string with a TypeError', () => {
    const p = new RawProcessor();
    expect(() => {
      p.suppressMode = 3 as unknown as string;
    }).toThrow(TypeError);
  });

  it('keeps the mode across reset', () => {
    const p = new RawProcessor();
    p.suppressMode = 'nan_0_2_0';
    p.reset();
    expect(p.suppressMode).toBe('nan_0_2_0');
  });
});

// Random raw streams with runs of ranges, missing samples, toggle errors.
const runArb = fc.record({
  kind: fc.constantFrom('range', 'range', 'range', 'missing', 'toggle'),
  range: fc.integer({ min: 0, max: 7 }),
  length: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 90 })),
  seed: fc.integer({ min: 0, max: 0x3fff }),
});
const modeArb = fc.constantFrom(
  'off', 'interp_1_n_1', 'interp_1_m_1', 'interp_1_3_1', 'interp_1_12_1', 'nan_0_n_0', 'nan_0_1_0', 'nan_0_12_0',
  'mean_1_3_1', 'mean_2_3_1', 'mean_1_3_2', 'mean_4_n_4', 'mean_8_12_8', 'mean_3_m_0', 'mean_0_5_3',
);

function buildStream(runs: { kind: string; range: number; length: number; seed: number }[]): number[] {
  const words: number[] = [];
  let toggle = 0;
  let range = 3;
  for (const run of runs) {
    for (let k = 0; k < run.length; k++) {
      if (run.kind === 'missing') {
        words.push(0xffffffff);
        toggle = 1;
        continue;
      }
      if (run.kind === 'range') range = run.range;
      if (run.kind === 'toggle' && k === 0) toggle ^= 1; // a sync error
      const code = (run.seed * 7 + k * 131) & 0x3fff;
      words.push(rawSampleWord(code, (run.seed + k) & 0x3fff, range, toggle));
      toggle ^= 1;
    }
  }
  return words;
}

describe('RawProcessor against a literal per-sample reference', () => {
  it('matches in every mode, for any split of the input into process() calls', () => {
    fc.assert(
      fc.property(fc.array(runArb, { maxLength: 40 }), modeArb, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 0, max: 1 }), (runs, mode, cuts, vr) => {
        const words = buildStream(runs);
        const n = words.length;
        const p = new RawProcessor();
        p.suppressMode = mode;
        const io = [-10, -20, -30, -40, -50, -60, -70];
        const ig = [0.5, 0.25, 0.125, 1.5, 2.5, 3.5, 4.5];
        p.calibrationSet(io, ig, [-3, -5], [0.75, 0.5]);
        p.voltageRange = vr;
        const r = new ReferenceRawProcessor();
        r.calibrationSet(io, ig, [-3, -5], [0.75, 0.5]);
        r.voltageRange = vr;
        r.mode = parseSuppressMode(mode);
        for (const w of words) r.add(w & 0xffff, w >>> 16);

        const raw = Uint32Array.from(words);
        const points = [...new Set(cuts.map((c) => (n === 0 ? 0 : c % (n + 1))))].sort((a, b) => a - b);
        const bounds = [0, ...points, n];
        const out = output(n);
        let o = 0;
        for (let b = 0; b + 1 < bounds.length; b++) o += p.process(raw, bounds[b], bounds[b + 1], out, o);

        // The fast processor emits overflow samples eagerly: it may be ahead by those.
        const refN = r.out.i.length;
        expect(o).toBeGreaterThanOrEqual(refN);
        expect(o - refN).toBe(Math.max(0, r.counter - 63));
        expect(o + p.pending).toBe(n);
        for (let k = 0; k < refN; k++) {
          if (!sameF32(out.current[k], r.out.i[k]) || !sameF32(out.voltage[k], r.out.v[k]) || out.bits[k] !== r.out.bits[k]) {
            throw new Error(`mode ${mode}: output ${String(k)} differs: got (${String(out.current[k])}, ${String(out.voltage[k])}, ${String(out.bits[k])}), want (${String(r.out.i[k])}, ${String(r.out.v[k])}, ${String(r.out.bits[k])})`);
          }
        }
        for (let k = refN; k < o; k++) {
          expect(out.current[k]).toBeNaN();
          expect(out.bits[k]).toBe(0xff);
        }
        expect(p.counters()).toEqual({ sampleMissingCount: r.missing, skipCount: r.skip, sampleSyncCount: r.sync, contiguousCount: r.contiguous });
      }),
      { numRuns: 400 },
    );
  });

  it('stays 1:1 through a window re-armed far beyond the 64-sample history', () => {
    const p = new RawProcessor();
    p.suppressMode = 'interp_1_12_1';
    const words: number[] = [];
    for (let k = 0; k < 500; k++) words.push(rawSampleWord(1000 + k, 50, k % 10 < 5 ? 2 : 3, k & 1));
    for (let k = 500; k < 600; k++) words.push(rawSampleWord(1000 + k, 50, 3, k & 1));
    const raw = Uint32Array.from(words);
    const out = output(600);
    const emitted = p.process(raw, 0, 600, out, 0);
    expect(emitted + p.pending).toBe(600);
    expect(emitted).toBe(600);
    // The window opened at sample 0 (stream start) and, re-armed every 5 samples with the
    // fixed 12 + 1 window, closed at sample 507 (last change at 495). Its first 508 - 63 samples
    // left the history and are NaN with bits 0xFF; the rest is the interpolation line, flat at
    // the post sample's current because the pre value was lost with the overflow.
    for (let k = 0; k < 445; k++) {
      expect(out.bits[k]).toBe(0xff);
      expect(out.current[k]).toBeNaN();
    }
    for (let k = 445; k < 508; k++) {
      expect(out.current[k]).toBe(1507); // gain 1, offset 0: the code of sample 507
      expect(out.bits[k] & 0x0f).toBe(k < 500 && k % 10 < 5 ? 2 : 3);
    }
    expect(out.current[508]).toBe(1508);
  });
});

describe('discardPending', () => {
  it('drops held samples and emits the next ones directly', () => {
    const p = new RawProcessor();
    const raw = Uint32Array.from({ length: 5 }, (_, k) => rawSampleWord(100 + k, 5, 1, k & 1));
    const out = output(10);
    expect(p.process(raw, 0, 5, out, 0)).toBe(0);
    expect(p.pending).toBe(5);
    p.discardPending();
    expect(p.pending).toBe(0);
    const more = Uint32Array.from({ length: 3 }, (_, k) => rawSampleWord(200 + k, 5, 1, (k + 5) & 1));
    expect(p.process(more, 0, 3, out, 0)).toBe(3);
    expect([out.current[0], out.current[1], out.current[2]]).toEqual([200, 201, 202]);
    expect(p.counters().contiguousCount).toBe(8);
  });
});
