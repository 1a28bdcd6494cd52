// Fuzz: hostile bytes give a parse or a typed error (never another exception, never a hang),
// and nothing reads as signed unless the signed bytes are intact.
import { describe, expect, it } from 'vitest';
import { CalibrationError, DatafileError, DatafileReader, DatafileWriter, parseCalibration, recordSize } from '../src/index';
import type { DatafileRecord } from '../src/index';
import { FIXTURE, FIXTURE_RECORDS, TEST_PUBLIC_KEY_HEX, TEST_SECRET_KEY, fixHeaderCrc, fixRecordCrc, fromHex, prng } from './_datafile-helpers';

const TEST_KEY = fromHex(TEST_PUBLIC_KEY_HEX);
type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);

/** Runs `fn`; a thrown DatafileError/CalibrationError is an allowed outcome, anything else fails. */
function outcome<T>(fn: () => T): T | DatafileError | CalibrationError {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DatafileError || e instanceof CalibrationError) return e;
    throw e;
  }
}

/** One random corruption: bit flips, byte sets, a random run, truncation, insertion, deletion or a header length edit. */
function mutate(src: Uint8Array, rand: Rand): Uint8Array {
  const bytes = src.slice();
  switch (int(rand, 8)) {
    case 0:
    case 1:
      for (let k = 1 + int(rand, 3); k > 0; k--) bytes[int(rand, bytes.length)] ^= 1 << int(rand, 8);
      return bytes;
    case 2:
      for (let k = 1 + int(rand, 4); k > 0; k--) bytes[int(rand, bytes.length)] = int(rand, 256);
      return bytes;
    case 3: {
      const start = int(rand, bytes.length);
      for (let i = start; i < Math.min(bytes.length, start + 1 + int(rand, 64)); i++) bytes[i] = int(rand, 256);
      return bytes;
    }
    case 4:
      return src.slice(0, int(rand, src.length));
    case 5: {
      const at = int(rand, src.length + 1);
      const extra = Uint8Array.from({ length: 1 + int(rand, 16) }, () => int(rand, 256));
      return Uint8Array.from([...src.subarray(0, at), ...extra, ...src.subarray(at)]);
    }
    case 6: {
      const at = int(rand, src.length);
      return Uint8Array.from([...src.subarray(0, at), ...src.subarray(at + 1 + int(rand, 16))]);
    }
    default:
      // A header length anywhere in [0, 2 × size) with a valid header CRC.
      new DataView(bytes.buffer).setUint32(16, int(rand, src.length * 2), true);
      fixHeaderCrc(bytes);
      return bytes;
  }
}

/** Recomputes the CRC of every record found by walking the (possibly corrupted) length fields. */
function fixAllCrcs(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 32; pos + 16 <= bytes.length; ) {
    const size = recordSize(view.getUint32(pos + 4, true));
    if (pos + size > bytes.length) return;
    fixRecordCrc(bytes, pos);
    pos += size;
  }
}

/** A corruption as `mutate`, and half of the time with every record CRC made valid again. */
function corrupt(src: Uint8Array, rand: Rand): Uint8Array {
  const bytes = mutate(src, rand);
  if (rand() < 0.5) fixAllCrcs(bytes);
  return bytes;
}

/** True when `a` and `b` hold the same bytes in [lo, hi). */
function sameRange(a: Uint8Array, b: Uint8Array, lo: number, hi: number): boolean {
  return a.length >= hi && b.length >= hi && Buffer.compare(a.subarray(lo, hi), b.subarray(lo, hi)) === 0;
}

/** Reads every record, recursing into subfiles and also walking with skip(). */
function readEverything(bytes: Uint8Array, depth = 0): DatafileRecord[] {
  const recs = [...new DatafileReader(bytes, { maxInflatedSize: 1 << 22 })];
  for (const r of recs) if (r.subfile && depth < 4) readEverything(r.subfile.data, depth + 1);
  const skipping = new DatafileReader(bytes, { publicKeys: [] }); // structure only: no second verification
  while (skipping.skip() !== null);
  return recs;
}

