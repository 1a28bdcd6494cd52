import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalibrationError,
  DatafileError,
  DatafileReader,
  DatafileWriter,
  PUBLIC_KEYS,
  calibrationPublicKeys,
  decodeHdr,
  defaultCalibration,
  eddsaPublicKey,
  parseCalibration,
  serializeCalibration,
} from '../src/index';
import type { Calibration, CalibrationErrorCode } from '../src/index';
import { FIXTURE, FIXTURE_RECORDS, TEST_PUBLIC_KEY_HEX, TEST_SECRET_KEY, fixRecordCrc, fromHex, hex } from './_datafile-helpers';

const TEST_KEY = fromHex(TEST_PUBLIC_KEY_HEX);

// Expected values of the fixtures README (reference test constants).
const EXPECTED = {
  voltageOffset: [-1150.5926667302124, -2041.675208990041],
  voltageGain: [0.0009468113102263853, 0.00029342128123136175],
  currentOffset: [
    -2806.717811538373, -2822.6645675137756, -2820.88100055503, -2822.6200621623125, -2820.462616626318, -2820.5826040862453,
    -2818.676888822763, 0.0, NaN,
  ],
  currentGain: [
    0.0006828914450133605, 0.00016375303534373303, 1.4626174421742075e-5, 1.4937616926812478e-6, 1.4970493483159016e-7,
    1.498388811827842e-8, 1.4984542304875239e-9, 0.0, NaN,
  ],
};

