// Our writer, given the calls that made the pyjls fixtures, writes the same bytes as the C library.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JlsWriter, MemorySink, type JlsSink } from '../src/index';
import { SMALL, UNCLOSED, writeFixture } from './_fixture';

const dir = mkdtempSync(join(tmpdir(), 'jls-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first differing byte, or -1 (a readable failure instead of a 2 MB diff). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

describe('byte-identical to the C library (pyjls 0.17.0)', () => {
  it('writes pyjls_small.jls exactly, into memory', async () => {
    const sink = new MemorySink();
    await writeFixture(await JlsWriter.open(sink));
    const expected = readFileSync(SMALL);
    expect(sink.bytes().length).toBe(expected.length);
    expect(firstDifference(sink.bytes(), expected)).toBe(-1);
  });

  it('writes pyjls_small.jls exactly, to a file path', async () => {
    const path = join(dir, 'small.jls');
    await writeFixture(await JlsWriter.open(path));
    expect(firstDifference(readFileSync(path), readFileSync(SMALL))).toBe(-1);
  });

  it('writes the same bytes through an asynchronous sink (every write a promise)', async () => {
    const mem = new MemorySink();
    const sink: JlsSink = {
      write: (position, bytes) => new Promise((resolve) => setTimeout(() => resolve(mem.write(position, bytes)), 0)),
      close: () => Promise.resolve(),
    };
    await writeFixture(await JlsWriter.open(sink));
    expect(firstDifference(mem.bytes(), readFileSync(SMALL))).toBe(-1);
  });

  it('after 25 blocks and flush(), the sink holds pyjls_unclosed.jls exactly (the crash image)', async () => {
    const sink = new MemorySink();
    const w = await JlsWriter.open(sink);
    await writeFixture(w, 25, false);
    await w.flush();
    const expected = readFileSync(UNCLOSED);
    expect(sink.bytes().length).toBe(expected.length);
    expect(firstDifference(sink.bytes(), expected)).toBe(-1);
  });
});
