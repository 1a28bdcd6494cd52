import { describe, expect, it } from 'vitest';
import { formatUpdate, run, si } from '../emulated-statistics';

describe('main job: statistics of the emulated JS110', () => {
  it('streams, reports twice per second with growing accumulators, and stops by itself', async () => {
    const lines: string[] = [];
    const r = await run(2, (l) => lines.push(l), 'fast');
    expect(lines[0]).toMatch(/^Joulescope:EMU001: auto, 15V, calibration loaded$/);
    expect(r.updates.length).toBe(4);
    r.updates.forEach((u, n) => {
      expect(u.time.sampleRange).toEqual([n * 1_000_000, (n + 1) * 1_000_000]);
      expect(u.signals.voltage.mean).toBeCloseTo(3.3, 2);
      // Firmware-like: microamp sleep with bursts of tens of milliamps.
      expect(u.signals.current.min).toBeLessThan(1e-4);
      expect(u.signals.current.max).toBeGreaterThan(1e-2);
      if (n > 0) expect(u.accumulators.charge.pico).toBeGreaterThan(r.updates[n - 1].accumulators.charge.pico);
    });
    expect(r.stop.code).toBe(-1); // the StreamBuffer asked to stop at sampleIdMax
    expect(r.samples).toBeGreaterThanOrEqual(4_000_000);
    expect(lines.slice(1, 5)).toEqual(r.updates.map(formatUpdate));
    expect(lines[5]).toMatch(/^\d+ samples, mean /);
  });

  it('formats values with SI prefixes', () => {
    expect(si(0.00123, 'A')).toBe('   1.230 mA');
    expect(si(3.3, 'V')).toBe('   3.300 V');
    expect(si(2.5e-6, 'A')).toBe('   2.500 µA');
    expect(si(-4e-9, 'W')).toBe('  -4.000 nW');
    expect(si(NaN, 'A')).toBe('  NaN A');
  });
});
