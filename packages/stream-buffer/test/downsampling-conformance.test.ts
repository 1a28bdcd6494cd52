// Every ds_* scenario of the reference's golden outputs (fixtures/conformance/README.md):
// a DownsamplingStreamBuffer fed the scenario's packets in its chunks. Output samples are
// float32 of a float64 FIR sum whose order is ours: samples and statistics to a relative
// 1e-6; counts, ids, status and the averaged bit fields exactly.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatsArray } from '@joulescope/stats';
import { DownsamplingStreamBuffer } from '../src/index';
import type { SampleField, StatisticsUpdate } from '../src/index';
import { generatePackets } from './_packets';

const root = join(import.meta.dirname, 'fixtures/conformance');

type Rec = [number, number | null, number | null, number | null, number | null];
interface Scenario {
  name: string;
  kind: string;
  generator: {
    n_packets: number;
    seed: number;
    switch_every: number;
    off_prob: number;
    toggle_errors: number[];
    first_index: number;
    drop: number[];
    bad_type: number[];
    bad_status: number[];
    v_range_packets: number[];
  };
  input_sampling_frequency: number;
  output_sampling_frequency: number;
  duration: number;
  reductions: number[];
  suppress_mode: string;
  calibration: { current_offset: number[]; current_gain: number[]; voltage_offset: number[]; voltage_gain: number[] };
  chunk_bytes: number;
  length: number;
  sample_id_range: [number, number];
  limits_samples: [number, number];
  limits_time: [number, number];
  status: Record<string, number>;
  callbacks: { sample_range: [number, number]; samples: number; mean: Record<string, number | null>; charge: number; energy: number }[];
  callback_count: number;
  queries: {
    statistics_get: { start: number; stop: number; range: [number, number]; stats: Rec[] }[];
    data_get: { start: number; stop: number; increment: number; rows: Rec[][] }[];
    samples_get: { start: number; stop: number; time: { range: [number, number]; sample_id_range: [number, number]; samples: number }; signals: Record<string, (number | null)[]> }[];
  };
}

const FIELDS = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'] as const;

function near(got: number, want: number | null, rel: number, what: string): void {
  if (want === null) {
    expect(Number.isNaN(got), `${what}: got ${String(got)}, want NaN`).toBe(true);
    return;
  }
  const ok = Math.abs(got - want) <= rel * Math.max(Math.abs(got), Math.abs(want)) + 1e-12;
  expect(ok, `${what}: got ${String(got)}, want ${String(want)}`).toBe(true);
}

/** Statistics of downsampled values: relative 1e-6 on every moment (a float32 of an f64 sum). */
function expectRecord(a: StatsArray, row: number, field: number, want: Rec, what: string): void {
  const i = row * 6 + field;
  expect(a.count[i], `${what} count`).toBe(want[0]);
  near(a.mean[i], want[1], 1e-6, `${what} mean`);
  near(a.variance[i], want[2], 1e-6, `${what} variance`);
  near(a.min[i], want[3], 1e-6, `${what} min`);
  near(a.max[i], want[4], 1e-6, `${what} max`);
}

function packetsOf(s: Scenario): Uint8Array {
  try {
    const b = readFileSync(join(root, s.name, 'packets.bin'));
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch {
    const g = s.generator;
    return generatePackets({
      packets: g.n_packets,
      seed: g.seed,
      switchEvery: g.switch_every,
      offProb: g.off_prob,
      toggleErrors: g.toggle_errors,
      firstIndex: g.first_index,
      drop: g.drop,
      badType: g.bad_type,
      badStatus: g.bad_status,
      vRangePackets: g.v_range_packets,
    });
  }
}

function run(s: Scenario): { buffer: DownsamplingStreamBuffer; updates: StatisticsUpdate[] } {
  const buffer = new DownsamplingStreamBuffer(s.duration, s.reductions, s.input_sampling_frequency, s.output_sampling_frequency);
  if (s.suppress_mode !== buffer.suppressMode) buffer.suppressMode = s.suppress_mode;
  const c = s.calibration;
  buffer.calibrationSet(c.current_offset, c.current_gain, c.voltage_offset, c.voltage_gain);
  const updates: StatisticsUpdate[] = [];
  buffer.callback = (u) => updates.push(u);
  const packets = packetsOf(s);
  for (let at = 0; at < packets.length; at += s.chunk_bytes) {
    buffer.insert(packets.subarray(at, Math.min(at + s.chunk_bytes, packets.length)));
    buffer.process();
  }
  return { buffer, updates };
}

const names = readdirSync(root).filter((n) => n.startsWith('ds_'));

it('has the downsampling scenarios', () => {
  expect(names).toEqual(expect.arrayContaining(['ds_100k', 'ds_1k']));
});

describe.each(names)('conformance %s', (name) => {
  const s = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Scenario;
  const { buffer, updates } = run(s);

  it('is a downsampling scenario', () => {
    expect(s.kind).toBe('downsampling');
  });

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

  it('calls back from the inner full-rate buffer with the reference values', () => {
    expect(updates.length).toBe(s.callback_count);
    s.callbacks.forEach((want, n) => {
      const u = updates[n];
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
      const what = `statisticsGet(${String(q.start)}, ${String(q.stop)})`;
      expect(r.range, `${what} range`).toEqual(q.range);
      q.stats.forEach((rec, f) => expectRecord(r.stats, 0, f, rec, `${what} ${FIELDS[f]}`));
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
        const exact = f === 'current_range' || f === 'current_lsb' || f === 'voltage_lsb';
        for (let k = 0; k < want.length; k++) {
          if (exact) expect(got[k], `${f}[${String(k)}]`).toBe(want[k]);
          else near(got[k], want[k], 1e-6, `${f}[${String(k)}]`);
        }
        expect(Array.from(buffer.samplesGet(q.start, q.stop, f) as ArrayLike<number>)).toEqual(got);
      }
    }
  });
});
