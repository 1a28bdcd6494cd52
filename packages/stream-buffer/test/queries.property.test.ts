import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamBuffer } from '../src/index';
import { bruteStats, expectRow } from './_brute';
import { CALIBRATION as CAL } from './_calibration';
import { generatePackets } from './_packets';


interface Setup {
  reductions: number[];
  mode: string;
  packets: number;
  duration: number;
  chunk: number;
}

/** A buffer that wrapped its ring several times, with drops, toggle errors and range switches. */
function filled(s: Setup): StreamBuffer {
  const b = new StreamBuffer(s.duration, s.reductions, 2e6);
  b.suppressMode = s.mode;
  b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
  const bytes = generatePackets({
    packets: s.packets,
    seed: 11,
    switchEvery: 113,
    offProb: 0.05,
    toggleErrors: [5000, 5001, 30000],
    drop: [40, 41, 300],
    vRangePackets: Array.from({ length: 60 }, (_, k) => 100 + k),
  });
  for (let at = 0; at < bytes.length; at += s.chunk) {
    b.insert(bytes.subarray(at, at + s.chunk));
    b.process();
  }
  return b;
}

const setups: Setup[] = [
  { reductions: [20, 10, 5], mode: 'interp_1_n_1', packets: 900, duration: 0.02, chunk: 5000 },
  { reductions: [10, 10], mode: 'nan_0_2_0', packets: 700, duration: 0.0125, chunk: 512 * 7 },
  { reductions: [7, 3, 2, 2, 2], mode: 'mean_2_3_1', packets: 600, duration: 0.011, chunk: 777 },
  { reductions: [], mode: 'off', packets: 500, duration: 0.01, chunk: 65536 },
];

describe.each(setups)('queries against brute force, reductions $reductions', (setup) => {
  const b = filled(setup);
  const [lo, hi] = b.sampleIdRange;
  const id = fc.integer({ min: lo - 3000, max: hi + 3000 });

  it('has wrapped the ring', () => {
    expect(b.status().sampleId).toBeGreaterThan(2 * b.length);
  });

  it('statisticsGet over any range equals a pass over samplesGet of the constrained range', () => {
    fc.assert(
      fc.property(id, id, (x, y) => {
        const r = b.statisticsGet(x, y);
        const xs = Math.max(0, x, lo);
        expect(r.range).toEqual([xs, Math.max(xs, Math.min(y, hi))]);
        expectRow(r.stats, 0, bruteStats(b, r.range[0], r.range[1]), `statisticsGet(${String(x)}, ${String(y)})`);
      }),
      { numRuns: 150 },
    );
  });

  it('dataGet rows equal statisticsGet of each row span (and brute force)', () => {
    const inside = fc.integer({ min: lo, max: hi });
    fc.assert(
      fc.property(inside, inside, fc.integer({ min: 1, max: 3000 }), (x, y, inc) => {
        const [start, stop] = x <= y ? [x, y] : [y, x];
        const a = b.dataGet(start, stop, inc);
        expect(a.rows).toBe(stop > start ? Math.floor((stop - start) / inc) : 0);
        for (let r = 0; r < a.rows; r += Math.max(1, Math.floor(a.rows / 7))) {
          const s0 = start + r * inc;
          if (inc === 1) {
            const want = bruteStats(b, s0, s0 + 1);
            for (let f = 0; f < 6; f++) {
              const rec = a.record(r, f);
              if (want[f].count === 0 || (f >= 3 && (b.samplesGet(s0, s0 + 1, 'current_range')[0] >= 8))) continue;
              expect(rec.count).toBe(1);
              expect(rec.mean).toBe(want[f].mean);
            }
            continue;
          }
          const s = b.statisticsGet(s0, s0 + inc).stats;
          for (let f = 0; f < 6; f++) {
            expect(a.record(r, f).count).toBe(s.record(0, f).count);
          }
          expectRow(a, r, bruteStats(b, s0, s0 + inc), `dataGet(${String(start)}, ${String(stop)}, ${String(inc)}) row ${String(r)}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});