/** A random datafile from a seeded generator: records, compression, collections, subfiles, one signed region. */
function randomDatafile(rand: Rand, depth = 0): Uint8Array {
  const w = new DatafileWriter();
  const value = (): Uint8Array =>
    rand() < 0.5 ? Uint8Array.from({ length: int(rand, 60) }, () => int(rand, 256)) : new Uint8Array(int(rand, 400)).fill(int(rand, 4));
  let signing = false;
  let sigDepth = 0;
  for (let n = 2 + int(rand, 10); n > 0; n--) {
    const op = int(rand, 10);
    if (op < 4) w.append(['ABN', 'AJS', 'MJS', 'IDX', 'UBN'][int(rand, 5)], value(), { compress: rand() < 0.5 });
    else if (op < 6) w.collectionStart(int(rand, 4), int(rand, 3), value().subarray(0, 8));
    else if (op < 8 && w.collectionDepth > (signing ? sigDepth : 0)) w.collectionEnd(value().subarray(0, 8));
    else if (op === 8 && depth < 2) w.subfileAppend(`sub${n}`, randomDatafile(rand, depth + 1), { compress: rand() < 0.3 });
    else if (op === 9 && depth === 0) {
      if (!signing) {
        w.signatureStart(TEST_SECRET_KEY, { includeStart: rand() < 0.5 });
        signing = true;
        sigDepth = w.collectionDepth;
      }
    }
  }
  return w.finalize();
}

// Plain checks in the hot loops: expect() bookkeeping would dominate thousands of iterations.
function assertTyped(value: unknown): void {
  if (value instanceof Error && !(value instanceof DatafileError || value instanceof CalibrationError)) expect.fail(`untyped error: ${String(value)}`);
}

describe('fuzz: calibration_01.dat', () => {
  // What a signed result needs intact: SGS type and flags, the key, the signed records, the signature.
  // The END record too: every record's CRC is checked, the ones after the signed region included.
  const MUST_BE_INTACT = [[40, 42], [48, 80], [88, 872], [880, 944], [952, 968]] as const;

  it('gives a calibration or a typed error for 3000 random corruptions; signed only with intact signed bytes', () => {
    const rand = prng(0x5eed_0001);
    let parsed = 0;
    let signed = 0;
    for (let k = 0; k < 3000; k++) {
      const bytes = corrupt(FIXTURE, rand);
      const result = outcome(() => parseCalibration(bytes, { publicKeys: [TEST_KEY] }));
      assertTyped(result);
      if (result instanceof Error) continue;
      parsed++;
      if (!result.signed) continue;
      signed++;
      for (const [lo, hi] of MUST_BE_INTACT) if (!sameRange(bytes, FIXTURE, lo, hi)) expect.fail(`signed with bytes [${lo}, ${hi}) changed`);
    }
    // The corruption mix reaches both outcomes (signed: e.g. CRC-fixed edits of the SGS reserved
    // bytes; a changed END no longer loads at all, signed or not).
    expect(parsed).toBeGreaterThan(100);
    expect(signed).toBeGreaterThan(5);
  });

  it('never reports signed after a CRC-preserving change inside the signed region', () => {
    const rand = prng(0x5eed_0002);
    const outcomes = new Map<string, number>();
    for (let k = 0; k < 300; k++) {
      const bytes = FIXTURE.slice();
      // Record flags and values of HDR (value [96, 136)) and AJS (value [152, 866)); lengths stay.
      const positions = [91, 147, ...Array.from({ length: 40 }, (_, i) => 96 + i), ...Array.from({ length: 714 }, (_, i) => 152 + i)];
      const at = positions[int(rand, positions.length)];
      const record = at < FIXTURE_RECORDS.AJS ? FIXTURE_RECORDS.HDR : FIXTURE_RECORDS.AJS;
      // A digit changed to another digit keeps the JSON valid, so most cases reach verification.
      const isDigit = bytes[at] >= 0x30 && bytes[at] <= 0x39;
      bytes[at] = isDigit ? 0x30 + ((bytes[at] - 0x30 + 1 + int(rand, 9)) % 10) : bytes[at] ^ (1 + int(rand, 255));
      fixRecordCrc(bytes, record);
      const result = outcome(() => parseCalibration(bytes, { publicKeys: [TEST_KEY] }));
      assertTyped(result);
      const key = result instanceof Error ? `${result.name}:${result.code}` : result.signatureStatus;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (!(result instanceof Error)) expect(result.signed).toBe(false);
    }
    expect(outcomes.get('verified')).toBeUndefined();
    expect(outcomes.get('bad_signature') ?? 0).toBeGreaterThan(100);
  });

  it('never reports signed after a CRC-preserving change to the SGS flags, key or SGE signature', () => {
    const rand = prng(0x5eed_0003);
    for (let k = 0; k < 200; k++) {
      const bytes = FIXTURE.slice();
      const inSge = rand() < 0.5;
      const record = inSge ? FIXTURE_RECORDS.SGE : FIXTURE_RECORDS.SGS;
      // SGS value bytes 0 (type), 1 (flags), 8..39 (key); SGE value bytes 0..63 (signature).
      const offsets = inSge ? Array.from({ length: 64 }, (_, i) => i) : [0, 1, ...Array.from({ length: 32 }, (_, i) => 8 + i)];
      const at = record + 8 + offsets[int(rand, offsets.length)];
      bytes[at] ^= 1 + int(rand, 255);
      fixRecordCrc(bytes, record);
      const result = outcome(() => parseCalibration(bytes, { publicKeys: [TEST_KEY] }));
      assertTyped(result);
      expect(result instanceof Error ? false : result.signed).toBe(false);
    }
  });
});

