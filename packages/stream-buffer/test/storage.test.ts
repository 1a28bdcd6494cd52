// Raw-only storage (docs/stream-buffer.md, "Storage"): what is kept beside the raw words —
// the override log, the calibration log, the voltage ranges — and what a sample costs.
import { describe, expect, it } from 'vitest';
import { rawSampleWord } from '@joulescope/codec';
import { StreamBuffer } from '../src/index';
import { OracleStreamBuffer } from './_oracle/stream-buffer';
import { CALIBRATION as CAL } from './_calibration';
import { generatePackets, generateSamples } from './_packets';

interface Internals {
  kernel: { exports: { runsSize(): number; runsCapacity(): number } };
}
const runs = (b: StreamBuffer): { size: number; capacity: number } => {
  const e = (b as unknown as Internals).kernel.exports;
  return { size: e.runsSize(), capacity: e.runsCapacity() };
};

function words(w: Uint32Array): Uint16Array {
  return new Uint16Array(w.buffer, w.byteOffset, 2 * w.length);
}

function same(a: StreamBuffer, b: OracleStreamBuffer): void {
  expect(a.status()).toEqual(b.status());
  const [lo, hi] = b.sampleIdRange;
  for (const f of ['current', 'voltage', 'bits'] as const) {
    const x = a.samplesGet(lo, hi, f);
    const y = b.samplesGet(lo, hi, f);
    let bad = -1;
    for (let k = 0; k < x.length && bad < 0; k++) if (!Object.is(x[k], y[k])) bad = k;
    expect(bad, `${f} first difference`).toBe(-1);
  }
}

describe('the override log', () => {
  it('grows when the filter changes more samples than it was sized for, keeping their order', () => {
    // A range change every 2 samples with a 1-sample window: one interpolation run per 2 samples.
    const k = new StreamBuffer(0.005, [10, 10]);
    const o = new OracleStreamBuffer(0.005, [10, 10]);
    const before = runs(k).capacity;
    for (const b of [k, o]) {
      b.suppressMode = 'interp_1_1_1';
      b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
    }
    for (let chunk = 0; chunk < 12; chunk++) {
      const w = generateSamples(5000, { seed: 100 + chunk, switchEvery: 2 });
      for (const b of [k, o]) {
        b.insertRaw(words(w));
        b.process();
      }
      same(k, o);
    }
    const after = runs(k);
    expect(after.capacity).toBeGreaterThan(before);
    expect(after.size).toBeGreaterThan(before);
    expect(after.size).toBeLessThan((k.length + 2 ** 17) / 2 + 10); // pruned as the ring moves on
  });

  it('merges contiguous NaN runs (nan mode)', () => {
    const k = new StreamBuffer(0.005, [10, 10]);
    k.suppressMode = 'nan_0_1_0';
    // Every sample in a new range: one NaN window per sample, all contiguous.
    const w = new Uint32Array(4000);
    for (let j = 0; j < w.length; j++) w[j] = rawSampleWord(3000, 9000, j % 2 === 0 ? 1 : 2, j & 1);
    k.insertRaw(words(w));
    k.process();
    expect(runs(k).size).toBe(1);
    expect(Array.from(k.samplesGet(10, 14, 'current')).every(Number.isNaN)).toBe(true);
  });

  it('marks the samples before an overrun jump as lost, as the oracle does', () => {
    const k = new StreamBuffer(0.001, [20, 5]);
    const o = new OracleStreamBuffer(0.001, [20, 5]);
    const bytes = generatePackets({ packets: 120, seed: 5, switchEvery: 30 });
    for (const b of [k, o]) {
      b.insert(bytes.subarray(0, 512 * 10));
      b.process();
      b.insert(bytes.subarray(512 * 10)); // 110 packets, more than the ring
      b.process();
    }
    same(k, o);
    expect(k.status().deviceSampleId - k.sampleIdRange[1]).toBeLessThan(64);
  });
});

