// Every stream_* scenario of the reference's golden outputs (see fixtures/conformance/README.md).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatsArray } from '@joulescope/stats';
import { StreamBuffer } from '../src/index';
import type { SampleField, StatisticsUpdate } from '../src/index';

const root = join(import.meta.dirname, 'fixtures/conformance');

type Rec = [number, number | null, number | null, number | null, number | null];
interface Scenario {
  name: string;
  sampling_frequency: number;
  duration: number;
  reductions: number[];
  suppress_mode: string;
  calibration: { current_offset: number[]; current_gain: number[]; voltage_offset: number[]; voltage_gain: number[] } | null;
  chunk_bytes: number;
  length: number;
  sample_id_range: [number, number];
  limits_samples: [number, number];
  limits_time: [number, number];
  status: Record<string, number>;
  callbacks: {
    time_range: [number, number];
    sample_range: [number, number];
    samples: number;
    mean: Record<string, number | null>;
    charge: number;
    energy: number;
  }[];
  callback_count: number;
  queries: {
    statistics_get: { start: number; stop: number; range: [number, number]; stats: Rec[] }[];
    data_get: { start: number; stop: number; increment: number; rows: Rec[][] }[];
    samples_get: { start: number; stop: number; time: { range: [number, number]; sample_id_range: [number, number]; samples: number }; signals: Record<string, (number | null)[]> }[];
    get_reduction: { index: number; start: number; stop: number; rows: Rec[][] }[];
  };
}

function near(got: number, want: number | null, rel: number, what: string): void {
  if (want === null) {
    expect(Number.isNaN(got), `${what}: got ${String(got)}, want NaN`).toBe(true);
    return;
  }
  const ok = Math.abs(got - want) <= rel * Math.max(Math.abs(got), Math.abs(want)) + 1e-12;
  expect(ok, `${what}: got ${String(got)}, want ${String(want)}`).toBe(true);
}

function expectRecord(a: StatsArray, row: number, field: number, want: Rec, what: string): void {
  const i = row * 6 + field;
  expect(a.count[i], `${what} count`).toBe(want[0]);
  near(a.mean[i], want[1], 1e-9, `${what} mean`);
  near(a.variance[i], want[2], 1e-6, `${what} variance`);
  near(a.min[i], want[3], 1e-9, `${what} min`);
  near(a.max[i], want[4], 1e-9, `${what} max`);
}

