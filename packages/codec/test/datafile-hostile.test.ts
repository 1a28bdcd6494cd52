// Issue items: zip bombs across records, option checks, bad Adler-32 (reader); typed errors that
// write nothing (writer).
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_INFLATED_SIZE,
  DEFAULT_MAX_TOTAL_INFLATED_SIZE,
  DatafileError,
  DatafileReader,
  DatafileWriter,
  decodeFileHeader,
  encodeFileHeader,
  parseCalibration,
} from '../src/index';
import type { DatafileRecord } from '../src/index';
import { FIXTURE, FIXTURE_RECORDS, concat, fixRecordCrc, rawRecord } from './_datafile-helpers';
import { expectOwnError } from './_typed-error';

function fileOf(...records: Uint8Array[]): Uint8Array {
  return concat(encodeFileHeader(0), ...records);
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** A zlib stream of `n` zero bytes: about 1 KiB per MiB. */
const zeros = (n: number): Uint8Array => zlibSync(new Uint8Array(n), { level: 9 });

describe('DatafileReader: inflation limits', () => {
  it('limits the total inflated by one reader across records (zip bombs spread over records)', () => {
    const bomb = rawRecord('ABN', 0x80, zeros(4 << 20));
    const file = fileOf(bomb, bomb, bomb, bomb, bomb);
    expect(file.length).toBeLessThan(30_000);
    const r = new DatafileReader(file, { maxInflatedSize: 8 << 20, maxTotalInflatedSize: 10 << 20 });
    expect(r.next()?.value.length).toBe(4 << 20);
    expect(r.next()?.value.length).toBe(4 << 20);
    expect(r.inflatedSize).toBe(8 << 20);
    const e = thrown(() => r.next());
    expect(e).toBeInstanceOf(DatafileError);
    expect((e as DatafileError).code).toBe('compression');
    expect((e as DatafileError).message).toMatch(/10485760-byte total inflation limit \(8388608 bytes inflated before it\)/);
    expect((e as DatafileError).offset).toBe(32 + 2 * bomb.length);
    expect(r.position).toBe(32 + 2 * bomb.length); // the reader stays on the record it refused
    expect(r.inflatedSize).toBe(8 << 20);
  });

  it('has a default total limit, and Infinity lifts a limit explicitly', () => {
    expect(DEFAULT_MAX_INFLATED_SIZE).toBe(256 * 1024 * 1024);
    expect(DEFAULT_MAX_TOTAL_INFLATED_SIZE).toBe(1024 * 1024 * 1024);
    const file = fileOf(rawRecord('ABN', 0x80, zeros(1 << 20)), rawRecord('ABN', 0x80, zeros(1 << 20)));
    expect([...new DatafileReader(file, { maxInflatedSize: Infinity, maxTotalInflatedSize: Infinity })].length).toBe(2);
    expect(() => [...new DatafileReader(file, { maxTotalInflatedSize: (1 << 20) + 5 })]).toThrow(/total inflation limit/);
    expect([...new DatafileReader(file, { maxTotalInflatedSize: 2 << 20 })].length).toBe(2); // exactly at the limit
  });

  it('counts what skip() inflates too', () => {
    const w = new DatafileWriter();
    w.collectionStart();
    w.append('ABN', new Uint8Array(1 << 20), { compress: true });
    w.collectionEnd(new Uint8Array(1 << 20).fill(3));
    const file = w.finalize();
    const r = new DatafileReader(file, { maxTotalInflatedSize: 1 << 20 });
    r.skip(); // jumps to the CLE, whose value is not compressed
    expect(r.inflatedSize).toBe(0);
    const all = new DatafileReader(file, { maxTotalInflatedSize: 1 << 20 });
    expect([...all].length).toBe(4);
    expect(all.inflatedSize).toBe(1 << 20);
  });

  it('limits a parse of a calibration record in total, not only per value', () => {
    // Three 700 KiB values in a calibration-like record: each is under 1 MiB, together over it.
    const big = rawRecord('UBN', 0x80, zeros(700 << 10));
    const records = [...new DatafileReader(FIXTURE)].map((r) => r.raw);
    const file = fileOf(...records.slice(1, 3), big, big, big, records[4]); // HDR AJS UBN UBN UBN END
    const e = thrown(() => parseCalibration(file));
    expect(e).toBeInstanceOf(DatafileError);
    expect((e as DatafileError).message).toMatch(/total inflation limit/);
  });

  it.each([
    [{ maxInflatedSize: NaN }, RangeError, /maxInflatedSize must be a non-negative integer or Infinity, got NaN/],
    [{ maxInflatedSize: -1 }, RangeError, /maxInflatedSize/],
    [{ maxInflatedSize: 1.5 }, RangeError, /maxInflatedSize/],
    [{ maxInflatedSize: -Infinity }, RangeError, /maxInflatedSize/],
    [{ maxInflatedSize: '1000' }, TypeError, /maxInflatedSize must be a number of bytes, got "1000"/],
    [{ maxInflatedSize: null }, TypeError, /maxInflatedSize/],
    [{ maxTotalInflatedSize: NaN }, RangeError, /maxTotalInflatedSize/],
    [{ maxTotalInflatedSize: '1' }, TypeError, /maxTotalInflatedSize/],
    [{ publicKeys: 'abc' }, TypeError, /publicKeys must be an array of Uint8Array keys/],
    [{ publicKeys: [[1, 2]] }, TypeError, /publicKeys/],
  ])('refuses the option %o', (options, type, message) => {
    const e = thrown(() => new DatafileReader(FIXTURE, options as never));
    expect(e).toBeInstanceOf(type);
    expect((e as Error).message).toMatch(message);
  });

  it('refuses bytes and options that are not what they should be', () => {
    expectOwnError(() => new DatafileReader([1, 2, 3] as unknown as Uint8Array), TypeError);
    expect(() => new DatafileReader(null as unknown as Uint8Array)).toThrow(/must be a Uint8Array, got null/);
    expectOwnError(() => new DatafileReader(FIXTURE, null as unknown as object), TypeError);
    expectOwnError(() => decodeFileHeader('datafile' as unknown as Uint8Array), TypeError);
    expect(new DatafileReader(FIXTURE, { maxInflatedSize: 0 }).next()?.tag).toBe('SGS'); // 0 is a limit, not "none"
  });

  it('keeps the trusted keys it was given, whatever the caller does to its array later', () => {
    const keys = [FIXTURE.slice(FIXTURE_RECORDS.SGS + 16, FIXTURE_RECORDS.SGS + 48)];
    const r = new DatafileReader(FIXTURE, { publicKeys: keys });
    keys.length = 0;
    const sge = [...r].find((x: DatafileRecord) => x.tag === 'SGE');
    expect(sge?.signature?.status).toBe('verified');
  });
});

describe('DatafileReader: zlib streams', () => {
  const plain = new TextEncoder().encode('the zlib stream ends with the Adler-32 of these bytes. '.repeat(20));

  it('rejects a stream whose Adler-32 does not match the inflated bytes', () => {
    const z = zlibSync(plain);
    expect([...new DatafileReader(fileOf(rawRecord('ABN', 0x80, z)))][0].value).toEqual(plain);
    for (let i = 1; i <= 4; i++) {
      const bad = z.slice();
      bad[bad.length - i] ^= 0x10;
      const e = thrown(() => [...new DatafileReader(fileOf(rawRecord('ABN', 0x80, bad)))]);
      expect(e).toBeInstanceOf(DatafileError);
      expect((e as DatafileError).code).toBe('compression');
      expect((e as DatafileError).message).toMatch(/Adler-32 0x[0-9a-f]{8} does not match the inflated bytes/);
    }
  });

  it('checks the Adler-32 of large multi-chunk values too', () => {
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = Math.imul(i, 2654435761) >>> 24;
    const z = zlibSync(big, { level: 1 });
    expect(z.length).toBeGreaterThan(64 * 1024); // fed to the inflater in several steps
    const value = [...new DatafileReader(fileOf(rawRecord('ABN', 0x80, z)))][0].value;
    expect(Buffer.compare(value, big)).toBe(0);
    const bad = z.slice();
    bad[bad.length - 1] ^= 1;
    expect(() => [...new DatafileReader(fileOf(rawRecord('ABN', 0x80, bad)))]).toThrow(/Adler-32/);
  });
});

describe('DatafileWriter: typed errors, nothing written', () => {
  /** Runs `bad` on a writer holding one record, checks the error, and that the file is unchanged. */
  function expectRefused(bad: (w: DatafileWriter) => unknown, type: ErrorConstructor, message: RegExp): void {
    const w = new DatafileWriter();
    w.append('UJS', '{"a": 1}');
    const before = w.position;
    const e = thrown(() => bad(w));
    expect(e).toBeInstanceOf(type);
    expect((e as Error).message).toMatch(message);
    expect(w.position).toBe(before);
    const recs = [...new DatafileReader(w.finalize())];
    expect(recs.map((r) => r.tag)).toEqual(['UJS', 'END']);
  }

  it.each([
    ['an array value', (w: DatafileWriter) => w.append('UJS', [1, 2, 3] as unknown as Uint8Array), /value must be a Uint8Array or a string, got a Array/],
    ['a null value', (w: DatafileWriter) => w.append('UJS', null as unknown as Uint8Array), /got null/],
    ['a number value', (w: DatafileWriter) => w.append('UBN', 7 as unknown as Uint8Array), /got 7/],
    ['a DataView value', (w: DatafileWriter) => w.append('UBN', new DataView(new ArrayBuffer(4)) as unknown as Uint8Array), /got a DataView/],
    ['a number tag', (w: DatafileWriter) => w.append(5 as unknown as string, 'x'), /tag must be a string/],
    ['string options', (w: DatafileWriter) => w.append('UJS', 'x', 'compress' as never), /options must be an object/],
    ['a non-boolean compress', (w: DatafileWriter) => w.append('UJS', 'x', { compress: 1 as unknown as boolean }), /compress must be a boolean/],
    ['collection data of the wrong type', (w: DatafileWriter) => w.collectionStart(0, 0, {} as unknown as Uint8Array), /collectionStart data/],
    ['a string collection id', (w: DatafileWriter) => w.collectionStart('1' as unknown as number), /collection id/],
    ['a number subfile name', (w: DatafileWriter) => w.subfileAppend(3 as unknown as string, FIXTURE), /subfile name must be a string/],
    ['a subfile that is not bytes', (w: DatafileWriter) => w.subfileAppend('x', 'abc' as unknown as Uint8Array), /must be a Uint8Array/],
    ['a key that is not bytes', (w: DatafileWriter) => w.signatureStart([0, 1] as unknown as Uint8Array), /secret key must be a Uint8Array/],
    ['includeStart not a boolean', (w: DatafileWriter) => w.signatureStart(new Uint8Array(32), { includeStart: 'yes' as unknown as boolean }), /includeStart/],
  ])('refuses %s with TypeError', (_, bad, message) => {
    expectRefused(bad, TypeError, message);
  });

  const hdr = { timestamp: 0n, version: 0x01000000, productId: 1, vendorId: 1, subtypeId: 1, hardwareCompatibility: 0, serialNumber: new Uint8Array(16) };
  it.each([
    ['a number timestamp', { ...hdr, timestamp: 0 }, TypeError, /timestamp must be a bigint/],
    ['a string timestamp', { ...hdr, timestamp: '0' }, TypeError, /timestamp must be a bigint/],
    ['a timestamp beyond 64 bits', { ...hdr, timestamp: 2n ** 63n }, RangeError, /signed 64-bit/],
    ['a string version', { ...hdr, version: '1.0.0' }, TypeError, /HDR version/],
    ['a serial number array', { ...hdr, serialNumber: new Array(16).fill(0) }, TypeError, /serialNumber must be a 16-byte Uint8Array/],
    ['a short serial number', { ...hdr, serialNumber: new Uint8Array(15) }, RangeError, /16 bytes/],
    ['a vendor id beyond 16 bits', { ...hdr, vendorId: 65536 }, RangeError, /HDR vendorId must be an integer in \[0, 65535\]/],
  ])('refuses an HDR with %s', (_, h, type, message) => {
    expectRefused((w) => w.appendHdr(h as never), type, message);
  });

  it('refuses null as the HDR', () => {
    expectRefused((w) => w.appendHdr(null as never), TypeError, /HDR must be an object/);
  });

  it('refuses a write after finalize before compressing anything', () => {
    const w = new DatafileWriter();
    w.finalize();
    expect(() => w.append('ABN', new Uint8Array(10), { compress: true })).toThrow(/finalized/);
    expect(() => w.appendHdr(hdr)).toThrow(/finalized/);
    expect(() => w.collectionStart()).toThrow(/finalized/);
    expect(() => w.subfileAppend('x', FIXTURE)).toThrow(/finalized/);
  });
});

describe('a refused record', () => {
  it('leaves the reader on it, whatever the fault', () => {
    const cle = rawRecord('CLE', 0, new Uint8Array(0));
    const file = fileOf(rawRecord('UJS', 0, new TextEncoder().encode('{}')), cle);
    const r = new DatafileReader(file);
    expect(r.next()?.tag).toBe('UJS');
    const at = r.position;
    for (let k = 0; k < 2; k++) {
      expect(() => r.next()).toThrow(/CLE at 48 has no open CLS/);
      expect(r.position).toBe(at);
    }
  });
});

describe('a damaged record after the last one read', () => {
  it('is found by a reader that reads to the end', () => {
    const bytes = FIXTURE.slice();
    bytes[FIXTURE_RECORDS.END + 2] ^= 1;
    expect(() => [...new DatafileReader(bytes)]).toThrow(DatafileError);
    fixRecordCrc(bytes, FIXTURE_RECORDS.END); // now "ENE": a record like any other, then no END
    const r = new DatafileReader(bytes);
    expect([...r].map((x) => x.tag)).toEqual(['SGS', 'HDR', 'AJS', 'SGE', 'ENE']);
    expect(r.ended).toBe(false);
  });
});
