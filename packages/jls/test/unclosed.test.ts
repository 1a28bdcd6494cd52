// Unfinished recordings (a crash): opened read-only and unchanged, every complete DATA chunk
// returned, the missing summaries rebuilt in memory as the C library's repair rebuilds them.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { JlsReader, JlsWriter, MemorySink, type JlsSink } from '../src/index';
import { EXPECTED, OFFSET, SIGNALS, UNCLOSED, block, mismatch } from './_fixture';
import { chunksOf, completeSamples } from './_chunks';

const dir = mkdtempSync(join(tmpdir(), 'jls-unclosed-'));
afterAll(() => {
  try {
    chmodSync(join(dir, 'unclosed.jls'), 0o644);
  } catch {
    // not created (test filtered out)
  }
  rmSync(dir, { recursive: true, force: true });
});

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A closed file holding exactly `lengths[i]` fixture samples of signal i + 1. */
async function closedWith(lengths: readonly number[]): Promise<JlsReader> {
  const sink = new MemorySink();
  const w = await JlsWriter.open(sink);
  await w.sourceDef({ sourceId: 1, name: 'JS110-000415' });
  for (const s of SIGNALS) await w.signalDef({ signalId: s.signalId, sourceId: 1, dataType: s.dataType, sampleRate: 2_000_000, name: s.name });
  for (const s of SIGNALS) await w.fsr(s.signalId, OFFSET, block(s.signalId, 0, lengths[s.signalId - 1]));
  await w.close();
  return JlsReader.open(sink.bytes());
}

describe('pyjls_unclosed.jls (no END chunk, header length 0)', () => {
  it('opens read-only, changes nothing (bytes and mtime), and recovers every complete chunk', async () => {
    const path = join(dir, 'unclosed.jls');
    copyFileSync(UNCLOSED, path);
    chmodSync(path, 0o444);
    const before = { sha: sha(path), mtime: statSync(path).mtimeMs, size: statSync(path).size };
    const r = await JlsReader.open(path);
    expect(r.recovered).toBe(true);
    expect(r.warnings.length).toBe(1);
    expect(Object.fromEntries(r.signals.filter((s) => s.signalId > 0).map((s) => [s.name, s.length]))).toEqual(EXPECTED.unclosed.lengths);
    for (const s of SIGNALS) {
      const n = r.signal(s.signalId).length;
      const got = await r.fsr(s.signalId, 0, n);
      const want = block(s.signalId, 0, n);
      expect(mismatch(got, want)).toBe(-1);
      expect(r.signal(s.signalId).sampleIdOffset).toBe(OFFSET);
      await r.fsrStatistics(s.signalId, 0, n, 1);
      await r.fsrStatistics(s.signalId, 0, Math.floor(n / 100), 100);
    }
    expect((await r.utc(1)).length).toBe(1);
    expect((await r.userData()).length).toBe(3);
    expect(await r.annotations(1)).toEqual([]);
    await r.close();
    expect({ sha: sha(path), mtime: statSync(path).mtimeMs, size: statSync(path).size }).toEqual(before);
  });

  it('recovers the same through an asynchronous source (a Blob)', async () => {
    const bytes = readFileSync(UNCLOSED);
    const a = await JlsReader.open(new Blob([bytes]));
    const b = await JlsReader.open(UNCLOSED);
    expect(a.signals).toEqual(b.signals);
    for (const s of SIGNALS) {
      const n = b.signal(s.signalId).length;
      expect(mismatch(await a.fsr(s.signalId, 0, n), await b.fsr(s.signalId, 0, n))).toBe(-1);
      expect(Array.from(await a.fsrStatistics(s.signalId, 3, 3001, 20))).toEqual(Array.from(await b.fsrStatistics(s.signalId, 3, 3001, 20)));
    }
  });

  it('statistics equal those of a closed file with the same complete chunks (the C repair)', async () => {
    const r = await JlsReader.open(UNCLOSED);
    const c = await closedWith(SIGNALS.map((s) => r.signal(s.signalId).length));
    for (const s of SIGNALS) {
      const n = r.signal(s.signalId).length;
      for (const [start, inc, rows] of [
        [0, n, 1],
        [0, 1000, 98],
        [77, 3000, 30],
        [5, 12_345, 7],
        [0, 128, 500],
        [1, 1, 300],
      ]) {
        if (start + inc * rows > n) continue;
        expect(Array.from(await r.fsrStatistics(s.signalId, start, inc, rows)), `${s.name} ${start}/${inc}/${rows}`).toEqual(
          Array.from(await c.fsrStatistics(s.signalId, start, inc, rows)),
        );
      }
    }
  });
});

/** A sink that journals every write, to replay the file as a crash after any write leaves it. */
class JournalSink implements JlsSink {
  readonly writes: Array<[number, Uint8Array]> = [];
  write(position: number, bytes: Uint8Array): void {
    this.writes.push([position, bytes.slice()]);
  }
  close(): void {}
  /** The file after the first `n` writes, the n-th cut after `partial` bytes (a torn write). */
  image(n: number, partial?: number): Uint8Array {
    const m = new MemorySink();
    for (let i = 0; i < n; i++) {
      const [p, b] = this.writes[i];
      m.write(p, i === n - 1 && partial !== undefined ? b.subarray(0, partial) : b);
    }
    return m.bytes().slice();
  }
}