function load(name: string): { s: Scenario; packets: Uint8Array } {
  const s = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Scenario;
  const b = readFileSync(join(root, name, 'packets.bin'));
  return { s, packets: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
}

function run(s: Scenario, packets: Uint8Array): { buffer: StreamBuffer; updates: StatisticsUpdate[] } {
  const buffer = new StreamBuffer(s.duration, s.reductions, s.sampling_frequency);
  if (s.suppress_mode !== buffer.suppressMode) buffer.suppressMode = s.suppress_mode;
  if (s.calibration !== null) {
    const c = s.calibration;
    buffer.calibrationSet(c.current_offset, c.current_gain, c.voltage_offset, c.voltage_gain);
  }
  const updates: StatisticsUpdate[] = [];
  buffer.callback = (u) => updates.push(u);
  for (let at = 0; at < packets.length; at += s.chunk_bytes) {
    buffer.insert(packets.subarray(at, Math.min(at + s.chunk_bytes, packets.length)));
    buffer.process();
  }
  return { buffer, updates };
}

const FIELDS = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'] as const;
const names = readdirSync(root).filter((n) => n.startsWith('stream_'));

describe.each(names)('conformance %s', (name) => {
  const { s, packets } = load(name);
  const { buffer, updates } = run(s, packets);

  it('has the expected length, ranges and status', () => {
    expect(buffer.length).toBe(s.length);
    expect(buffer.sampleIdRange).toEqual(s.sample_id_range);
    expect(buffer.limitsSamples).toEqual(s.limits_samples);
    expect(buffer.limitsTime).toEqual(s.limits_time);
    const st = buffer.status();
    expect({
      device_sample_id: st.deviceSampleId,
      sample_id: st.sampleId,
      sample_missing_count: st.sampleMissingCount,
      skip_count: st.skipCount,
      sample_sync_count: st.sampleSyncCount,
      contiguous_count: st.contiguousCount,
    }).toEqual(s.status);
  });

  it('calls back once per last-level entry with the reference values', () => {
    expect(updates.length).toBe(s.callback_count);
    s.callbacks.forEach((want, n) => {
      const u = updates[n];
      near(u.time.range[0], want.time_range[0], 1e-12, `callback ${String(n)} t0`);
      near(u.time.range[1], want.time_range[1], 1e-12, `callback ${String(n)} t1`);
      expect(u.time.sampleRange).toEqual(want.sample_range);
      expect(u.time.samples).toBe(want.samples);
      for (const f of FIELDS) near(u.signals[f].mean, want.mean[f], 1e-9, `callback ${String(n)} ${f} mean`);
      near(u.accumulators.charge.value, want.charge, 1e-9, `callback ${String(n)} charge`);
      near(u.accumulators.energy.value, want.energy, 1e-9, `callback ${String(n)} energy`);
    });
  });

  it('answers statisticsGet', () => {
    for (const q of s.queries.statistics_get) {
      const r = buffer.statisticsGet(q.start, q.stop);
      expect(r.range, `statisticsGet(${String(q.start)}, ${String(q.stop)}) range`).toEqual(q.range);
      q.stats.forEach((rec, f) => expectRecord(r.stats, 0, f, rec, `statisticsGet(${String(q.start)}, ${String(q.stop)}) ${FIELDS[f]}`));
    }
  });

  it('answers dataGet', () => {
    for (const q of s.queries.data_get) {
      const a = buffer.dataGet(q.start, q.stop, q.increment);
      const what = `dataGet(${String(q.start)}, ${String(q.stop)}, ${String(q.increment)})`;
      expect(a.rows, `${what} rows`).toBe(q.rows.length);
      q.rows.forEach((row, r) => row.forEach((rec, f) => expectRecord(a, r, f, rec, `${what} row ${String(r)} ${FIELDS[f]}`)));
    }
  });

  it('answers samplesGet with every field', () => {
    for (const q of s.queries.samples_get) {
      const fields = Object.keys(q.signals) as SampleField[];
      const r = buffer.samplesGet(q.start, q.stop, fields);
      expect(r.time.sampleIdRange).toEqual(q.time.sample_id_range);
      expect(r.time.samples).toBe(q.time.samples);
      near(r.time.range[0], q.time.range[0], 1e-12, 'time range 0');
      near(r.time.range[1], q.time.range[1], 1e-12, 'time range 1');
      for (const f of fields) {
        const got = Array.from(r.signals[f].value as ArrayLike<number>);
        const want = q.signals[f];
        expect(got.length, `${f} length`).toBe(want.length);
        for (let k = 0; k < want.length; k++) {
          const w = want[k];
          if (w === null) expect(Number.isNaN(got[k]), `${f}[${String(k)}]`).toBe(true);
          else expect(got[k], `${f}[${String(k)}]`).toBe(w);
        }
        // The single-field form returns the same values.
        expect(Array.from(buffer.samplesGet(q.start, q.stop, f) as ArrayLike<number>)).toEqual(got);
      }
    }
  });

  it('answers getReduction (constrained where the reference wraps a whole ring to nothing)', () => {
    for (const q of s.queries.get_reduction) {
      const a = buffer.getReduction(q.index, q.start, q.stop);
      const what = `getReduction(${String(q.index)}, ${String(q.start)}, ${String(q.stop)})`;
      if (q.stop - q.start >= s.length && q.rows.length === 0) {
        // docs/stream-buffer.md, "Differences from the reference": every complete entry held.
        const R = s.reductions.slice(0, q.index + 1).reduce((x, y) => x * y, 1);
        const [lo, hi] = buffer.sampleIdRange;
        const first = Math.max(Math.ceil(q.start / R), Math.ceil(lo / R));
        expect(a.rows, `${what} rows`).toBe(Math.min(Math.floor(q.stop / R), Math.floor(hi / R)) - first);
        for (let r = 0; r < a.rows; r++) {
          const e = buffer.statisticsGet((first + r) * R, (first + r + 1) * R).stats;
          for (let f = 0; f < 6; f++) expect(a.record(r, f).count, `${what} row ${String(r)}`).toBe(e.count[f]);
          expect(a.mean[r * 6]).toBeCloseTo(e.mean[0], 12);
        }
        continue;
      }
      expect(a.rows, `${what} rows`).toBe(q.rows.length);
      q.rows.forEach((row, r) => row.forEach((rec, f) => expectRecord(a, r, f, rec, `${what} row ${String(r)} ${FIELDS[f]}`)));
    }
  });
});
