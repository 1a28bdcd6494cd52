// Issue items: non-finite calibration values, the END trailer and the version at parse, and
// that parseCalibration refuses exactly what serializeCalibration could not write back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalibrationError,
  DatafileError,
  DatafileReader,
  DatafileWriter,
  decodeHdr,
  defaultCalibration,
  parseCalibration,
  serializeCalibration,
} from '../src/index';
import type { CalibrationErrorCode } from '../src/index';
import { FIXTURE, FIXTURE_RECORDS, TEST_PUBLIC_KEY_HEX, TEST_SECRET_KEY, concat, fixHeaderCrc, fixRecordCrc, fromHex, prng, rawRecord } from './_datafile-helpers';
import { expectOwnError } from './_typed-error';

const TEST_KEY = fromHex(TEST_PUBLIC_KEY_HEX);
const fixtureJson = new TextDecoder().decode([...new DatafileReader(FIXTURE)][2].value);
const fixtureHdr = decodeHdr([...new DatafileReader(FIXTURE)][1].value);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalibrationError || e instanceof DatafileError) return `${e.name}:${e.code}`;
    return `untyped:${String(e)}`;
  }
  return 'ok';
}

function recordWithJson(json: string, secretKey?: Uint8Array): Uint8Array {
  const w = new DatafileWriter();
  if (secretKey) w.signatureStart(secretKey);
  w.appendHdr(fixtureHdr);
  w.append('AJS', json);
  if (secretKey) w.signatureEnd();
  return w.finalize();
}

function expectCode(fn: () => unknown, code: CalibrationErrorCode, message?: RegExp): void {
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

/** The fixture JSON with entry `i` of one array replaced by the token `value`. */
function withEntry(field: 'current' | 'voltage', key: 'offset' | 'gain', i: number, value: string): string {
  const re = new RegExp(`("${field}": \\{[^}]*"${key}": \\[)([^\\]]*)\\]`);
  return fixtureJson.replace(re, (_, head: string, list: string) => {
    const parts = list.split(', ');
    parts[i] = value;
    return `${head}${parts.join(', ')}]`;
  });
}

describe('parseCalibration: values calibration cannot use', () => {
  it.each([
    ['current', 'gain', 0, 'NaN'],
    ['current', 'gain', 6, 'Infinity'],
    ['current', 'offset', 3, '-Infinity'],
    ['current', 'offset', 0, '1e39'],
    ['voltage', 'gain', 1, 'NaN'],
    ['voltage', 'offset', 0, '-4e38'],
  ] as const)('refuses %s %s[%d] = %s with CalibrationError bad_value, signed or not', (field, key, i, token) => {
    const json = withEntry(field, key, i, token);
    expect(json).not.toBe(fixtureJson);
    expectCode(() => parseCalibration(recordWithJson(json)), 'bad_value', new RegExp(`${field}(Offset|Gain)\\[${String(i)}\\]`, 'i'));
    expectCode(() => parseCalibration(recordWithJson(json, TEST_SECRET_KEY), { publicKeys: [TEST_KEY] }), 'bad_value');
  });

  it('accepts NaN or anything at unused entries (current 7 and 8), as real records hold', () => {
    const cal = parseCalibration(recordWithJson(withEntry('current', 'gain', 7, 'NaN')));
    expect(cal.currentGain[7]).toBe(0);
    expect(cal.currentGain[8]).toBeNaN();
  });

  it('refuses a short current array whose stuffed entries would be NaN', () => {
    const json = fixtureJson.replace(/"current": \{"offset": \[[^\]]*\]/, '"current": {"offset": [1.0, NaN]');
    expectCode(() => parseCalibration(recordWithJson(json)), 'bad_value', /currentOffset\[1\]/);
  });
});

describe('parseCalibration: the END trailer and every CRC', () => {
  it('refuses a damaged END after the signed region instead of loading it as signed', () => {
    expect(parseCalibration(FIXTURE, { publicKeys: [TEST_KEY] }).signed).toBe(true);
    for (let at = FIXTURE_RECORDS.END; at < FIXTURE.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const bytes = FIXTURE.slice();
        bytes[at] ^= 1 << bit;
        const code = codeOf(() => parseCalibration(bytes, { publicKeys: [TEST_KEY] }));
        expect(code, `bit ${String(bit)} of byte ${String(at)}`).toMatch(/^(DatafileError|CalibrationError):/);
      }
    }
  });

  it('refuses an END whose CRC was recomputed after a change (not END any more, or bad padding)', () => {
    const tag = FIXTURE.slice();
    tag[FIXTURE_RECORDS.END] = 0x46; // 'F'ND
    fixRecordCrc(tag, FIXTURE_RECORDS.END);
    expectCode(() => parseCalibration(tag, { publicKeys: [TEST_KEY] }), 'missing_tag', /expected END/);
    const pad = FIXTURE.slice();
    pad[FIXTURE_RECORDS.END + 9] = 1;
    fixRecordCrc(pad, FIXTURE_RECORDS.END);
    expect(codeOf(() => parseCalibration(pad, { publicKeys: [TEST_KEY] }))).toBe('DatafileError:bad_record');
  });

  it('refuses a record without END, and checks records between SGE and END', () => {
    const noEnd = FIXTURE.slice(0, FIXTURE_RECORDS.END);
    new DataView(noEnd.buffer).setUint32(16, noEnd.length, true);
    fixHeaderCrc(noEnd);
    expectCode(() => parseCalibration(noEnd, { publicKeys: [TEST_KEY] }), 'missing_tag', /expected END/);

    const extra = rawRecord('UJS', 0, new TextEncoder().encode('{}'));
    const withExtra = concat(FIXTURE.subarray(0, FIXTURE_RECORDS.END), extra, FIXTURE.subarray(FIXTURE_RECORDS.END));
    new DataView(withExtra.buffer).setUint32(16, withExtra.length, true);
    fixHeaderCrc(withExtra);
    expect(parseCalibration(withExtra, { publicKeys: [TEST_KEY] }).signed).toBe(true);
    withExtra[FIXTURE_RECORDS.END + 8] ^= 1; // the UJS value, CRC not fixed
    expect(codeOf(() => parseCalibration(withExtra, { publicKeys: [TEST_KEY] }))).toBe('DatafileError:record_crc');
  });

  it('never loads as signed after any single bit flip of the fixture', () => {
    for (let at = 0; at < FIXTURE.length; at++) {
      const bytes = FIXTURE.slice();
      bytes[at] ^= 1 << (at % 8);
      let signed = false;
      try {
        signed = parseCalibration(bytes, { publicKeys: [TEST_KEY] }).signed;
      } catch (e) {
        if (!(e instanceof CalibrationError || e instanceof DatafileError)) throw e;
      }
      if (signed) expect.fail(`signed after flipping bit ${String(at % 8)} of byte ${String(at)}`);
    }
  });
});

