import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { JlsReader, bytesSource } from '@joulescope/jls';
import { StatsArray } from '@joulescope/stats';
import { DEFAULT_SETTINGS, type RecordingResult, type ViewReply, type WorkerMessage } from '../src/protocol';
import { openDevice } from '../src/worker/device-source';
import { Engine } from '../src/worker/engine';
import { createJlsRecorder } from '../src/worker/recorder';
import { openRecording } from '../src/worker/recording-source';
import type { Source } from '../src/worker/source';
import { FIXTURE_SAMPLES, fixtureCurrent, fixtureExpected, fixtureVoltage } from '../e2e/jls-fixture';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const opened: Source[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

/** The engine over the emulated JS110 streaming as fast as it is read, and a way to call it. */
function harness() {
  const posted: WorkerMessage[] = [];
  const sources: Source[] = [];
  const engine = new Engine((message) => posted.push(message), {
    openSource: async (spec, settings) => {
      const s = spec.kind === 'recording' ? await openRecording(spec.file, spec.name) : await openDevice('emulated', settings, { pacing: 'fast' });
      sources.push(s);
      return s;
    },
    createRecorder: (name, source) => createJlsRecorder(name, source),
    now: () => performance.now(),
  });
  let id = 0;
  const call = async <T>(method: string, args: object): Promise<T> => {
    const myId = ++id;
    await engine.receive({ kind: 'call', id: myId, method, args });
    const reply = posted.find((m) => m.kind === 'reply' && m.id === myId);
    if (reply?.kind !== 'reply') throw new Error('no reply');
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value as T;
  };
  return { engine, call, sources };
}

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

async function streamUntil(source: Source, samples: number): Promise<void> {
  const t0 = performance.now();
  while (source.held()[1] < samples && performance.now() - t0 < 30_000) await sleep(10);
}

describe('the worker on the emulated JS110 (the joulescope Device API)', () => {
  it('answers views whose rows are the exact statistics of their samples', async () => {
    const h = harness();
    engines.push(h.engine);
    const info = await h.call<{ samplingFrequency: number; calibrated: boolean }>('open', { source: { kind: 'emulated' }, settings: { ...DEFAULT_SETTINGS, bufferDuration: 5 } });
    expect(info).toMatchObject({ samplingFrequency: 2e6, calibrated: true });
    await h.call('start', {});
    await streamUntil(h.sources[0], 3_000_000);
    await h.call('stop', {});
    const [first, last] = h.sources[0].held();
    expect(last).toBeGreaterThanOrEqual(3_000_000);
    expect(h.engine.status()).toMatchObject({ streaming: false, missing: 0, skips: 0, held: [first, last] });
    expect(h.engine.status()?.charge).toBeGreaterThan(0);

    const v = await h.call<ViewReply>('view', { follow: true, start: 0, stop: 2_000_000, pixels: 997, markers: [last - 1_500_000, last - 1_000_000], recycle: null });
    expect(v.stop).toBeLessThanOrEqual(last);
    expect(v.increment % 200).toBe(0);
    const rows = new StatsArray(v.rows.rows, v.rows.buffer);
    for (const r of [0, 1, 250, v.rows.rows - 1]) {
      const a = v.start + r * v.increment;
      const exact = await h.call<{ stats: { rows: number; buffer: ArrayBuffer }; range: [number, number] }>('statistics', { start: a, stop: a + v.increment });
      const s = new StatsArray(1, exact.stats.buffer);
      for (let f = 0; f < 3; f++) {
        expect(rows.mean[r * 6 + f]).toBe(s.mean[f]);
        expect(rows.min[r * 6 + f]).toBe(s.min[f]);
        expect(rows.max[r * 6 + f]).toBe(s.max[f]);
      }
    }
    // The emulated firmware: 6 µA sleep, 8 and 32 mA bursts every 100 ms, 3.3 V.
    const w = new StatsArray(1, v.window.buffer);
    expect(v.windowRange).toEqual([last - 2_000_000, last]);
    expect(w.mean[0]).toBeGreaterThan(2e-4);
    expect(w.mean[0]).toBeLessThan(5e-3);
    expect(w.max[0]).toBeGreaterThan(0.02);
    expect(w.mean[1]).toBeCloseTo(3.3, 1);
    const m = new StatsArray(1, (v.markers as { buffer: ArrayBuffer }).buffer);
    expect(v.markerRange).toEqual([last - 1_500_000, last - 1_000_000]);
    expect(m.count[0]).toBe(500_000);
  }, 60_000);

  it('records a .jls file holding exactly the streamed samples', async () => {
    const h = harness();
    engines.push(h.engine);
    await h.call('open', { source: { kind: 'emulated' }, settings: { ...DEFAULT_SETTINGS, bufferDuration: 5 } });
    await h.call('start', {});
    await streamUntil(h.sources[0], 200_000);
    await h.call('recordStart', { name: 'test.jls' });
    const from = h.sources[0].held()[1];
    await streamUntil(h.sources[0], from + 1_000_000);
    const result = await h.call<RecordingResult>('recordStop', {});
    await h.call('stop', {});
    expect(result.name).toBe('test.jls');
    expect(result.store).toBe('memory'); // Node has no OPFS
    expect(result.samples).toBeGreaterThanOrEqual(1_000_000);
    const reader = await JlsReader.open(bytesSource(new Uint8Array(await result.file.arrayBuffer())));
    try {
      expect(reader.sources.find((s) => s.sourceId === 1)).toMatchObject({ name: 'JS110-EMU001', vendor: 'Jetperch LLC', model: 'JS110', serialNumber: 'EMU001' });
      const names = reader.signals.filter((s) => s.signalType === 'fsr').map((s) => [s.name, s.dataType, s.units, s.sampleRate, s.length]);
      const n = result.samples;
      expect(names).toEqual([
        ['current', 'f32', 'A', 2e6, n],
        ['voltage', 'f32', 'V', 2e6, n],
        ['power', 'f32', 'W', 2e6, n],
        ['current_range', 'u8', '', 2e6, n],
        ['gpi[0]', 'u1', '', 2e6, n],
        ['gpi[1]', 'u1', '', 2e6, n],
      ]);
      const current = (await reader.fsr(1, 0, n)) as Float32Array;
      const stats = new StatsArray(1);
      expect(await h.sources[0].statisticsGet(result.start, result.start + n, stats)).toEqual([result.start, result.start + n]);
      let sum = 0;
      let k = 0;
      for (const x of current) {
        if (Number.isFinite(x)) {
          sum += x;
          k++;
        }
      }
      expect(k).toBe(stats.count[0]);
      expect(sum / k).toBeCloseTo(stats.mean[0], 12);
      expect((await reader.utc(1)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await reader.close();
    }
  }, 60_000);
});

describe('device settings', () => {
  it('refuses a bad buffer duration before opening anything, and after', async () => {
    await expect(openDevice('emulated', { ...DEFAULT_SETTINGS, bufferDuration: 0 })).rejects.toThrow(RangeError);
    const source = await openDevice('emulated', { ...DEFAULT_SETTINGS, bufferDuration: 5 }, { pacing: 'fast' });
    opened.push(source);
    await expect(source.configure({ bufferDuration: 1e6 })).rejects.toThrow('buffer duration must be 1 to 600 seconds, got 1000000');
    expect(source.capacity()).toBe(10_000_000);
    await source.configure({ bufferDuration: 10, currentRange: '18 mA', voltageRange: '5V', glitchFilter: 'off' });
    expect(source.capacity()).toBe(20_000_000);
  });
});

describe('a recording as a source', () => {
  it('shows the fixture written by pyjls: its length, rows and exact means', async () => {
    const bytes = readFileSync(new URL('../e2e/fixtures/pyjls_small.jls', import.meta.url));
    const source = await openRecording(new Blob([bytes]), 'pyjls_small.jls');
    try {
      expect(source.info).toMatchObject({ kind: 'recording', samplingFrequency: 2e6, live: false, calibrated: true });
      expect(source.held()).toEqual([0, FIXTURE_SAMPLES]);
      const all = new StatsArray(1);
      expect(await source.statisticsGet(-5, 1e9, all)).toEqual([0, FIXTURE_SAMPLES]);
      const expected = fixtureExpected();
      expect(Math.abs(all.mean[0] - expected.current)).toBeLessThan(1e-9);
      expect(Math.abs(all.mean[1] - expected.voltage)).toBeLessThan(1e-6);
      // Single samples: the formulas, a gap at the missing sample 123, empty rows outside the file.
      const rows = new StatsArray(10);
      await source.dataGet(118, 1, 10, rows);
      for (let r = 0; r < 10; r++) {
        const k = 118 + r;
        if (k === 123) expect(rows.count[r * 6]).toBe(0);
        else {
          expect(rows.mean[r * 6]).toBe(fixtureCurrent(k));
          expect(rows.mean[r * 6 + 1]).toBe(fixtureVoltage(k));
        }
      }
      await source.dataGet(FIXTURE_SAMPLES - 3, 1, 10, rows);
      expect([...rows.count.filter((_, i) => i % 6 === 0)]).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
      expect(source.counters().charge).toBeCloseTo(all.mean[0] * 0.1, 15);
      await expect(source.start()).rejects.toThrow(/does not stream/);
      await expect(source.configure({ currentRange: '2 A' })).rejects.toThrow(/no device settings/);
      await expect(createJlsRecorder('again.jls', source)).rejects.toThrow('pyjls_small.jls cannot be recorded');
    } finally {
      await source.close();
    }
  });

  it('refuses a file that is not JLS with the reader’s error', async () => {
    await expect(openRecording(new Blob([new Uint8Array(64)]), 'zeros.jls')).rejects.toMatchObject({ name: 'JlsError' });
  });
});