describe('fuzz: random writer outputs', () => {
  it('reads 800 corrupted files as records or a DatafileError; verified signatures cover only unchanged bytes', () => {
    const rand = prng(0x5eed_0004);
    let clean = 0;
    for (let k = 0; k < 160; k++) {
      const original = randomDatafile(rand);
      expect(readEverything(original).at(-1)?.tag).toBe('END');
      for (let m = 0; m < 5; m++) {
        const bytes = corrupt(original, rand);
        const result = outcome(() => readEverything(bytes));
        assertTyped(result);
        if (result instanceof Error) continue;
        clean++;
        for (const r of result) {
          const s = r.signature;
          if (!s?.verified || s.start === null || s.messageStart === null) continue;
          // Key, signed records and signature are the original bytes at the original place.
          expect(sameRange(bytes, original, s.start + 16, s.start + 48)).toBe(true);
          expect(sameRange(bytes, original, s.messageStart, s.end)).toBe(true);
          expect(sameRange(bytes, original, s.end + 8, s.end + 72)).toBe(true);
        }
      }
    }
    expect(clean).toBeGreaterThan(50);
  });

  it('never verifies a signature after a CRC-preserving change to a signed record', () => {
    const rand = prng(0x5eed_0005);
    let checked = 0;
    for (let k = 0; k < 300 && checked < 100; k++) {
      const original = randomDatafile(rand);
      const recs = [...new DatafileReader(original)];
      const sge = recs.find((r) => r.signature);
      const check = sge?.signature;
      if (!sge || !check || check.messageStart === null) continue;
      const signedRecs = recs.filter((r) => r.offset >= (check.messageStart ?? 0) && r.offset < sge.offset && r.length > 0);
      if (signedRecs.length === 0) continue;
      const target = signedRecs[int(rand, signedRecs.length)];
      const bytes = original.slice();
      bytes[target.offset + 8 + int(rand, target.length)] ^= 1 + int(rand, 255);
      fixRecordCrc(bytes, target.offset);
      const result = outcome(() => [...new DatafileReader(bytes)]);
      assertTyped(result);
      checked++;
      if (result instanceof Error) continue;
      for (const r of result) if (r.signature) expect(r.signature.verified).toBe(false);
    }
    expect(checked).toBe(100);
  });

  it('reads random record soup after a valid header as records or a DatafileError', () => {
    const rand = prng(0x5eed_0006);
    const header = new DatafileWriter().finalize().subarray(0, 32);
    const tags = ['CLS', 'CLE', 'SUB', 'SGS', 'SGE', 'END', 'ABN', 'HDR'];
    for (let k = 0; k < 1000; k++) {
      const body = Uint8Array.from({ length: int(rand, 400) }, () => int(rand, 256));
      // Plant plausible record headers so that the parser gets past the first CRC now and then.
      for (let at = 0; at + 8 <= body.length; at += 8 * (1 + int(rand, 6))) {
        const tag = tags[int(rand, tags.length)];
        for (let i = 0; i < 3; i++) body[at + i] = tag.charCodeAt(i);
        body[at + 3] = [0, 0x80, 0x40, 0xc0][int(rand, 4)];
        new DataView(body.buffer).setUint32(at + 4, int(rand, 3) === 0 ? 0xffffffff - int(rand, 16) : int(rand, 64), true);
        if (at + recordSize(new DataView(body.buffer).getUint32(at + 4, true)) <= body.length && rand() < 0.7) fixRecordCrc(body, at);
      }
      const bytes = Uint8Array.from([...header, ...body]);
      bytes.set([0, 0, 0, 0, 0, 0, 0, 0], 16);
      fixHeaderCrc(bytes);
      assertTyped(outcome(() => readEverything(bytes)));
      assertTyped(outcome(() => parseCalibration(bytes)));
    }
  });
});
