// Shared by the datafile and calibration tests: the fixture, the test key and raw record surgery.
import { readFileSync } from 'node:fs';
import { crc32, recordSize } from '../src/index';

/** calibration_01.dat: SGS 32, HDR 88, AJS 144, SGE 872, END 952; 968 bytes. */
export const FIXTURE: Uint8Array = new Uint8Array(readFileSync(new URL('./fixtures/calibration_01.dat', import.meta.url)));

/** The test secret key: bytes 0, 1, ..., 31. */
export const TEST_SECRET_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
export const TEST_PUBLIC_KEY_HEX = 'f65333fa6303b6a23defd7de2af8aa461cb047ccbf12d4edd29ef3b1eba6706b';

/** Record offsets in the fixture and the signed range (docs/datafile.md, "The test fixture"). */
export const FIXTURE_RECORDS = { SGS: 32, HDR: 88, AJS: 144, SGE: 872, END: 952 } as const;
export const FIXTURE_SIGNED = [88, 872] as const;

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/** Recomputes the CRC of the record at `offset` in place (after a deliberate edit). */
export function fixRecordCrc(bytes: Uint8Array, offset: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(offset + 4, true);
  const end = offset + recordSize(length) - 4;
  view.setUint32(end, crc32(bytes.subarray(offset, end)), true);
}

/** Recomputes the file header CRC in place. */
export function fixHeaderCrc(bytes: Uint8Array): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(28, crc32(bytes.subarray(0, 28)), true);
}

/** One raw record with any tag bytes, flags and stored value (valid CRC, zero padding). */
export function rawRecord(tag: string, flags: number, value: Uint8Array): Uint8Array {
  const rec = new Uint8Array(recordSize(value.length));
  const view = new DataView(rec.buffer);
  for (let i = 0; i < 3; i++) rec[i] = tag.charCodeAt(i);
  rec[3] = flags;
  view.setUint32(4, value.length, true);
  rec.set(value, 8);
  view.setUint32(rec.length - 4, crc32(rec.subarray(0, rec.length - 4)), true);
  return rec;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A small deterministic PRNG (mulberry32) for fuzz loops that must be reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
