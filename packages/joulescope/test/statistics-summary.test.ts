// Totals of a run of updates against statistics computed over all the samples at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatisticsSummary } from '../src/statistics-summary';
import type { DeviceStatistics, SignalName } from '../src/statistics-update';

const NAMES: SignalName[] = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'];

function stats(x: number[]): { mean: number; variance: number; min: number; max: number } {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const variance = x.length > 1 ? x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1) : 0;
  return { mean, variance, min: Math.min(...x), max: Math.max(...x) };
}

function updateOf(x: number[], start: number): DeviceStatistics {
  const s = stats(x);
  const signal = { ...s, std: Math.sqrt(s.variance), p2p: s.max - s.min, units: 'A' };
  return {
    time: { range: [start / 2e6, (start + x.length) / 2e6], delta: x.length / 2e6, samples: x.length, sampleRange: [start, start + x.length] },
    signals: Object.fromEntries(NAMES.map((n) => [n, signal])) as unknown as DeviceStatistics['signals'],
    accumulators: { charge: { value: start, units: 'C', pico: 0n }, energy: { value: 0, units: 'J', pico: 0n } },
    loss: { missing: 0, skips: 0, sync: 0 },
    calibrated: true,
  };
}

describe('StatisticsSummary', () => {
  it('combines updates into the statistics of all their samples', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 10 }), (blocks) => {
        const summary = new StatisticsSummary();
        let start = 0;
        for (const b of blocks) {
          summary.add(updateOf(b, start));
          start += b.length;
        }
        const all = blocks.flat();
        const expected = stats(all);
        const t = summary.totals();
        expect(t).not.toBeNull();
        expect(t?.updates).toBe(blocks.length);
        expect(t?.samples).toBe(all.length);
        expect(t?.sampleRange).toEqual([0, all.length]);
        // + 0: which of two equal zeros is kept is a tie rule, not a statistic.
        expect((t?.signals.current.min ?? NaN) + 0).toBe(expected.min + 0);
        expect((t?.signals.current.max ?? NaN) + 0).toBe(expected.max + 0);
        expect(t?.signals.current.mean).toBeCloseTo(expected.mean, 12);
        expect(t?.signals.current.variance).toBeCloseTo(expected.variance, 12);
        expect(t?.accumulators.charge.value).toBe(start - blocks[blocks.length - 1].length);
      }),
    );
  });

  it('is null before the first update and skips empty updates', () => {
    const summary = new StatisticsSummary();
    expect(summary.totals()).toBeNull();
    const empty = updateOf([1], 0);
    summary.add({ ...empty, time: { ...empty.time, samples: 0 } });
    const t = summary.totals();
    expect(t?.samples).toBe(0);
    expect(t?.signals.current.mean).toBeNaN();
    summary.add(updateOf([2, 4], 1));
    expect(summary.totals()?.signals.voltage.mean).toBe(3);
    expect(summary.updates).toBe(2);
  });
});
