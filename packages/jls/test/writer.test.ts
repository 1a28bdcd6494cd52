// The writer's contract: argument checks that change nothing, sizing as the C library rounds
// it, overlapping calls, sink failures, and closed writers.
import { describe, expect, it } from 'vitest';
import { JlsError, JlsReader, JlsWriter, MemorySink, type JlsSink } from '../src/index';
import { nums } from './_fixture';

async function opened(): Promise<{ w: JlsWriter; sink: MemorySink }> {
  const sink = new MemorySink();
  const w = await JlsWriter.open(sink);
  await w.sourceDef({ sourceId: 1, name: 'src' });
  await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 1000, name: 'current', units: 'A' });
  await w.signalDef({ signalId: 2, sourceId: 1, dataType: 'u1', sampleRate: 1000, name: 'gpi[0]' });
  return { w, sink };
}

describe('bad input: a clear error, and nothing changes', () => {
  it('rejects bad calls, then writes a file identical to one without them', async () => {
    const a = await opened();
    const b = await opened();
    const bad: Array<[() => Promise<unknown>, ErrorConstructor, RegExp]> = [
      [() => a.w.sourceDef({ sourceId: 1, name: 'again' }), RangeError, /already defined/],
      [() => a.w.sourceDef({ sourceId: 0, name: 'zero' }), RangeError, /sourceId/],
      [() => a.w.sourceDef({ sourceId: 2, name: 'nul\u0000' }), RangeError, /NUL/],
      [() => a.w.sourceDef({ sourceId: 2, name: 5 as unknown as string }), TypeError, /must be a string/],
      [() => a.w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 1, name: 'x' }), RangeError, /already defined/],
      [() => a.w.signalDef({ signalId: 3, sourceId: 9, dataType: 'f32', sampleRate: 1, name: 'x' }), RangeError, /not defined yet/],
      [() => a.w.signalDef({ signalId: 3, sourceId: 1, dataType: 'f16' as 'f32', sampleRate: 1, name: 'x' }), RangeError, /dataType must be one of/],
      [() => a.w.signalDef({ signalId: 3, sourceId: 1, dataType: 'f32', sampleRate: 0, name: 'x' }), RangeError, /sampleRate/],
      [() => a.w.signalDef({ signalId: 3, sourceId: 1, dataType: 'f32', sampleRate: 1.5, name: 'x' }), RangeError, /sampleRate/],
      [() => a.w.signalDef({ signalId: 3, sourceId: 1, signalType: 'vsr' as 'fsr', dataType: 'f32', sampleRate: 1, name: 'x' }), RangeError, /signalType/],
      [() => a.w.signalDef({ signalId: 256, sourceId: 1, dataType: 'f32', sampleRate: 1, name: 'x' }), RangeError, /signalId/],
      [() => a.w.signalDef({ signalId: 3, sourceId: 1, dataType: 'f32', sampleRate: 1, name: 'x', samplesPerData: 1 << 25 }), RangeError, /samplesPerData/],
      [() => a.w.fsr(3, 0, new Float32Array(1)), RangeError, /signal 3 is not defined/],
      [() => a.w.fsr(0, 0, new Float32Array(1)), RangeError, /reserved/],
      [() => a.w.fsr(1, -1, new Float32Array(1)), RangeError, /sampleId/],
      [() => a.w.fsr(1, 0.5, new Float32Array(1)), RangeError, /sampleId/],
      [() => a.w.fsr(1, 0, 'abc' as unknown as Float32Array), TypeError, /typed array/],
      [() => a.w.fsr(1, 0, [1, 'x'] as unknown as number[]), TypeError, /sample 1/],
      [() => a.w.fsr(2, 0, new Uint8Array([0, 1, 2])), RangeError, /sample 2 of a u1 signal/],
      [() => a.w.fsr(2, 0, [0, 0.5]), RangeError, /sample 1/],
      [() => a.w.utc(1, 0, 5 as unknown as bigint), TypeError, /time64/],
      [() => a.w.utc(1, 0, 1n << 64n), TypeError, /time64/],
      [() => a.w.annotation(1, 0, NaN, 'circle' as 'text', 0, 'x'), RangeError, /annotation type/],
      [() => a.w.annotation(1, 0, NaN, 'text', 256, 'x'), RangeError, /groupId/],
      [() => a.w.annotation(1, 0, '1' as unknown as number, 'text', 0, 'x'), TypeError, /y must be a number/],
      [() => a.w.annotation(1, 0, NaN, 'text', 0, undefined as unknown as string), TypeError, /annotation data/],
      [() => a.w.annotation(1, 0, NaN, 'text', 0, new Map() as unknown as string), TypeError, /plain objects/],
      [() => a.w.userData(0x1000, 'x'), RangeError, /chunkMeta/],
      [() => a.w.userData(1, (() => 1) as unknown as string), TypeError, /cannot hold a function/],
      [() => a.w.userData(1, 10n as unknown as string), TypeError, /cannot hold a bigint/],
    ];
    for (const [call, type, message] of bad) {
      const e = await call().catch((x: unknown) => x);
      expect(e, String(message)).toBeInstanceOf(type);
      expect((e as Error).message).toMatch(message);
    }
    for (const { w } of [a, b]) {
      await w.fsr(1, 100, new Float32Array([1, 2, 3]));
      await w.utc(1, 100, 5n);
      await w.annotation(1, 101, 0.5, 'vmarker', 1, 'm');
    }
    // Order checks, now that there is an earlier entry.
    await expect(a.w.utc(1, 99, 6n)).rejects.toThrow(RangeError);
    await expect(a.w.annotation(1, 100, 0, 'text', 0, 'early')).rejects.toThrow(/sample-id order/);
    await expect(a.w.fsr(1, 103 + 3600 * 1000 + 1, new Float32Array(1))).rejects.toThrow(/gap/);
    await a.w.close();
    await b.w.close();
    expect(Buffer.compare(a.sink.bytes(), b.sink.bytes())).toBe(0);
  });

  it('a closed writer refuses every call with JlsError closed', async () => {
    const { w } = await opened();
    await w.close();
    for (const call of [
      () => w.fsr(1, 0, new Float32Array(1)),
      () => w.userData(0, 'x'),
      () => w.sourceDef({ sourceId: 2, name: 'x' }),
      () => w.flush(),
      () => w.close(),
    ]) {
      const e = await call().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(JlsError);
      expect((e as JlsError).code).toBe('closed');
    }
  });

  it('open() rejects what is not a path or a sink', async () => {
    await expect(JlsWriter.open(42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(JlsWriter.open('/nonexistent-dir/x/y.jls')).rejects.toMatchObject({ name: 'JlsError', code: 'io' });
  });
});