describe('the calibration log', () => {
  const second = { ...CAL, voltageGain: CAL.voltageGain.map((g) => 2 * g) };

  it('keeps each buffered sample with the calibration it was processed with', () => {
    const k = new StreamBuffer(0.01, [10, 10]);
    const o = new OracleStreamBuffer(0.01, [10, 10]);
    const bytes = generatePackets({ packets: 60, seed: 2, switchEvery: 300 });
    for (const b of [k, o]) b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
    for (let p = 0; p < 60; p += 5) {
      const c = p % 10 === 0 ? CAL : second;
      for (const b of [k, o]) {
        b.insert(bytes.subarray(p * 512, (p + 5) * 512));
        b.process();
        b.calibrationSet(c.currentOffset, c.currentGain, c.voltageOffset, c.voltageGain);
      }
    }
    same(k, o);
    const v = k.samplesGet(0, 60 * 126, 'voltage');
    expect(v[630 + 5]).not.toBe(v[5]); // two calibrations really are held
  });

  it('ignores a calibration set again unchanged, and refuses more calibrations than it holds', () => {
    const k = new StreamBuffer(0.05, [10, 10]);
    for (let i = 0; i < 1000; i++) k.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
    const w = generateSamples(4, { seed: 1 });
    let refused: unknown = null;
    let i = 0;
    for (; i < 400 && refused === null; i++) {
      const c = i % 2 === 0 ? second : CAL;
      k.insertRaw(words(w));
      k.process();
      try {
        k.calibrationSet(c.currentOffset, c.currentGain, c.voltageOffset, c.voltageGain);
      } catch (e) {
        refused = e;
      }
    }
    expect(refused).toBeInstanceOf(RangeError);
    expect((refused as Error).message).toMatch(/calibrations, the most a StreamBuffer holds/);
    expect(i).toBeGreaterThan(200);
    // Once the ring has moved past the old ones, calibrations can change again.
    k.insertRaw(words(generateSamples(120_000, { seed: 2 })));
    k.process();
    k.calibrationSet(second.currentOffset, second.currentGain, second.voltageOffset, second.voltageGain);
  });
});

describe('a suppress mode set while a window is open', () => {
  it('takes over after the window, so that output stays one sample per input sample', () => {
    const k = new StreamBuffer(0.01, [10, 5]);
    const o = new OracleStreamBuffer(0.01, [10, 5]);
    for (const b of [k, o]) b.suppressMode = 'interp_1_1_1';
    // The first sample opens a window (range 7 before the stream); mean_4_n_4 arrives while it is open.
    const w = generateSamples(3000, { seed: 4, switchEvery: 3, offProb: 0.3 });
    for (const b of [k, o]) {
      b.insertRaw(words(w.subarray(0, 1)));
      b.process();
      b.suppressMode = 'mean_4_n_4';
      expect(b.suppressMode).toBe('mean_4_n_4');
      b.insertRaw(words(w.subarray(1)));
      b.process();
    }
    same(k, o);
    const st = k.status();
    expect(st.sampleId).toBeLessThanOrEqual(st.deviceSampleId);
    expect(st.deviceSampleId - st.sampleId).toBeLessThan(64);
  });
});

describe('samples inserted but not processed', () => {
  it('never let a query read a raw word that a newer insert overwrote', () => {
    const b = new StreamBuffer(0.002, [10, 10]); // 4000 samples, 4096 slots of slack
    const bytes = generatePackets({ packets: 200, seed: 9, switchEvery: 500 });
    b.insert(bytes.subarray(0, 512 * 40));
    b.process();
    const held = b.samplesGet(...b.sampleIdRange, 'raw');
    expect(b.sampleIdRange).toEqual([40 * 126 - 4000, 40 * 126]);
    // Within the slack, the held samples stay as they were.
    b.insert(bytes.subarray(512 * 40, 512 * 70));
    expect(b.samplesGet(40 * 126 - 4000, 40 * 126, 'raw')).toEqual(held);
    // Beyond it, the oldest ones leave the held range instead of reading newer words.
    b.insert(bytes.subarray(512 * 70, 512 * 95));
    const [lo, hi] = b.sampleIdRange;
    expect(hi).toBe(40 * 126);
    expect(lo).toBe(95 * 126 - (4000 + 4096));
    expect(b.samplesGet(0, hi, 'raw')).toEqual(held.subarray(2 * (lo - (40 * 126 - 4000))));
    expect(b.statisticsGet(0, hi).range).toEqual([lo, hi]);
    // More than the whole raw ring waiting: nothing is held until process().
    b.insert(bytes.subarray(512 * 95, 512 * 200));
    expect(b.sampleIdRange).toEqual([hi, hi]);
    expect(b.samplesGet(0, hi, 'current').length).toBe(0);
    b.process();
    expect(b.sampleIdRange[1] - b.sampleIdRange[0]).toBe(4000);
  });
});

describe('memory', () => {
  it('builds a 120 s ring and streams into it', () => {
    const b = new StreamBuffer(120, [200, 100, 50]);
    expect(b.byteLength / b.length).toBeLessThan(5.6);
    b.insert(generatePackets({ packets: 4000, seed: 3 }));
    b.process();
    expect(b.status().sampleId).toBeGreaterThan(4000 * 126 - 64);
  });

  it('holds about 5 bytes per sample with the usual reductions', () => {
    for (const reductions of [[200, 100, 50], [200, 100], [200, 200]]) {
      const b = new StreamBuffer(10, reductions);
      // raw 4 B, voltage range 1/8 B, level 0 (200 B per 200 samples), the internal levels 0.3 B
      expect(b.byteLength / b.length).toBeGreaterThan(5.1);
      expect(b.byteLength / b.length).toBeLessThan(5.6);
    }
  });
});
