// The calls that wrote the pyjls fixtures (test/fixtures/README.md), replayed through JlsWriter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JlsWriter, SampleArray } from '../src/index';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const SMALL = join(FIXTURES, 'pyjls_small.jls');
export const UNCLOSED = join(FIXTURES, 'pyjls_unclosed.jls');

/** What pyjls's reader returned for the fixtures. */
export interface Expected {
  small: {
    sources: Array<Record<string, unknown>>;
    signals: Array<Record<string, number | string>>;
    samples: Record<string, Array<number | null>>;
    statistics: Array<{
      signal_id: number;
      start: number;
      increment: number;
      length: number;
      mean?: number | null;
      std?: number | null;
      min?: number;
      max?: number;
      rows?: number[][];
    }>;
    annotations: Array<{ timestamp: number; y: number | null; type: number; group_id: number; data: string }>;
    utc: Array<[number, number]>;
    user_data: Array<{ chunk_meta: number; data: unknown }>;
  };
  unclosed: { lengths: Record<string, number> };
}

export const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Expected;

export const OFFSET = 1_000_000;
export const LENGTH = 200_000;
export const BLOCK = 4096;
export const T0 = 8n * 365n * 86400n * (1n << 30n);
/** The second UTC entry as stored (its exact value is not in the README; pyjls read it back). */
export const T1 = 270892177400685645n;

const NAN_AT = new Set([123, 50123, 100123, 150123]);

export function current(k: number): number {
  if (NAN_AT.has(k)) return NaN;
  return Math.fround((((k * 2654435761) % 2 ** 32) / 2 ** 32) * 0.01 - 0.005 + k * 1e-9);
}
export function voltage(k: number): number {
  return Math.fround(3.3 + (((k * 40503) % 65536) / 65536) * 0.01);
}
export function power(k: number): number {
  return Math.fround(current(k) * voltage(k));
}
export function currentRange(k: number): number {
  return (k >> 9) % 7;
}
export function gpi0(k: number): number {
  return (k >> 3) & 1;
}
export function gpi1(k: number): number {
  return ((k * 7) >> 6) & 1;
}

export const SIGNALS = [
  { signalId: 1, name: 'current', units: 'A', dataType: 'f32', f: current },
  { signalId: 2, name: 'voltage', units: 'V', dataType: 'f32', f: voltage },
  { signalId: 3, name: 'power', units: 'W', dataType: 'f32', f: power },
  { signalId: 4, name: 'current_range', units: '', dataType: 'u8', f: currentRange },
  { signalId: 5, name: 'gpi[0]', units: '', dataType: 'u1', f: gpi0 },
  { signalId: 6, name: 'gpi[1]', units: '', dataType: 'u1', f: gpi1 },
] as const;

/** Samples k0..k0+n of one fixture signal, in the type's typed array. */
export function block(signalId: number, k0: number, n: number): Float32Array | Uint8Array {
  const s = SIGNALS[signalId - 1];
  const out = s.dataType === 'f32' ? new Float32Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = s.f(k0 + i);
  return out;
}

/** Replays the fixture's calls; stops after `blocks` blocks (all: 49) when `finish` is false. */
export async function writeFixture(w: JlsWriter, blocks = Math.ceil(LENGTH / BLOCK), finish = true): Promise<void> {
  await w.sourceDef({
    sourceId: 1,
    name: 'JS110-000415',
    vendor: 'Jetperch LLC',
    model: 'JS110',
    version: '{"hw": "H", "fw": "1.3.4", "fpga": "1.3.2"}',
    serialNumber: '000415',
  });
  for (const s of SIGNALS) {
    await w.signalDef({ signalId: s.signalId, sourceId: 1, dataType: s.dataType, sampleRate: 2_000_000, name: s.name, units: s.units });
  }
  await w.userData(0, 'fixture notes: written by pyjls');
  await w.userData(0x0123, { a: 1, b: [1, 2, 3] });
  await w.userData(0x0456, new Uint8Array([0, 1, 2, 255]));
  for (const s of SIGNALS) await w.utc(s.signalId, OFFSET, T0);
  for (let b = 0; b < blocks; b++) {
    const k0 = b * BLOCK;
    const n = Math.min(BLOCK, LENGTH - k0);
    for (const s of SIGNALS) await w.fsr(s.signalId, OFFSET + k0, block(s.signalId, k0, n));
  }
  if (!finish) return;
  await w.annotation(1, OFFSET + 10, NaN, 'text', 0, 'hello');
  await w.annotation(1, OFFSET + 150_000, 0.25, 'vmarker', 1, 'm1');
  await w.annotation(1, OFFSET + 150_100, 0.5, 'hmarker', 2, 'h1');
  for (const s of SIGNALS) await w.utc(s.signalId, OFFSET + LENGTH - 1, T1);
  await w.close();
}

/** Samples as plain numbers (64-bit integer samples converted). */
export function nums(a: SampleArray | ArrayLike<number>): number[] {
  return Array.from(a as ArrayLike<number | bigint>, Number);
}

/** Index of the first element where `a` and `b` differ (NaN equals NaN), or -1; fast on big arrays. */
export function mismatch(a: SampleArray | ArrayLike<number>, b: SampleArray | ArrayLike<number>): number {
  const x = a as ArrayLike<number | bigint>;
  const y = b as ArrayLike<number | bigint>;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i];
    const q = y[i];
    if (p !== q && !(typeof p === 'number' && typeof q === 'number' && Number.isNaN(p) && Number.isNaN(q))) return i;
  }
  return x.length === y.length ? -1 : n;
}