describe('parseCalibration refuses what serializeCalibration would refuse', () => {
  it.each([
    ['"999.999.999999"', /"version" must be "major.minor.patch"/],
    ['"256.0.0"', /major, minor < 256/],
    ['"1.0.65536"', /patch < 65536/],
    ['"1.0"', /"version"/],
    ['"v1.0.0"', /"version"/],
  ])('refuses version %s with bad_field', (version, message) => {
    expectCode(() => parseCalibration(recordWithJson(fixtureJson.replace('"version": "1.0.0"', `"version": ${version}`))), 'bad_field', message);
  });

  it('refuses a time that falls outside years 1..9999 once in UTC', () => {
    const at = (t: string): Uint8Array => recordWithJson(fixtureJson.replace('2018-01-01T00:00:00+00:00', t));
    expectCode(() => parseCalibration(at('0001-01-01T00:00:00+01:00')), 'bad_field', /years 1\.\.9999/);
    expectCode(() => parseCalibration(at('9999-12-31T23:30:00-01:00')), 'bad_field', /years 1\.\.9999/);
    expect(parseCalibration(at('0001-01-01T00:00:00+00:00')).time.getUTCFullYear()).toBe(1);
  });

  it('whatever parses from a corrupted record serializes again and reads back the same (fuzz)', () => {
    const rand = prng(0x5eed_00c4);
    let parsed = 0;
    for (let k = 0; k < 1500; k++) {
      const json = fixtureJson.split('');
      for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
        json[Math.floor(rand() * json.length)] = '0123456789.-+eE:NaInfty"T '[Math.floor(rand() * 27)];
      }
      let cal;
      try {
        cal = parseCalibration(recordWithJson(json.join('')));
      } catch (e) {
        if (e instanceof CalibrationError || e instanceof DatafileError) continue;
        throw e;
      }
      parsed++;
      const again = parseCalibration(serializeCalibration(cal));
      expect(again.version).toBe(cal.version);
      expect(again.serialNumber).toBe(cal.serialNumber);
      expect(again.currentGain).toEqual(cal.currentGain);
      expect(again.voltageOffset).toEqual(cal.voltageOffset);
    }
    expect(parsed).toBeGreaterThan(100);
  });
});

describe('serializeCalibration refuses values parseCalibration would refuse', () => {
  it('refuses non-finite and float32-overflowing used values with RangeError', () => {
    const cal = defaultCalibration();
    for (const bad of [NaN, Infinity, -Infinity, 1e39]) {
      expectOwnError(() => serializeCalibration({ ...cal, currentGain: Float32Array.of(1, 1, bad, 1, 1, 1, 1, 0, NaN) }), RangeError);
      expectOwnError(() => serializeCalibration({ ...cal, voltageOffset: Float64Array.of(0, bad) as unknown as Float32Array }), RangeError);
    }
  });

  it('names wrong types with TypeError', () => {
    const cal = defaultCalibration();
    expectOwnError(() => serializeCalibration(null as unknown as typeof cal), TypeError);
    expect(() => serializeCalibration({ ...cal, time: '2020-01-01' as unknown as Date })).toThrow(/time must be a Date/);
    expectOwnError(() => serializeCalibration({ ...cal, currentOffset: null as unknown as Float32Array }), TypeError);
    expectOwnError(() => serializeCalibration({ ...cal, version: 1 as unknown as string }), TypeError);
    expectOwnError(() => serializeCalibration(cal, { privateKey: 'key' as unknown as Uint8Array }), TypeError);
    expectOwnError(() => serializeCalibration(cal, null as unknown as object), TypeError);
  });

  it('any finite float32 values round-trip exactly (property)', () => {
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(f32, { minLength: 7, maxLength: 7 }), (v) => {
        const cal = { ...defaultCalibration(), currentGain: Float32Array.from([...v, 0, NaN]) };
        expect(parseCalibration(serializeCalibration(cal)).currentGain).toEqual(cal.currentGain);
      }),
      { numRuns: 100 },
    );
  });
});

describe('parseCalibration options', () => {
  it('refuses options that are not what they should be, with TypeError', () => {
    expect(() => parseCalibration(FIXTURE, null as unknown as object)).toThrow(/options must be an object, got null/);
    expectOwnError(() => parseCalibration(FIXTURE, { publicKeys: TEST_KEY as unknown as Uint8Array[] }), TypeError);
    expectOwnError(() => parseCalibration(FIXTURE, { publicKeys: ['f65333fa'] as unknown as Uint8Array[] }), TypeError);
    expectOwnError(() => parseCalibration([1, 2, 3] as unknown as Uint8Array), TypeError);
  });
});
