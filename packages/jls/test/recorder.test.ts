// Js110Recorder writes what the Joulescope UI writes for a JS110 recording.
import { describe, expect, it } from 'vitest';
import { JlsReader, Js110Recorder, MemorySink, TIME64_SECOND, time64FromUnixMs } from '../src/index';
import { mismatch } from './_fixture';

function block(sampleId: number, n: number, time64?: bigint) {
  const current = Float32Array.from({ length: n }, (_, i) => ((sampleId + i) % 1000) * 1e-6);
  const voltage = new Float32Array(n).fill(3.3);
  const power = Float32Array.from(current, (c, i) => Math.fround(c * voltage[i]));
  const currentRange = Uint8Array.from({ length: n }, (_, i) => ((sampleId + i) >> 12) % 7);
  const gpi0 = Uint8Array.from({ length: n }, (_, i) => ((sampleId + i) >> 8) & 1);
  const gpi1 = new Uint8Array(n);
  return { sampleId, time64, current, voltage, power, currentRange, gpi0, gpi1 };
}

describe('Js110Recorder', () => {
  it('source, signals, notes, samples and UTC entries as the UI writes them', async () => {
    const sink = new MemorySink();
    const rec = await Js110Recorder.open(sink, { serialNumber: '000415', hardware: 'H', firmware: '1.3.4', fpga: '1.3.2', notes: 'bench run 4' });
    const t0 = time64FromUnixMs(Date.UTC(2026, 0, 2, 3, 4, 5));
    const n = 50_000;
    const first = 123_456_000;
    // 25 minutes of UTC in 30 blocks: UTC entries at the first block, every 10 minutes, and at close.
    for (let b = 0; b < 30; b++) await rec.write(block(first + b * n, n, t0 + BigInt(b) * 60n * TIME64_SECOND));
    const current = rec.signalId('current');
    await rec.writer.annotation(current, first + 10, NaN, 'text', 0, 'hello');
    await rec.close();

    const r = await JlsReader.open(sink.bytes());
    expect(r.warnings).toEqual([]);
    expect(r.sources[1]).toEqual({
      sourceId: 1,
      name: 'JS110-000415',
      vendor: 'Jetperch LLC',
      model: 'JS110',
      version: '{"hw": "H", "fw": "1.3.4", "fpga": "1.3.2"}',
      serialNumber: '000415',
    });
    expect(r.signals.slice(1).map((s) => [s.signalId, s.sourceId, s.name, s.units, s.dataType, s.sampleRate, s.length, s.sampleIdOffset])).toEqual([
      [1, 1, 'current', 'A', 'f32', 2_000_000, 30 * n, first],
      [2, 1, 'voltage', 'V', 'f32', 2_000_000, 30 * n, first],
      [3, 1, 'power', 'W', 'f32', 2_000_000, 30 * n, first],
      [4, 1, 'current_range', '', 'u8', 2_000_000, 30 * n, first],
      [5, 1, 'gpi[0]', '', 'u1', 2_000_000, 30 * n, first],
      [6, 1, 'gpi[1]', '', 'u1', 2_000_000, 30 * n, first],
    ]);
    expect(await r.userData()).toEqual([{ chunkMeta: 0, storage: 'string', data: 'bench run 4' }]);
    const want = block(first, 30 * n);
    expect(mismatch(await r.fsr(1, 0, 30 * n), want.current)).toBe(-1);
    expect(mismatch(await r.fsr(4, 0, 30 * n), want.currentRange)).toBe(-1);
    expect(mismatch(await r.fsr(5, 0, 30 * n), want.gpi0)).toBe(-1);
    const lastTime = t0 + 29n * 60n * TIME64_SECOND + ((BigInt(n - 1) * TIME64_SECOND) / 2_000_000n);
    for (let id = 1; id <= 6; id++) {
      const utc = await r.utc(id);
      expect(utc.map((u) => u.sampleId)).toEqual([0, 10 * n, 20 * n, 30 * n - 1]);
      expect(utc.slice(0, 3).map((u) => u.time64)).toEqual([t0, t0 + 600n * TIME64_SECOND, t0 + 1200n * TIME64_SECOND]);
      expect(Number(utc[3].time64 - lastTime)).toBeLessThan(2);
    }
    expect((await r.annotations(1)).map((a) => [a.sampleId, a.data])).toEqual([[10, 'hello']]);
  });

  it('a subset of signals, a decimated rate, and the clock when blocks carry no time', async () => {
    const sink = new MemorySink();
    const rec = await Js110Recorder.open(sink, { serialNumber: '7', sampleRate: 1000, signals: ['voltage', 'gpi[1]'] });
    expect(rec.signalId('gpi[1]')).toBe(2);
    expect(() => rec.signalId('current')).toThrow(RangeError);
    const before = time64FromUnixMs(Date.now());
    const b = block(0, 500);
    await rec.write({ sampleId: 0, voltage: b.voltage, gpi1: b.gpi1 });
    await rec.close();
    const r = await JlsReader.open(sink.bytes());
    expect(r.signals.slice(1).map((s) => [s.name, s.sampleRate])).toEqual([
      ['voltage', 1000],
      ['gpi[1]', 1000],
    ]);
    const [u0] = await r.utc(1);
    // The first sample happened one block (0.5 s) before the call.
    expect(Math.abs(Number(u0.time64 - (before - TIME64_SECOND / 2n)) / Number(TIME64_SECOND))).toBeLessThan(1);
  });

  it('refuses bad blocks whole, before writing anything', async () => {
    const sink = new MemorySink();
    const rec = await Js110Recorder.open(sink, { serialNumber: '1' });
    const good = block(0, 100);
    await expect(rec.write({ ...good, power: undefined })).rejects.toThrow(/block.power must be a Float32Array/);
    await expect(rec.write({ ...good, gpi0: new Uint8Array(99) })).rejects.toThrow(/holds 99 samples/);
    await expect(rec.write({ ...good, gpi0: new Uint8Array(100).fill(2) })).rejects.toThrow(/0 or 1/);
    await expect(rec.write({ ...good, sampleId: -1 })).rejects.toThrow(RangeError);
    await expect(rec.write({ ...good, time64: 5 as unknown as bigint })).rejects.toThrow(/time64/);
    await rec.write(good);
    await expect(rec.write(block(100 + 3600 * 2_000_000 + 1, 10))).rejects.toThrow(/gap/);
    await rec.close();
    const r = await JlsReader.open(sink.bytes());
    expect(r.signals.slice(1).every((s) => s.length === 100)).toBe(true);
    expect((await r.utc(1)).length).toBe(2);
    await expect(Js110Recorder.open(new MemorySink(), { serialNumber: '1', signals: ['current', 'current'] })).rejects.toThrow(RangeError);
    await expect(Js110Recorder.open(new MemorySink(), { serialNumber: '1', signals: ['amps' as 'current'] })).rejects.toThrow(RangeError);
    await expect(Js110Recorder.open(new MemorySink(), { serialNumber: '1', utcIntervalSeconds: 0 })).rejects.toThrow(RangeError);
  });
});