/** Writes several signals of several types in uneven blocks; returns the journal and the data. */
async function journaled(seed: number): Promise<{ journal: JournalSink; data: Map<number, Float32Array | Uint8Array> }> {
  const journal = new JournalSink();
  const w = await JlsWriter.open(journal);
  await w.sourceDef({ sourceId: 1, name: 'crash' });
  const defs = [
    { signalId: 1, dataType: 'f32' as const, samplesPerData: 1000, sampleDecimateFactor: 10, entriesPerSummary: 100, summaryDecimateFactor: 10 },
    { signalId: 2, dataType: 'u8' as const, samplesPerData: 2000 },
    { signalId: 3, dataType: 'u1' as const, samplesPerData: 512, sampleDecimateFactor: 256, entriesPerSummary: 20, summaryDecimateFactor: 10 },
  ];
  for (const d of defs) await w.signalDef({ ...d, sourceId: 1, sampleRate: 1000, name: `s${d.signalId}` });
  const data = new Map<number, Float32Array | Uint8Array>();
  let x = seed;
  const rand = (): number => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const total = 60_000;
  for (const d of defs) {
    const a = d.dataType === 'f32' ? new Float32Array(total) : new Uint8Array(total);
    for (let i = 0; i < total; i++) a[i] = d.dataType === 'f32' ? (rand() < 0.01 ? NaN : rand() - 0.5) : d.dataType === 'u8' ? (rand() * 256) | 0 : rand() < 0.5 ? 1 : 0;
    data.set(d.signalId, a);
  }
  for (let at = 0; at < total; ) {
    const n = Math.min(total - at, 1 + Math.floor(rand() * 3000));
    for (const d of defs) await w.fsr(d.signalId, 5000 + at, (data.get(d.signalId) as Float32Array).subarray(at, at + n));
    if (rand() < 0.2) await w.utc(1, 5000 + at, BigInt(at) << 20n);
    if (rand() < 0.2) await w.annotation(2, 5000 + at, NaN, 'text', 0, `a${at}`);
    if (rand() < 0.3) await w.flush();
    at += n;
  }
  await w.close();
  return { journal, data };
}

describe('crash images of our own files', () => {
  it('after any write (appends also torn anywhere), the reader recovers exactly the complete DATA chunks', async () => {
    const { journal, data } = await journaled(7);
    // In-place rewrites (links, heads) are at most 136 bytes, written whole (sector-atomic);
    // appends may be cut anywhere.
    let extent = 0;
    const appends = journal.writes.map(([p, b]) => {
      const isAppend = p >= extent;
      extent = Math.max(extent, p + b.length);
      return isAppend;
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: journal.writes.length }), fc.double({ min: 0, max: 1, noNaN: true }), async (n, cut) => {
        const torn = appends[n - 1] ? Math.floor(cut * journal.writes[n - 1][1].length) : undefined;
        const image = journal.image(n, torn);
        const written = chunksOf(image);
        const defined = written.filter((c) => c.tag === 0x02).length;
        if (defined < 4) return; // the signal definitions have not all reached the sink yet
        const r = await JlsReader.open(image);
        const last = written[written.length - 1];
        const end = last.tag === 0x23 ? last.offset : last.end;
        for (const [id, all] of data) {
          const s = r.signal(id);
          expect(s.length, `signal ${id} after write ${n}/${String(torn)}`).toBe(completeSamples(written, id, end));
          if (s.length === 0) continue;
          expect(mismatch(await r.fsr(id, 0, s.length), all.subarray(0, s.length))).toBe(-1);
          const st = await r.fsrStatistics(id, 0, s.length, 1);
          expect(Number.isFinite(st[0])).toBe(true);
          await r.fsrStatistics(id, 0, Math.max(1, Math.floor(s.length / 37)), Math.min(37, s.length));
        }
        expect((await r.annotations(2)).length).toBe(written.filter((c) => c.tag === 0x32 && c.end <= end).length);
        expect((await r.utc(1)).length).toBe(written.filter((c) => c.tag === 0x3a && c.end <= end).length);
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('prefixes of a finished file (links and heads pointing past the cut) read as recovered files', async () => {
    const { journal, data } = await journaled(11);
    const final = journal.image(journal.writes.length);
    const layout = chunksOf(final);
    // Cuts after the last definition chunk (before it a signal may not exist yet).
    const defsEnd = layout.filter((c) => c.tag === 0x02 || (c.tag & 0xe6) === 0x20).reduce((e, c) => Math.max(e, c.end), 0);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: defsEnd, max: final.length - 1 }), async (cut) => {
        const r = await JlsReader.open(final.subarray(0, cut));
        expect(r.recovered).toBe(true);
        const complete = layout.filter((c) => c.end <= cut);
        const last = complete[complete.length - 1];
        const end = last.tag === 0x23 ? last.offset : last.end;
        for (const [id, all] of data) {
          const s = r.signal(id);
          expect(s.length).toBe(completeSamples(layout, id, end));
          expect(mismatch(await r.fsr(id, 0, s.length), all.subarray(0, s.length))).toBe(-1);
          if (s.length > 0) await r.fsrStatistics(id, 0, s.length, 1);
        }
      }),
      { numRuns: 60, seed: 43 },
    );
  });

  it('a whole finished file reads complete, also when it ends just after a level-2 boundary', async () => {
    for (const seed of [7, 11]) {
      const { journal, data } = await journaled(seed);
      const r = await JlsReader.open(journal.image(journal.writes.length));
      expect(r.recovered).toBe(false);
      for (const [id, all] of data) expect(r.signal(id).length).toBe(all.length);
    }
  });
});
