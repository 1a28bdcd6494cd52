// The reader against what pyjls's reader returned for the closed fixture (expected.json), with
// this project's NaN rule where pyjls's statistics are NaN.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JlsReader, blobSource, bytesSource } from '../src/index';
import { EXPECTED, FIXTURES, LENGTH, SIGNALS, SMALL, T0, T1, nums } from './_fixture';

let r: JlsReader;
beforeAll(async () => {
  r = await JlsReader.open(SMALL);
});

/** Exact [mean, std (n - 1), min, max] of the finite values. */
function exact(values: ArrayLike<number>): number[] {
  const x = Array.from(values).filter(Number.isFinite);
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const v = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);
  return [mean, Math.sqrt(v), Math.min(...x), Math.max(...x)];
}

describe('pyjls_small.jls', () => {
  it('opens clean: not recovered, no warnings', () => {
    expect(r.recovered).toBe(false);
    expect(r.warnings).toEqual([]);
  });

  it('sources', () => {
    expect(r.sources).toEqual(
      EXPECTED.small.sources.map((s) => ({
        sourceId: s.source_id,
        name: s.name,
        vendor: s.vendor,
        model: s.model,
        version: s.version,
        serialNumber: s.serial_number,
      })),
    );
  });

  it('signals, with length and sample_id_offset', () => {
    const got = r.signals.map((s) => ({
      signal_id: s.signalId,
      source_id: s.sourceId,
      signal_type: s.signalType === 'fsr' ? 0 : 1,
      data_type: s.dataTypeCode,
      sample_rate: s.sampleRate,
      name: s.name,
      units: s.units,
      samples_per_data: s.samplesPerData,
      sample_decimate_factor: s.sampleDecimateFactor,
      entries_per_summary: s.entriesPerSummary,
      summary_decimate_factor: s.summaryDecimateFactor,
      sample_id_offset: s.sampleIdOffset,
      length: s.length,
    }));
    expect(got).toEqual(EXPECTED.small.signals);
    expect(r.signals.map((s) => s.dataType)).toEqual(['f32', 'f32', 'f32', 'f32', 'u8', 'u1', 'u1']);
    expect(r.signals.every((s) => s.annotationDecimateFactor === 100 && s.utcDecimateFactor === 100)).toBe(true);
  });

  it('every sample window of expected.json', async () => {
    for (const [key, want] of Object.entries(EXPECTED.small.samples)) {
      const [name, start] = key.split('@');
      const s = r.signals.find((x) => x.name === name);
      if (s === undefined) throw new Error(`no signal ${name}`);
      const got = nums(await r.fsr(s.signalId, Number(start), want.length));
      const expected = want.map((x) => (x === null ? NaN : x));
      if (key === 'gpi[0]@199991') {
        // pyjls reads the very last u1 sample (199 999) of this unaligned window as 0; the file
        // holds 1 there (the last data byte is 0xFF), as the fixture's formula says.
        expect(got.slice(0, 8)).toEqual(expected.slice(0, 8));
        expect(expected[8]).toBe(0);
        expect(got[8]).toBe(1);
      } else {
        expect(got, key).toEqual(expected);
      }
    }
  });

  it('every sample of every signal follows the fixture formula, read whole and in odd pieces', async () => {
    for (const s of SIGNALS) {
      const all = await r.fsr(s.signalId, 0, LENGTH);
      expect(all.length).toBe(LENGTH);
      for (let k = 0; k < LENGTH; k++) {
        const want = s.f(k);
        if (!(Number.isNaN(want) ? Number.isNaN(all[k]) : all[k] === want)) throw new Error(`${s.name}[${k}] = ${all[k]}, want ${want}`);
      }
      for (const [start, n] of [[1, 7], [8191, 3], [65535, 2], [199_993, 7], [3, 70_000]]) {
        expect(nums(await r.fsr(s.signalId, start, n)), `${s.name}@${start}`).toEqual(nums(all.subarray(start, start + n)));
      }
    }
  });

  it('statistics: pyjls exactly where it is finite, the finite samples where it says NaN', async () => {
    for (const st of EXPECTED.small.statistics) {
      const got = await r.fsrStatistics(st.signal_id, st.start, st.increment, st.length);
      if (st.rows !== undefined) {
        expect(Array.from(got)).toEqual(st.rows.flat());
        continue;
      }
      const samples = await r.fsr(st.signal_id, st.start, st.increment);
      if (st.mean === null) {
        const [mean, std, min, max] = exact(nums(samples));
        expect(got[0]).toBeCloseTo(mean, 15);
        expect(got[1] / std).toBeCloseTo(1, 12);
        expect([got[2], got[3]]).toEqual([min, max]);
        expect([got[2], got[3]]).toEqual([st.min, st.max]);
      } else {
        expect(Array.from(got)).toEqual([st.mean, st.std, st.min, st.max]);
      }
    }
  });

  it('annotations', async () => {
    const got = await r.annotations(1);
    expect(
      got.map((a) => ({
        timestamp: a.sampleId,
        y: Number.isNaN(a.y) ? null : a.y,
        type: ['user', 'text', 'vmarker', 'hmarker'].indexOf(a.type),
        group_id: a.groupId,
        data: a.data,
      })),
    ).toEqual(EXPECTED.small.annotations);
    expect(got.every((a) => a.storage === 'string')).toBe(true);
    for (const s of SIGNALS.slice(1)) expect(await r.annotations(s.signalId)).toEqual([]);
  });

  it('UTC entries (read exactly, as bigints)', async () => {
    const text = readFileSync(join(FIXTURES, 'expected.json'), 'utf8');
    const m = /"utc": \[\s*\[\s*0,\s*(\d+)\s*\],\s*\[\s*199999,\s*(\d+)\s*\]\s*\]/.exec(text);
    expect(m).not.toBeNull();
    const want = [
      { sampleId: 0, time64: BigInt(m?.[1] ?? '') },
      { sampleId: LENGTH - 1, time64: BigInt(m?.[2] ?? '') },
    ];
    expect(want.map((e) => e.time64)).toEqual([T0, T1]);
    for (const s of SIGNALS) expect(await r.utc(s.signalId)).toEqual(want);
  });

  it('user data: string, JSON and binary', async () => {
    const got = await r.userData();
    expect(got.map((u) => ({ chunk_meta: u.chunkMeta, data: u.data instanceof Uint8Array ? Array.from(u.data) : u.data }))).toEqual(
      EXPECTED.small.user_data,
    );
    expect(got.map((u) => u.storage)).toEqual(['string', 'json', 'binary']);
  });

  it('the time map follows the UTC entries', async () => {
    expect(await r.sampleIdToTime64(1, 0)).toBe(T0);
    expect(await r.sampleIdToTime64(1, LENGTH - 1)).toBe(T1);
    expect(await r.time64ToSampleId(1, T1)).toBe(LENGTH - 1);
    const mid = await r.sampleIdToTime64(1, 100_000);
    expect(Number((mid as bigint) - T0) / 2 ** 30).toBeCloseTo(0.05, 6);
  });

  it('reads the same from a Blob and from bytes', async () => {
    const bytes = readFileSync(SMALL);
    for (const source of [blobSource(new Blob([bytes])), bytesSource(bytes), new Blob([bytes]), new Uint8Array(bytes)]) {
      const b = await JlsReader.open(source);
      expect(b.signals).toEqual(r.signals);
      expect(nums(await b.fsr(3, 12_345, 100))).toEqual(nums(await r.fsr(3, 12_345, 100)));
      expect(Array.from(await b.fsrStatistics(2, 0, 2000, 100))).toEqual(Array.from(await r.fsrStatistics(2, 0, 2000, 100)));
      await b.close();
    }
  });
});

