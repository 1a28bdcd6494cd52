import { describe, expect, it } from 'vitest';
import { zlibSync } from 'fflate';
import {
  DATAFILE_MAGIC,
  DatafileError,
  DatafileReader,
  DatafileWriter,
  crc32,
  decodeFileHeader,
  decodeHdr,
  encodeFileHeader,
  encodeHdr,
  eddsaPublicKey,
  recordPadding,
  recordSize,
  timestampFromDate,
  timestampToDate,
  versionFromU32,
  versionToU32,
} from '../src/index';
import type { DatafileErrorCode, DatafileRecord } from '../src/index';
import {
  FIXTURE,
  FIXTURE_RECORDS,
  TEST_PUBLIC_KEY_HEX,
  TEST_SECRET_KEY,
  concat,
  fixHeaderCrc,
  fixRecordCrc,
  fromHex,
  hex,
  rawRecord,
} from './_datafile-helpers';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

function readAll(bytes: Uint8Array, options?: ConstructorParameters<typeof DatafileReader>[1]): DatafileRecord[] {
  return [...new DatafileReader(bytes, options)];
}

function expectDatafileError(fn: () => unknown, code: DatafileErrorCode, message?: RegExp): DatafileError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DatafileError);
  const err = caught as DatafileError;
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}

/** A file: header (length 0 = use actual size) followed by the given raw records. */
function fileOf(...records: Uint8Array[]): Uint8Array {
  return concat(encodeFileHeader(0), ...records);
}

describe('datafile format helpers', () => {
  it('pads every record to a multiple of 8 bytes', () => {
    for (let n = 0; n < 64; n++) {
      expect(recordSize(n) % 8).toBe(0);
      expect(recordPadding(n)).toBe(recordSize(n) - 12 - n);
      expect(recordPadding(n)).toBeLessThan(8);
    }
    expect([recordPadding(40), recordPadding(714), recordPadding(64), recordPadding(0)]).toEqual([4, 2, 4, 4]);
  });

  it('writes and validates the file header', () => {
    const h = encodeFileHeader(968);
    expect(hex(h.subarray(0, 16))).toBe(hex(DATAFILE_MAGIC));
    expect(hex(h)).toBe(hex(FIXTURE.subarray(0, 32)));
    expect(new DataView(h.buffer).getUint32(28, true)).toBe(0xab2e35ce);
    expect(decodeFileHeader(h)).toEqual({ length: 968, version: 1 });
    expect(decodeFileHeader(encodeFileHeader(2 ** 40 + 8))).toEqual({ length: 2 ** 40 + 8, version: 1 });
    expect(() => encodeFileHeader(-1)).toThrow(RangeError);
  });
});

