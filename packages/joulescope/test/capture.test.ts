// capture(): every sample once and in order, exactly the duration, to CSV, raw or any writer.
import { describe, expect, it } from 'vitest';
import { capture, csvWriter, rawWriter, type ByteOutput, type CaptureWriter, type SampleChunk } from '../src/index';
import { openEmulated } from './_emulated';

function collect(): CaptureWriter & { chunks: SampleChunk[]; closed: number } {
  const w = {
    chunks: [] as SampleChunk[],
    closed: 0,
    write(chunk: SampleChunk) {
      w.chunks.push(chunk);
    },
    close() {
      w.closed++;
    },
  };
  return w;
}

function memoryOutput(): ByteOutput & { bytes: () => Uint8Array; closed: boolean } {
  const parts: Uint8Array[] = [];
  const out = {
    closed: false,
    write: (b: Uint8Array) => void parts.push(b.slice()),
    close: () => void (out.closed = true),
    bytes: () => {
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return all;
    },
  };
  return out;
}

describe('capture', () => {
  it('hands out exactly duration × rate samples, in order, each once, with a summary of them', async () => {
    const { device } = await openEmulated();
    try {
      const writer = collect();
      const progress: number[] = [];
      const summary = await capture(device, { duration: 0.25, writer, onProgress: (n) => progress.push(n) });
      expect(summary).toMatchObject({ samples: 500_000, missing: 0, samplingFrequency: 2e6, calibrated: true });
      expect(summary.stop.reason).toBe('duration');
      expect(writer.closed).toBe(1);
      let next = 0;
      let sumI = 0;
      let sumP = 0;
      for (const c of writer.chunks) {
        expect(c.start).toBe(next);
        expect(c.current.length).toBe(c.length);
        expect(c.bits?.length).toBe(c.length);
        next += c.length;
        for (let k = 0; k < c.length; k++) {
          sumI += c.current[k];
          sumP += c.power[k];
        }
      }
      expect(next).toBe(500_000);
      expect(progress[progress.length - 1]).toBe(500_000);
      expect(summary.meanCurrent).toBeCloseTo(sumI / 500_000, 15);
      expect(summary.meanPower).toBeCloseTo(sumP / 500_000, 15);
      expect(summary.charge).toBeCloseTo(sumI / 2e6, 15);
      expect(summary.energy).toBeCloseTo(sumP / 2e6, 15);
      // The same samples are still in the buffer.
      const last = writer.chunks[writer.chunks.length - 1];
      const held = device.streamBuffer.samplesGet(last.start, last.start + last.length, 'current');
      expect(held.length).toBe(last.length);
      expect(held.every((v, k) => Object.is(v, last.current[k]))).toBe(true);
    } finally {
      await device.close();
    }
  });

  it('writes CSV rows and raw words', async () => {
    const { device } = await openEmulated();
    try {
      const csv = memoryOutput();
      await capture(device, { duration: 0.01, writer: csvWriter(csv, { samplingFrequency: 2e6, calibrated: true }) });
      const lines = new TextDecoder().decode(csv.bytes()).split('\n');
      expect(lines[0]).toBe('time (s),current (A),voltage (V),power (W),current_range,current_lsb,voltage_lsb');
      expect(lines.length).toBe(1 + 20_000 + 1); // header, rows, and the empty string after the last newline
      expect(lines[1]).toMatch(/^0\.0000000,[-0-9.e]+,3\.[0-9]+,[-0-9.e]+,\d,[01],[01]$/);
      expect(lines[20_000]).toMatch(/^0\.0099995,/);
      expect(csv.closed).toBe(true);
      const raw = memoryOutput();
      const s = await capture(device, { duration: 0.01, writer: rawWriter(raw) });
      expect(raw.bytes().length).toBe(4 * s.samples);
      expect(s.samples).toBe(20_000);
    } finally {
      await device.close();
    }
  });

  it('an aborted capture keeps what it wrote and closes the writer', async () => {
    const { device } = await openEmulated();
    try {
      const writer = collect();
      const controller = new AbortController();
      const summary = await capture(device, {
        duration: 1.5,
        writer,
        signal: controller.signal,
        onProgress: (n) => {
          if (n > 200_000) controller.abort();
        },
      });
      expect(summary.stop.reason).toBe('host');
      expect(summary.samples).toBeGreaterThan(200_000);
      expect(summary.samples).toBeLessThan(3_000_000);
      expect(writer.chunks.reduce((n, c) => n + c.length, 0)).toBe(summary.samples);
      expect(writer.closed).toBe(1);
      const early = new AbortController();
      early.abort();
      const none = await capture(device, { duration: 1, writer: collect(), signal: early.signal });
      expect(none.samples).toBe(0);
    } finally {
      await device.close();
    }
  });

  it('waits for a slow asynchronous writer, and reports a failing one after closing it', async () => {
    const { device } = await openEmulated();
    try {
      let written = 0;
      const slow: CaptureWriter = {
        write: async (c) => {
          await new Promise((r) => setTimeout(r, 1));
          written += c.length;
        },
        close: () => undefined,
      };
      const s = await capture(device, { duration: 0.1, writer: slow });
      expect(written).toBe(s.samples);
      let closed = false;
      const failing: CaptureWriter = {
        write: () => {
          throw new Error('disk full');
        },
        close: () => void (closed = true),
      };
      await expect(capture(device, { duration: 0.5, writer: failing })).rejects.toThrow('disk full');
      expect(closed).toBe(true);
      expect(device.isStreaming).toBe(false);
      const rejecting: CaptureWriter = { write: () => Promise.reject(new Error('gone')), close: () => undefined };
      await expect(capture(device, { duration: 0.5, writer: rejecting })).rejects.toThrow('gone');
    } finally {
      await device.close();
    }
  });

  it('captures downsampled samples with their averaged bit fields; raw needs 2 MHz', async () => {
    const { device } = await openEmulated();
    try {
      await device.parameterSet('sampling_frequency', 10_000);
      const writer = collect();
      const s = await capture(device, { duration: 0.1, writer });
      expect(s.samples).toBe(1000);
      expect(writer.chunks[0].bits).toBeNull();
      expect(writer.chunks[0].averaged?.currentRange.length).toBe(writer.chunks[0].length);
      await expect(capture(device, { duration: 0.1, writer: rawWriter(memoryOutput()) })).rejects.toThrow(/only at 2 MHz/);
    } finally {
      await device.close();
    }
  });

  it('checks its options', async () => {
    const { device } = await openEmulated();
    try {
      await expect(capture(device, null as unknown as { writer: CaptureWriter })).rejects.toBeInstanceOf(TypeError);
      await expect(capture(device, { writer: {} as CaptureWriter })).rejects.toBeInstanceOf(TypeError);
      await expect(capture(device, { writer: collect(), duration: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(capture(device, { writer: collect(), onProgress: 1 as unknown as () => void })).rejects.toBeInstanceOf(TypeError);
      await expect(capture(device, { writer: collect(), signal: {} as AbortSignal })).rejects.toBeInstanceOf(TypeError);
      expect(device.isStreaming).toBe(false);
    } finally {
      await device.close();
    }
  });
});