describe('reader misuse: RangeError / TypeError / closed, and the reader stays usable', () => {
  it('refuses bad requests with what is allowed', async () => {
    const x = await JlsReader.open(SMALL);
    const cases: Array<[() => unknown, ErrorConstructor, RegExp]> = [
      [() => x.fsr(9, 0, 1), RangeError, /no signal 9 \(signals: 0, 1, 2, 3, 4, 5, 6\)/],
      [() => x.fsr(0, 0, 1), RangeError, /VSR/],
      [() => x.annotations(0), RangeError, /annotations/],
      [() => x.fsr(1, 0, LENGTH + 1), RangeError, /holds 200000 samples/],
      [() => x.fsr(1, -1, 1), RangeError, /start/],
      [() => x.fsr(1, 0.5, 1), RangeError, /start/],
      [() => x.fsr(1, '0' as unknown as number, 1), TypeError, /start must be a number/],
      [() => x.fsrStatistics(1, 0, 0, 1), RangeError, /increment/],
      [() => x.fsrStatistics(1, 0, 1000, 201), RangeError, /reach 201000/],
      [() => x.sampleIdToTime64(1, 0.5), RangeError, /sampleId/],
      [() => x.time64ToSampleId(1, 5 as unknown as bigint), TypeError, /bigint/],
      [() => x.signal(300), RangeError, /no signal 300/],
      [() => x.signal(5000), RangeError, /signalId/],
    ];
    for (const [call, type, message] of cases) {
      let e: unknown;
      try {
        await call();
      } catch (err) {
        e = err;
      }
      expect(e, String(message)).toBeInstanceOf(type);
      expect((e as Error).message).toMatch(message);
    }
    expect((await x.fsr(1, 0, 0)).length).toBe(0);
    expect((await x.fsrStatistics(1, 0, 10, 0)).length).toBe(0);
    expect(nums(await x.fsr(2, 0, 3))).toEqual(nums(await r.fsr(2, 0, 3)));
    await x.close();
    for (const call of [() => x.fsr(1, 0, 1), () => x.userData(), () => x.close(), () => x.signal(1)]) {
      let e: unknown;
      try {
        await call();
      } catch (err) {
        e = err;
      }
      expect(e).toMatchObject({ name: 'JlsError', code: 'closed' });
    }
  });
});