describe('DatafileReader on calibration_01.dat (the test fixture)', () => {
  it('has the documented record structure', () => {
    const reader = new DatafileReader(FIXTURE);
    expect(reader.headerLength).toBe(968);
    expect(reader.length).toBe(968);
    const recs = [...reader];
    expect(reader.ended).toBe(true);
    expect(recs.map((r) => [r.offset, r.tag, r.flags, r.length, r.size - 12 - r.length, r.size, r.crc])).toEqual([
      [32, 'SGS', 0, 40, 4, 56, 0xff9dfe81],
      [88, 'HDR', 0, 40, 4, 56, 0xdd863a50],
      [144, 'AJS', 0, 714, 2, 728, 0xc011e0dc],
      [872, 'SGE', 0, 64, 4, 80, 0x1c6a8e1b],
      [952, 'END', 0, 0, 4, 16, 0xc07a93bc],
    ]);
    expect(recs.every((r) => r.depth === 0)).toBe(true);
    expect(recs[2].raw).toEqual(FIXTURE.subarray(144, 872));
  });

  it('decodes SGS, HDR and the JSON value', () => {
    const [sgs, hdr, ajs] = readAll(FIXTURE);
    expect(sgs.signatureStart).toEqual({ type: 1, flags: 0, publicKey: fromHex(TEST_PUBLIC_KEY_HEX) });
    expect(decodeHdr(hdr.value)).toEqual({
      timestamp: 0n,
      version: 0x01000000,
      productId: 1,
      vendorId: 1,
      subtypeId: 1,
      hardwareCompatibility: 0,
      serialNumber: new Uint8Array(16),
    });
    expect(decode(ajs.value)).toMatch(/^\{"version": "1\.0\.0", "time": "2018-01-01T00:00:00\+00:00"/);
  });

  it('verifies the signature over bytes [88, 872)', () => {
    const reader = new DatafileReader(FIXTURE);
    const sge = [...reader].find((r) => r.tag === 'SGE');
    expect(sge?.signature).toEqual({
      status: 'verified',
      verified: true,
      reason: null,
      publicKey: fromHex(TEST_PUBLIC_KEY_HEX),
      start: 32,
      end: 872,
      messageStart: 88,
    });
    expect(reader.signatures).toHaveLength(1);
  });

  it('reports an untrusted key without verifying, and a changed byte as bad_signature', () => {
    const untrusted = readAll(FIXTURE, { publicKeys: [] }).find((r) => r.tag === 'SGE');
    expect(untrusted?.signature?.status).toBe('untrusted_key');
    expect(untrusted?.signature?.verified).toBe(false);
    const trusted = readAll(FIXTURE, { publicKeys: [fromHex(TEST_PUBLIC_KEY_HEX)] }).find((r) => r.tag === 'SGE');
    expect(trusted?.signature?.status).toBe('verified');

    const changed = FIXTURE.slice();
    changed[FIXTURE_RECORDS.AJS + 20] ^= 0x01;
    fixRecordCrc(changed, FIXTURE_RECORDS.AJS);
    const check = readAll(changed).find((r) => r.tag === 'SGE')?.signature;
    expect(check?.status).toBe('bad_signature');
    expect(check?.reason).toMatch(/does not match bytes \[88, 872\)/);
  });
});

describe('DatafileReader validation', () => {
  it('rejects short, foreign and corrupt headers', () => {
    expectDatafileError(() => new DatafileReader(FIXTURE.subarray(0, 31)), 'truncated', /32-byte header/);
    const magic = FIXTURE.slice();
    magic[1] = 0x55;
    expectDatafileError(() => new DatafileReader(magic), 'bad_magic');
    const crc = FIXTURE.slice();
    crc[16] = 0x00;
    expectDatafileError(() => new DatafileReader(crc), 'header_crc');
    const version = FIXTURE.slice();
    version[27] = 2;
    fixHeaderCrc(version);
    expectDatafileError(() => new DatafileReader(version), 'version', /version 2 is not supported/);
    const tiny = FIXTURE.slice();
    tiny[16] = 8;
    tiny[17] = 0;
    fixHeaderCrc(tiny);
    expectDatafileError(() => new DatafileReader(tiny), 'bad_header');
  });

  it('rejects a header length beyond the bytes present and uses the actual size for length 0', () => {
    expectDatafileError(() => new DatafileReader(FIXTURE.subarray(0, 960)), 'truncated', /968 bytes, only 960/);
    const huge = FIXTURE.slice();
    huge.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 16);
    fixHeaderCrc(huge);
    expectDatafileError(() => new DatafileReader(huge), 'truncated');
    const streaming = FIXTURE.slice();
    streaming.set(new Uint8Array(8), 16);
    fixHeaderCrc(streaming);
    const reader = new DatafileReader(streaming);
    expect(reader.headerLength).toBe(0);
    expect(reader.length).toBe(968);
    expect([...reader].map((r) => r.tag)).toEqual(['SGS', 'HDR', 'AJS', 'SGE', 'END']);
  });

  it('reads only up to the header length', () => {
    const longer = concat(FIXTURE, rawRecord('XYZ', 0, text('after')));
    expect(readAll(longer).map((r) => r.tag)).toEqual(['SGS', 'HDR', 'AJS', 'SGE', 'END']);
  });

  it('treats a record CRC mismatch as an error', () => {
    const bad = FIXTURE.slice();
    bad[FIXTURE_RECORDS.AJS + 30] ^= 0x20;
    const err = expectDatafileError(() => readAll(bad), 'record_crc', /"AJS" at 144/);
    expect(err.offset).toBe(144);
  });

  it('rejects a length field claiming 4 GB by comparing with the remaining bytes', () => {
    const rec = rawRecord('ABN', 0, new Uint8Array(8));
    new DataView(rec.buffer).setUint32(4, 0xfffffff0, true);
    expectDatafileError(() => readAll(fileOf(rec)), 'truncated', /4294967280-byte value/);
    const short = rawRecord('ABN', 0, new Uint8Array(100));
    expectDatafileError(() => readAll(fileOf(short).subarray(0, 32 + 64)), 'truncated');
  });

  it('requires zero padding', () => {
    const rec = rawRecord('MJS', 0, text('{}'));
    rec[10] = 0x20; // first padding byte after the 2-byte value
    fixRecordCrc(rec, 0);
    expectDatafileError(() => readAll(fileOf(rec)), 'bad_record', /padding/);
  });

  it('stops at END and when fewer than 16 bytes remain', () => {
    const afterEnd = fileOf(rawRecord('AJS', 0, text('a')), rawRecord('END', 0, new Uint8Array(0)), rawRecord('AJS', 0, text('b')));
    const reader = new DatafileReader(afterEnd);
    expect([...reader].map((r) => r.tag)).toEqual(['AJS', 'END']);
    expect(reader.ended).toBe(true);
    expect(reader.next()).toBeNull();

    const noEnd = concat(fileOf(rawRecord('AJS', 0, text('a'))), new Uint8Array(15).fill(0xee));
    const r2 = new DatafileReader(noEnd);
    expect([...r2].map((r) => r.tag)).toEqual(['AJS']);
    expect(r2.ended).toBe(false);
  });

  it('inflates compressed values and rejects bad or oversized zlib data', () => {
    const plain = new Uint8Array(5000).fill(7);
    const ok = fileOf(rawRecord('ABN', 0x80, zlibSync(plain)));
    const [rec] = readAll(ok);
    expect(rec.flags).toBe(0x80);
    expect(rec.value).toEqual(plain);

    expectDatafileError(() => readAll(fileOf(rawRecord('ABN', 0x80, text('not zlib data')))), 'compression', /not valid zlib/);
    expectDatafileError(() => readAll(fileOf(rawRecord('ABN', 0x80, new Uint8Array(0)))), 'compression');
    const truncatedZ = zlibSync(new Uint8Array(10000).map((_, i) => (i * 7919) & 0xff)).subarray(0, 50);
    expectDatafileError(() => readAll(fileOf(rawRecord('ABN', 0x80, truncatedZ))), 'compression');
    expectDatafileError(() => readAll(fileOf(rawRecord('ABN', 0xc0, zlibSync(plain)))), 'compression', /encrypted/);

    const bomb = zlibSync(new Uint8Array(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    expectDatafileError(() => readAll(fileOf(rawRecord('ABN', 0x80, bomb)), { maxInflatedSize: 1024 * 1024 }), 'compression', /1048576-byte limit/);
  });

  it('returns encrypted (uncompressed) values as stored', () => {
    const [rec] = readAll(fileOf(rawRecord('ABN', 0x40, text('ciphertext'))));
    expect(rec.flags).toBe(0x40);
    expect(decode(rec.value)).toBe('ciphertext');
  });

  it('checks collections: unmatched CLE, wrong end positions, short CLS', () => {
    expectDatafileError(() => readAll(fileOf(rawRecord('CLE', 0, new Uint8Array(0)))), 'bad_record', /no open CLS/);
    expectDatafileError(() => readAll(fileOf(rawRecord('CLS', 0, new Uint8Array(11)))), 'bad_record', /at least 12/);

    const w = new DatafileWriter();
    const cls = w.collectionStart(3, 1);
    w.append('ABN', new Uint8Array(4));
    w.collectionEnd();
    const good = w.finalize();
    const wrong = good.slice();
    new DataView(wrong.buffer).setUint32(cls + 8, cls + 24, true); // points at the ABN record after the 24-byte CLS
    fixRecordCrc(wrong, cls);
    expectDatafileError(() => readAll(wrong), 'bad_record', /but its CLE is at/);
    expectDatafileError(() => new DatafileReader(wrong).skip(), 'bad_record', /holds ABN, not CLE/);
    new DataView(wrong.buffer).setUint32(cls + 8, 20, true); // before the CLS itself
    fixRecordCrc(wrong, cls);
    expectDatafileError(() => new DatafileReader(wrong).skip(), 'bad_record', /not a record offset/);
  });

  it('checks subfile names', () => {
    expectDatafileError(() => readAll(fileOf(rawRecord('SUB', 0, new Uint8Array(127)))), 'bad_record', /128-byte name/);
    expectDatafileError(() => readAll(fileOf(rawRecord('SUB', 0, new Uint8Array(128).fill(0x41)))), 'bad_record', /NUL-terminated/);
    const badUtf8 = new Uint8Array(128);
    badUtf8[0] = 0xff;
    expectDatafileError(() => readAll(fileOf(rawRecord('SUB', 0, badUtf8))), 'bad_record', /UTF-8/);
  });
});

describe('DatafileReader signatures', () => {
  const key = eddsaPublicKey(TEST_SECRET_KEY);
  const sgsValue = (type: number, flags: number): Uint8Array => {
    const v = new Uint8Array(40);
    v[0] = type;
    v[1] = flags;
    v.set(key, 8);
    return v;
  };
  const statusOf = (bytes: Uint8Array): string[] => readAll(bytes).flatMap((r) => (r.signature ? [r.signature.status] : []));

  it('reports SGE without SGS, nested SGS, bad sizes and unsupported modes as unverified', () => {
    const sig64 = new Uint8Array(64);
    expect(statusOf(fileOf(rawRecord('SGE', 0, sig64)))).toEqual(['malformed']);
    expect(statusOf(fileOf(rawRecord('SGS', 0, sgsValue(1, 0)), rawRecord('SGS', 0, sgsValue(1, 0)), rawRecord('SGE', 0, sig64)))).toEqual(['malformed']);
    expect(statusOf(fileOf(rawRecord('SGS', 0, new Uint8Array(39)), rawRecord('SGE', 0, sig64)))).toEqual(['malformed']);
    expect(statusOf(fileOf(rawRecord('SGS', 0, sgsValue(1, 0)), rawRecord('SGE', 0, new Uint8Array(63))))).toEqual(['malformed']);
    expect(statusOf(fileOf(rawRecord('SGS', 0, sgsValue(2, 0)), rawRecord('SGE', 0, sig64)))).toEqual(['unsupported']);
    expect(statusOf(fileOf(rawRecord('SGS', 0, sgsValue(1, 2)), rawRecord('SGE', 0, sig64)))).toEqual(['unsupported']);
    expect(statusOf(fileOf(rawRecord('SGS', 0, sgsValue(1, 0)), rawRecord('SGE', 0, sig64)))).toEqual(['bad_signature']);
  });

  it('covers the SGS record when flags bit 0 is set', () => {
    const w = new DatafileWriter();
    const sgs = w.signatureStart(TEST_SECRET_KEY, { includeStart: true });
    w.append('AJS', '{"a": 1}');
    w.signatureEnd();
    const bytes = w.finalize();
    const check = readAll(bytes).find((r) => r.signature)?.signature;
    expect(check).toMatchObject({ status: 'verified', start: sgs, messageStart: sgs });
    // Clearing the flag (CRC fixed) changes the signed message: the signature no longer holds.
    const cleared = bytes.slice();
    cleared[sgs + 9] = 0;
    fixRecordCrc(cleared, sgs);
    expect(readAll(cleared).find((r) => r.signature)?.signature?.status).toBe('bad_signature');
  });
});

describe('DatafileWriter', () => {
  it('writes an empty file as header + END', () => {
    const bytes = new DatafileWriter().finalize();
    expect(bytes.length).toBe(48);
    expect(decodeFileHeader(bytes).length).toBe(48);
    expect(readAll(bytes).map((r) => [r.offset, r.tag])).toEqual([[32, 'END']]);
  });

  it('reproduces calibration_01.dat byte for byte from its HDR and JSON', () => {
    const json = readAll(FIXTURE)[2].value;
    const w = new DatafileWriter();
    expect(w.signatureStart(TEST_SECRET_KEY)).toBe(32);
    expect(w.appendHdr(decodeHdr(readAll(FIXTURE)[1].value))).toBe(88);
    expect(w.append('AJS', json)).toBe(144);
    expect(w.signatureEnd()).toBe(872);
    expect(hex(w.finalize())).toBe(hex(FIXTURE));
  });

  it('compresses only when strictly shorter', () => {
    const w = new DatafileWriter();
    const zeros = new Uint8Array(4000);
    const noise = new Uint8Array(200).map((_, i) => (i * 2654435761) >>> 13);
    w.append('ABN', zeros, { compress: true });
    w.append('ABN', noise, { compress: true });
    w.append('ABN', new Uint8Array(0), { compress: true });
    w.append('ABN', zeros);
    const recs = readAll(w.finalize());
    expect(recs.map((r) => r.flags)).toEqual([0x80, 0, 0, 0, 0]);
    expect(recs[0].length).toBeLessThan(100);
    expect(recs[0].value).toEqual(zeros);
    expect(recs[1].value).toEqual(noise);
    expect(recs[3].length).toBe(4000);
  });

  it('patches each CLS with the offset of its CLE, nested', () => {
    const w = new DatafileWriter();
    const outer = w.collectionStart(0, 0);
    const inner = w.collectionStart(1, 2, text('{"v_range": 0}'));
    w.append('ABN', new Uint8Array(10));
    const innerEnd = w.collectionEnd(text('index'));
    const outerEnd = w.collectionEnd();
    const recs = readAll(w.finalize());
    expect(recs.map((r) => [r.tag, r.depth])).toEqual([
      ['CLS', 0],
      ['CLS', 1],
      ['ABN', 2],
      ['CLE', 1],
      ['CLE', 0],
      ['END', 0],
    ]);
    expect(recs[0]).toMatchObject({ offset: outer, collection: { endPosition: outerEnd, id: 0, type: 0 } });
    expect(recs[1]).toMatchObject({ offset: inner, collection: { endPosition: innerEnd, id: 1, type: 2 } });
    expect(decode(recs[1].collection?.data ?? new Uint8Array(0))).toBe('{"v_range": 0}');
    expect(decode(recs[3].value)).toBe('index');
  });

  it('skips whole collections with skip(), by position or by reading through', () => {
    const w = new DatafileWriter();
    w.append('MJS', '{}');
    w.collectionStart(0);
    w.collectionStart(1);
    w.append('ABN', new Uint8Array(100));
    w.collectionEnd();
    w.collectionEnd();
    w.append('UJS', '{}');
    const bytes = w.finalize();
    const tags = (b: Uint8Array): string[] => {
      const r = new DatafileReader(b);
      const out: string[] = [];
      for (let rec = r.skip(); rec; rec = r.skip()) out.push(rec.tag);
      return out;
    };
    expect(tags(bytes)).toEqual(['MJS', 'CLS', 'UJS', 'END']);
    // A streamed file leaves end positions 0: skip() then reads through to the matching CLE.
    const streamed = bytes.slice();
    for (const rec of readAll(bytes).filter((r) => r.tag === 'CLS')) {
      streamed.fill(0, rec.offset + 8, rec.offset + 16);
      fixRecordCrc(streamed, rec.offset);
    }
    expect(readAll(streamed).filter((r) => r.collection).map((r) => r.collection?.endPosition)).toEqual([0, 0]);
    expect(tags(streamed)).toEqual(['MJS', 'CLS', 'UJS', 'END']);
  });

  it('finalize closes open collections innermost first, and the signature in nesting order', () => {
    const w = new DatafileWriter();
    w.collectionStart(1);
    w.signatureStart(TEST_SECRET_KEY);
    w.collectionStart(2);
    w.collectionStart(3);
    w.append('ABN', new Uint8Array(3));
    const recs = readAll(w.finalize());
    expect(recs.map((r) => `${r.tag}${r.collection ? r.collection.id : ''}@${r.depth}`)).toEqual([
      'CLS1@0',
      'SGS@1',
      'CLS2@1',
      'CLS3@2',
      'ABN@3',
      'CLE@2',
      'CLE@1',
      'SGE@1',
      'CLE@0',
      'END@0',
    ]);
    expect(recs.find((r) => r.signature)?.signature?.status).toBe('verified');
  });

  it('signs collections patched inside the signed region, and collections opened before it', () => {
    const w = new DatafileWriter();
    w.collectionStart(1);
    w.signatureStart(TEST_SECRET_KEY);
    w.collectionStart(2);
    w.append('ABN', new Uint8Array(50), { compress: true });
    w.collectionEnd();
    w.collectionEnd(); // ends collection 1, opened before the SGS
    w.collectionStart(3);
    w.collectionEnd();
    w.signatureEnd();
    const recs = readAll(w.finalize());
    expect(recs.find((r) => r.signature)?.signature?.status).toBe('verified');
    expect(recs.filter((r) => r.collection).every((r) => (r.collection?.endPosition ?? 0) > r.offset)).toBe(true);
  });

  it('writes subfiles that read back as datafiles', () => {
    const inner = new DatafileWriter();
    inner.append('AJS', '{"inner": true}');
    const innerBytes = inner.finalize();
    const w = new DatafileWriter();
    w.subfileAppend('calibration', innerBytes);
    w.subfileAppend('zipped ✓', innerBytes, { compress: true });
    const recs = readAll(w.finalize());
    expect(recs[0].subfile?.name).toBe('calibration');
    expect(recs[0].subfile?.data).toEqual(innerBytes);
    expect(recs[1].subfile?.name).toBe('zipped ✓');
    expect(recs[1].value.length).toBe(128 + innerBytes.length);
    expect(readAll(recs[1].subfile?.data ?? new Uint8Array(0)).map((r) => decode(r.value))).toEqual(['{"inner": true}', '']);
  });

  it('rejects misuse with RangeError (or DatafileError for a subfile that is not a datafile)', () => {
    const w = new DatafileWriter();
    expect(() => w.append('AB', new Uint8Array(0))).toThrow(RangeError);
    expect(() => w.append('ABCD', new Uint8Array(0))).toThrow(/3 printable ASCII/);
    expect(() => w.append('A\u00e9B', new Uint8Array(0))).toThrow(RangeError);
    for (const tag of ['END', 'CLS', 'CLE', 'SUB', 'SGS', 'SGE']) expect(() => w.append(tag)).toThrow(/own DatafileWriter method/);
    expect(() => w.collectionEnd()).toThrow(/without an open collection/);
    expect(() => w.collectionStart(65536)).toThrow(RangeError);
    expect(() => w.collectionStart(0, 256)).toThrow(RangeError);
    expect(() => w.signatureEnd()).toThrow(/without signatureStart/);
    expect(() => w.signatureStart(new Uint8Array(31))).toThrow(RangeError);
    expect(() => w.subfileAppend('x'.repeat(128), new DatafileWriter().finalize())).toThrow(/127/);
    expect(() => w.subfileAppend('a\u0000b', new DatafileWriter().finalize())).toThrow(/NUL/);
    expect(() => w.subfileAppend('x', text('not a datafile'))).toThrow(DatafileError);
    w.signatureStart(TEST_SECRET_KEY);
    expect(() => w.signatureStart(TEST_SECRET_KEY)).toThrow(/do not nest/);
    w.collectionStart(0);
    expect(() => w.signatureEnd()).toThrow(/end it first/);
    const before = w.position;
    w.finalize();
    expect(before).toBeGreaterThan(32);
    expect(() => w.append('ABN')).toThrow(/finalized/);
    expect(() => w.finalize()).toThrow(/finalized/);
  });
});

describe('HDR, version and timestamp', () => {
  it('round-trips HDR values and rejects out-of-range fields', () => {
    const hdr = {
      timestamp: -(2n ** 62n) + 12345n,
      version: 0x0102_0003,
      productId: 0xffff_ffff,
      vendorId: 0x16d0,
      subtypeId: 0xffff,
      hardwareCompatibility: 5,
      serialNumber: Uint8Array.from({ length: 16 }, (_, i) => i * 3),
    };
    const bytes = encodeHdr(hdr);
    expect(bytes.length).toBe(40);
    expect(decodeHdr(bytes)).toEqual(hdr);
    // Layout: u32 product at 12, u16 vendor at 16.
    expect(new DataView(bytes.buffer).getUint16(16, true)).toBe(0x16d0);
    expect(() => encodeHdr({ ...hdr, vendorId: 0x10000 })).toThrow(RangeError);
    expect(() => encodeHdr({ ...hdr, serialNumber: new Uint8Array(15) })).toThrow(/16 bytes/);
    expect(() => encodeHdr({ ...hdr, timestamp: 2n ** 63n })).toThrow(RangeError);
    expectDatafileError(() => decodeHdr(new Uint8Array(39)), 'bad_record', /40 bytes/);
  });

  it('converts versions', () => {
    expect(versionToU32('1.0.0')).toBe(0x01000000);
    expect(versionToU32('255.255.65535')).toBe(0xffffffff);
    expect(versionFromU32(0x01020003)).toBe('1.2.3');
    for (const bad of ['1.0', '1.0.0.0', 'a.b.c', '256.0.0', '1.0.65536', '']) expect(() => versionToU32(bad)).toThrow(RangeError);
  });

  it('converts timestamps as the reference formula', () => {
    expect(timestampFromDate(new Date(Date.UTC(2018, 0, 1)))).toBe(0n);
    expect(timestampFromDate(new Date(Date.UTC(2018, 0, 1, 0, 0, 1)))).toBe(2n ** 30n);
    expect(timestampFromDate(new Date(Date.UTC(2017, 11, 31, 23, 59, 59)))).toBe(-(2n ** 30n));
    // 2019-03-08T17:34:43.123Z: int((1552066483.123 - 1514764800) * 2**30) in Python.
    expect(timestampFromDate(new Date(Date.UTC(2019, 2, 8, 17, 34, 43, 123)))).toBe(40052377274759936n);
    expect(timestampToDate(40052377274759936n).toISOString()).toBe('2019-03-08T17:34:43.123Z');
    expect(() => timestampFromDate(new Date(NaN))).toThrow(RangeError);
  });
});

describe('crc32 of records', () => {
  it('is the CRC of the record bytes before it', () => {
    for (const rec of readAll(FIXTURE)) expect(crc32(rec.raw.subarray(0, rec.size - 4))).toBe(rec.crc);
  });
});