function expectClose(actual: Float32Array, expected: number[]): void {
  expect(actual).toBeInstanceOf(Float32Array);
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i];
    if (Number.isNaN(e)) expect(a, `index ${i}`).toBeNaN();
    else expect(Math.abs(a - Math.fround(e)), `index ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-6 * Math.abs(e));
  });
}

function expectCalibrationError(fn: () => unknown, code: CalibrationErrorCode, message?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CalibrationError);
  expect((caught as CalibrationError).code).toBe(code);
  if (message) expect((caught as CalibrationError).message).toMatch(message);
}

/** A calibration record with the given JSON text (unsigned unless a key is given). */
function recordWithJson(json: string, options: { secretKey?: Uint8Array; tag?: string } = {}): Uint8Array {
  const w = new DatafileWriter();
  if (options.secretKey) w.signatureStart(options.secretKey);
  w.appendHdr(decodeHdr([...new DatafileReader(FIXTURE)][1].value));
  w.append(options.tag ?? 'AJS', json);
  if (options.secretKey) w.signatureEnd();
  return w.finalize();
}

const fixtureJson = new TextDecoder().decode([...new DatafileReader(FIXTURE)][2].value);

describe('parseCalibration on calibration_01.dat', () => {
  it('loads the expected values, signed with the test key allowed', () => {
    const cal = parseCalibration(FIXTURE, { publicKeys: [TEST_KEY] });
    expectClose(cal.voltageOffset, EXPECTED.voltageOffset);
    expectClose(cal.voltageGain, EXPECTED.voltageGain);
    expectClose(cal.currentOffset, EXPECTED.currentOffset);
    expectClose(cal.currentGain, EXPECTED.currentGain);
    expect(cal.serialNumber).toBe('00000000000000000000000000000000');
    expect(cal.version).toBe('1.0.0');
    expect(cal.time.toISOString()).toBe('2018-01-01T00:00:00.000Z');
    expect(cal.signed).toBe(true);
    expect(cal.signatureStatus).toBe('verified');
    expect(cal.unsignedReason).toBeNull();
  });

  it('is not signed with the default (official) keys, nor with an empty key list', () => {
    const official = parseCalibration(FIXTURE);
    expect(official.signed).toBe(false);
    expect(official.signatureStatus).toBe('untrusted_key');
    expect(official.unsignedReason).toContain(TEST_PUBLIC_KEY_HEX);
    expectClose(official.currentGain, EXPECTED.currentGain);
    const none = parseCalibration(FIXTURE, { publicKeys: [] });
    expect(none.signed).toBe(false);
    expect(none.signatureStatus).toBe('untrusted_key');
  });

  it('reports a bad signature as signed false with the reason, never a throw', () => {
    const changed = FIXTURE.slice();
    const at = FIXTURE_RECORDS.AJS + 8 + fixtureJson.indexOf('-1150.59') + 3; // a digit of a voltage offset
    changed[at] = changed[at] === 0x31 ? 0x32 : 0x31;
    fixRecordCrc(changed, FIXTURE_RECORDS.AJS);
    const cal = parseCalibration(changed, { publicKeys: [TEST_KEY] });
    expect(cal.signed).toBe(false);
    expect(cal.signatureStatus).toBe('bad_signature');
    expect(cal.unsignedReason).toMatch(/does not match/);
    expect(cal.voltageOffset[0]).not.toBe(Math.fround(-1150.5926513671875));
  });
});

describe('serializeCalibration', () => {
  it('writes the reference layout: the fixture with 9-entry current arrays', () => {
    const cal = parseCalibration(FIXTURE, { publicKeys: [TEST_KEY] });
    const bytes = serializeCalibration(cal, { privateKey: TEST_SECRET_KEY });
    const recs = [...new DatafileReader(bytes)];
    expect(recs.map((r) => r.tag)).toEqual(['SGS', 'HDR', 'AJS', 'SGE', 'END']);
    // SGS and HDR records are identical to the fixture's, byte for byte.
    expect(hex(recs[0].raw)).toBe(hex(FIXTURE.subarray(32, 88)));
    expect(hex(recs[1].raw)).toBe(hex(FIXTURE.subarray(88, 144)));
    // The JSON is the fixture's with the current arrays extended from 8 (7 + NaN) to 9 (7 + 0.0 + NaN) entries.
    expect(new TextDecoder().decode(recs[2].value)).toBe(fixtureJson.replaceAll(', NaN]', ', 0.0, NaN]'));
    expect(recs[3].signature?.status).toBe('verified');
    expect(parseCalibration(bytes, { publicKeys: [TEST_KEY] }).signed).toBe(true);
  });

  it('round-trips unsigned and signed records', () => {
    const cal: Calibration = {
      ...defaultCalibration('0123456789abcdef0123456789ABCDEF'),
      currentOffset: Float32Array.of(-1, -2, -3, -4, -5, -6, -7, 99, 99),
      currentGain: Float32Array.of(1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 5, 5),
      voltageOffset: Float32Array.of(-1000.25, -2000.5),
      voltageGain: Float32Array.of(0.001, 0.0003),
      time: new Date('2021-06-30T12:34:56.789Z'),
      version: '2.3.4',
    };
    const unsigned = parseCalibration(serializeCalibration(cal));
    expect(unsigned.signed).toBe(false);
    expect(unsigned.signatureStatus).toBe('unsigned');
    const signed = parseCalibration(serializeCalibration(cal, { privateKey: TEST_SECRET_KEY }), { publicKeys: [TEST_KEY] });
    expect(signed.signed).toBe(true);
    for (const back of [unsigned, signed]) {
      expect([...back.currentOffset]).toEqual([-1, -2, -3, -4, -5, -6, -7, 0, NaN]);
      expect(back.currentGain).toEqual(Float32Array.of(1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 0, NaN));
      expect(back.voltageOffset).toEqual(cal.voltageOffset);
      expect(back.voltageGain).toEqual(cal.voltageGain);
      expect(back.serialNumber).toBe('0123456789abcdef0123456789abcdef');
      expect(back.time.toISOString()).toBe('2021-06-30T12:34:56.789Z');
      expect(back.version).toBe('2.3.4');
    }
    const json = new TextDecoder().decode([...new DatafileReader(serializeCalibration(cal))][1].value);
    expect(json).toContain('"time": "2021-06-30T12:34:56.789000+00:00", "timestamp": "');
  });

  it('round-trips any finite float32 values exactly (property)', () => {
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(f32, { minLength: 9, maxLength: 9 }), fc.array(f32, { minLength: 4, maxLength: 4 }), (cur, volt) => {
        const cal = { ...defaultCalibration(), currentOffset: Float32Array.from(cur), voltageGain: Float32Array.from(volt.slice(0, 2)), voltageOffset: Float32Array.from(volt.slice(2)) };
        const back = parseCalibration(serializeCalibration(cal));
        expect(back.currentOffset.subarray(0, 7)).toEqual(cal.currentOffset.subarray(0, 7));
        expect(back.voltageGain).toEqual(cal.voltageGain);
        expect(back.voltageOffset).toEqual(cal.voltageOffset);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects values it cannot write with RangeError', () => {
    const cal = defaultCalibration();
    expect(() => serializeCalibration({ ...cal, serialNumber: 'xyz' })).toThrow(/32 hex digits/);
    expect(() => serializeCalibration({ ...cal, version: '1.0' })).toThrow(RangeError);
    expect(() => serializeCalibration({ ...cal, time: new Date(NaN) })).toThrow(RangeError);
    expect(() => serializeCalibration({ ...cal, voltageGain: Float32Array.of(1) })).toThrow(/voltageGain needs 2/);
    expect(() => serializeCalibration({ ...cal, currentGain: new Float32Array(6) })).toThrow(/at least 7/);
    expect(() => serializeCalibration(cal, { privateKey: new Uint8Array(16) })).toThrow(RangeError);
  });
});

describe('defaultCalibration and keys', () => {
  it('is the identity with entry 7 = 0 and entry 8 = NaN', () => {
    const cal = defaultCalibration('ab'.repeat(16));
    expect([...cal.currentOffset]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, NaN]);
    expect([...cal.currentGain]).toEqual([1, 1, 1, 1, 1, 1, 1, 0, NaN]);
    expect([...cal.voltageOffset, ...cal.voltageGain]).toEqual([0, 0, 1, 1]);
    expect(cal.serialNumber).toBe('ab'.repeat(16));
    expect(cal.signed).toBe(false);
    expect(cal.signatureStatus).toBe('default');
  });

  it('exports the official keys; the calibration defaults are the two calibration keys', () => {
    expect(hex(PUBLIC_KEYS.CALIBRATION_SIGNING)).toBe('3b3aee3fb2ac984fd37040aa52092e2ad88371455285002a6eef568ef152232f');
    expect(hex(PUBLIC_KEYS.RECALIBRATION_01_SIGNING)).toBe('75693bf67e3a8d783789e831e16a8df40fee55b363e787d2212866b1a18cf64d');
    expect(hex(PUBLIC_KEYS.JOULESCOPE_ROOT)).toBe('eb385a7ff9c1315deba7cd5fca29630a1a0c66b4bbb0deac5c1e18aa68715ae4');
    expect(calibrationPublicKeys().map(hex)).toEqual([hex(PUBLIC_KEYS.CALIBRATION_SIGNING), hex(PUBLIC_KEYS.RECALIBRATION_01_SIGNING)]);
    expect(Object.isFrozen(PUBLIC_KEYS)).toBe(true);
  });

  it('trusts an allowed key in any position of the list', () => {
    const other = eddsaPublicKey(new Uint8Array(32).fill(9));
    expect(parseCalibration(FIXTURE, { publicKeys: [other, PUBLIC_KEYS.CALIBRATION_SIGNING, TEST_KEY] }).signed).toBe(true);
  });
});

describe('parseCalibration load procedure (docs/datafile.md, "Calibration records")', () => {
  it('accepts CJS in place of AJS and unsigned records', () => {
    const cal = parseCalibration(recordWithJson(fixtureJson, { tag: 'CJS' }));
    expect(cal.signatureStatus).toBe('unsigned');
    expect(cal.unsignedReason).toMatch(/no signature/);
    expectClose(cal.currentGain, EXPECTED.currentGain);
  });

  it('requires HDR, then AJS/CJS', () => {
    const noHdr = new DatafileWriter();
    noHdr.append('AJS', fixtureJson);
    expectCalibrationError(() => parseCalibration(noHdr.finalize()), 'missing_tag', /expected HDR, found AJS/);
    const noJson = new DatafileWriter();
    noJson.appendHdr(decodeHdr([...new DatafileReader(FIXTURE)][1].value));
    expectCalibrationError(() => parseCalibration(noJson.finalize()), 'missing_tag', /expected AJS \(or CJS\).*found END/);
    expectCalibrationError(() => parseCalibration(new DatafileWriter().finalize()), 'missing_tag', /found END/);
  });

  it('reports a signed record without SGE as missing_end', () => {
    const w = new DatafileWriter();
    w.signatureStart(TEST_SECRET_KEY);
    w.appendHdr(decodeHdr([...new DatafileReader(FIXTURE)][1].value));
    w.append('AJS', fixtureJson);
    w.append('UJS', '{}');
    const cal = parseCalibration(w.finalize(), { publicKeys: [TEST_KEY] });
    expect(cal.signed).toBe(false);
    expect(cal.signatureStatus).toBe('missing_end');
    expect(cal.unsignedReason).toMatch(/followed by UJS/);
  });

  it('checks the product', () => {
    expectCalibrationError(() => parseCalibration(recordWithJson(fixtureJson.replace('"1.1.1"', '"1.1.2"'))), 'wrong_product', /"1\.1\.2".*only "1\.1\.1"/);
    expectCalibrationError(() => parseCalibration(recordWithJson('{"version": "1.0.0"}')), 'wrong_product', /no product/);
  });

  it('rejects unparsable JSON and invalid UTF-8 as bad_json', () => {
    expectCalibrationError(() => parseCalibration(recordWithJson(fixtureJson.slice(0, -1))), 'bad_json');
    expectCalibrationError(() => parseCalibration(recordWithJson(fixtureJson.replace('NaN]', 'nan]'))), 'bad_json');
    const w = new DatafileWriter();
    w.appendHdr(decodeHdr([...new DatafileReader(FIXTURE)][1].value));
    w.append('AJS', Uint8Array.of(0x7b, 0xff, 0x7d));
    expectCalibrationError(() => parseCalibration(w.finalize()), 'bad_json', /cannot be parsed/);
  });

  it.each([
    ['"version": "1.0.0"', '"version": 1', /"version" must be a string/],
    ['"time": "2018-01-01T00:00:00+00:00"', '"time": "yesterday"', /ISO-8601/],
    ['"time": "2018-01-01T00:00:00+00:00"', '"time": "2018-02-30T00:00:00"', /ISO-8601/],
    ['"serial_number": "00000000000000000000000000000000"', '"serial_number": "0000"', /32 hex digits/],
    ['"voltage": {', '"voltage": [], "x": {', /"voltage" must be a JSON object/],
    ['"gain": [0.0009468112839385867, 0.0002934212679974735]', '"gain": [0.0009468112839385867]', /must have 2 entries/],
    ['"offset": [-2806.7177734375,', '"offset": ["-2806.7177734375",', /array of numbers/],
    ['"gain": [0.0006828914629295468,', '"gain": [], "g": [0.0006828914629295468,', /is empty/],
  ])('rejects a bad field: %s → %s', (from, to, message) => {
    expect(fixtureJson).toContain(from);
    expectCalibrationError(() => parseCalibration(recordWithJson(fixtureJson.replace(from, to))), 'bad_field', message);
  });

  it('stuffs short current arrays and cuts long ones to 9 entries', () => {
    const short = fixtureJson.replace(/"current": \{"offset": \[[^\]]*\], "gain": \[[^\]]*\]\}/, '"current": {"offset": [1.5, 2.5], "gain": [3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0]}');
    const cal = parseCalibration(recordWithJson(short));
    expect([...cal.currentOffset]).toEqual([1.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 0, NaN]);
    expect([...cal.currentGain]).toEqual([3, 4, 5, 6, 7, 8, 9, 0, NaN]);
  });

  it('parses the time zones Python writes', () => {
    const at = (time: string): string => parseCalibration(recordWithJson(fixtureJson.replace('2018-01-01T00:00:00+00:00', time))).time.toISOString();
    expect(at('2019-03-08T17:34:43.123456+00:00')).toBe('2019-03-08T17:34:43.123Z');
    expect(at('2019-03-08T19:34:43+02:00')).toBe('2019-03-08T17:34:43.000Z');
    expect(at('2019-03-08T12:04:43-05:30')).toBe('2019-03-08T17:34:43.000Z');
    expect(at('2019-03-08T17:34:43Z')).toBe('2019-03-08T17:34:43.000Z');
    expect(at('2019-03-08 17:34:43')).toBe('2019-03-08T17:34:43.000Z');
  });

  it('propagates datafile faults as DatafileError', () => {
    const bad = FIXTURE.slice();
    bad[FIXTURE_RECORDS.HDR + 10] ^= 1;
    expect(() => parseCalibration(bad)).toThrow(DatafileError);
    expect(() => parseCalibration(FIXTURE.subarray(0, 20))).toThrow(DatafileError);
  });
});
