// What a failing call must leave unchanged (issue: misuse never loses or changes what is
// buffered): status, ranges, settings, statistics of everything held and the newest samples.
import type { SampleBuffer } from '../src/index';

export interface Snapshot {
  status: ReturnType<SampleBuffer['status']>;
  range: [number, number];
  limits: [number, number];
  settings: unknown[];
  stats: unknown;
  newest: unknown;
}

export function snapshot(b: SampleBuffer): Snapshot {
  const [lo, hi] = b.sampleIdRange;
  const s = b.statisticsGet(lo, hi).stats;
  const fields = b.hasRaw ? (['current', 'voltage', 'bits', 'raw'] as const) : (['current', 'voltage'] as const);
  const newest = b.samplesGet(Math.max(lo, hi - 300), hi, [...fields]);
  return {
    status: b.status(),
    range: b.sampleIdRange,
    limits: b.limitsSamples,
    settings: [b.suppressMode, b.voltageRange, b.calibrated, b.sampleIdMax, b.contiguousMax, b.callback, b.length],
    stats: [Array.from(s.count), Array.from(s.mean), Array.from(s.variance), Array.from(s.min), Array.from(s.max)],
    newest: { time: newest.time, values: Object.values(newest.signals).map((x) => Array.from((x as { value: ArrayLike<number> }).value)) },
  };
}