describe('sizing', () => {
  it('rounds as the C library: f32 1000/100/200/10 gives 1040/104/200/10; defaults per size', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 's' });
    await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 1, name: 'a', samplesPerData: 1000, sampleDecimateFactor: 100, entriesPerSummary: 200, summaryDecimateFactor: 10 });
    const defaults: Array<[string, number[]]> = [
      ['f32', [8192, 128, 640, 20]],
      ['u8', [32768, 1024, 640, 20]],
      ['u4', [65536, 1024, 1280, 20]],
      ['u1', [65536, 1024, 1280, 20]],
      ['i16', [16384, 256, 1280, 20]],
      ['f64', [8192, 128, 640, 20]],
    ];
    for (let i = 0; i < defaults.length; i++) {
      await w.signalDef({ signalId: i + 2, sourceId: 1, dataType: defaults[i][0] as 'f32', sampleRate: 1, name: defaults[i][0] });
    }
    await w.close();
    const r = await JlsReader.open(sink.bytes());
    const sizing = (id: number): number[] => {
      const s = r.signal(id);
      return [s.samplesPerData, s.sampleDecimateFactor, s.entriesPerSummary, s.summaryDecimateFactor];
    };
    expect(sizing(1)).toEqual([1040, 104, 200, 10]);
    defaults.forEach(([, want], i) => expect(sizing(i + 2)).toEqual(want));
    expect(r.signal(0)).toMatchObject({ signalType: 'vsr', samplesPerData: 16, sampleDecimateFactor: 16, entriesPerSummary: 10, summaryDecimateFactor: 10 });
  });
});

describe('calls and sinks', () => {
  it('overlapping calls (not awaited) apply in call order', async () => {
    const a = await opened();
    const b = await opened();
    const blocks = Array.from({ length: 50 }, (_, i) => Float32Array.from({ length: 3000 }, (_, k) => i * 3000 + k));
    await Promise.all(blocks.map((x, i) => a.w.fsr(1, i * 3000, x)));
    for (let i = 0; i < blocks.length; i++) await b.w.fsr(1, i * 3000, blocks[i]);
    await Promise.all([a.w.close(), b.w.close()]);
    expect(Buffer.compare(a.sink.bytes(), b.sink.bytes())).toBe(0);
  });

  it('a failing sink gives JlsError io, and later calls report it', async () => {
    let fail = false;
    const sink: JlsSink = {
      write: () => {
        if (fail) throw new Error('disk full');
      },
      close: () => {},
    };
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 's' });
    await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 1, name: 'a' });
    fail = true;
    const e = await w.flush().catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'JlsError', code: 'io' });
    expect((e as Error).message).toMatch(/disk full/);
    await expect(w.fsr(1, 0, new Float32Array(10))).rejects.toMatchObject({ code: 'io' });
    await expect(w.close()).rejects.toMatchObject({ code: 'io' });
  });

  it('a rejecting asynchronous sink is reported as well', async () => {
    const sink: JlsSink = { write: () => Promise.reject(new Error('gone')), close: () => Promise.resolve() };
    await expect(JlsWriter.open(sink)).rejects.toMatchObject({ code: 'io' });
  });

  it('flush() writes out everything but the partial chunks and calls sink.flush', async () => {
    const mem = new MemorySink();
    let flushed = 0;
    const sink: JlsSink = { write: (p, b) => mem.write(p, b), flush: () => void flushed++, close: () => {} };
    const w = await JlsWriter.open(sink);
    await w.sourceDef({ sourceId: 1, name: 's' });
    await w.signalDef({ signalId: 1, sourceId: 1, dataType: 'f32', sampleRate: 1, name: 'a' });
    await w.fsr(1, 0, new Float32Array(10_000).fill(2));
    await w.flush();
    expect(flushed).toBe(1);
    const r = await JlsReader.open(mem.bytes().slice());
    expect(r.recovered).toBe(true);
    expect(r.signal(1).length).toBe(8192);
    expect(nums(await r.fsr(1, 8000, 192))).toEqual(new Array(192).fill(2));
  });
});
