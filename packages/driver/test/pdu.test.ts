import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeExtio, decodeSettings, encodeExtio, encodeExtioStatus, encodeInfo, encodeSettings, encodeStatus, Js110Error, Js110ProtocolError, parseExtioStatus, parseInfo, parseStatus } from '../src/index';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const bytes = (text: string): Uint8Array => Uint8Array.from(text.trim().split(/\s+/), (h) => parseInt(h, 16));

describe('SETTINGS PDU (§2.4)', () => {
  it('encodes the byte table', () => {
    // auto range, raw source, 5 V, ovr_to_lsb on, streaming normal (3)
    const pdu = encodeSettings({ sensorPower: 1, iRange: 0x80, source: 0xc0, vRange: 1, ovrToLsb: 1, streaming: 3 });
    expect(hex(pdu)).toBe('01 10 01 00 00 00 00 00 01 80 c0 03 03 00 00 00');
    const stop = encodeSettings({ sensorPower: 1, iRange: 0x20, source: 0, vRange: 0, ovrToLsb: 0, streaming: 0 });
    expect(hex(stop)).toBe('01 10 01 00 00 00 00 00 01 20 00 00 00 00 00 00');
    expect(hex(encodeSettings({ sensorPower: 0, iRange: 0, source: 0xaf, vRange: 1, ovrToLsb: 0, streaming: 0x83 }))).toBe(
      '01 10 01 00 00 00 00 00 00 00 af 02 83 00 00 00',
    );
  });

  it('decodes what it encodes', () => {
    const field = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(field, field, field, fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 }), field, (p, i, s, v, o, st) => {
        const fields = { sensorPower: p, iRange: i, source: s, vRange: v, ovrToLsb: o, streaming: st };
        expect(decodeSettings(encodeSettings(fields))).toEqual(fields);
      }),
    );
  });

  it('rejects bad fields and bad PDUs', () => {
    const ok = { sensorPower: 1, iRange: 0x80, source: 0xc0, vRange: 0, ovrToLsb: 0, streaming: 3 };
    expect(() => encodeSettings({ ...ok, vRange: 2 })).toThrow(/vRange must be an integer in \[0, 1\], got 2/);
    expect(() => encodeSettings({ ...ok, iRange: 256 })).toThrow(RangeError);
    expect(() => encodeSettings({ ...ok, source: 1.5 })).toThrow(RangeError);
    expect(() => encodeSettings({ ...ok, source: 1.5 })).toThrow(Js110Error);
    expect(() => decodeSettings(new Uint8Array(15))).toThrow(Js110ProtocolError);
    expect(() => decodeSettings(bytes('01 10 02 00 00 00 00 00 01 80 c0 00 03 00 00 00'))).toThrow(/header 01 10 01/);
  });
});

describe('STATUS PDU (§2.5)', () => {
  const v1 = bytes('01 18 02 00 00 00 00 00  13 00 00 00  10 27 00 00  05 00 00 00  07 80 c0 00');

  it('parses the 24-byte v1 reply', () => {
    expect(parseStatus(v1)).toEqual({
      length: 24,
      settingsResult: 19,
      fpgaFrameCounter: 10000,
      fpgaDiscardCounter: 5,
      sensorFlags: 7,
      sensorIRange: 0x80,
      sensorSource: 0xc0,
      statistics: null,
    });
    const negative = v1.slice();
    negative.set([0xff, 0xff, 0xff, 0xff], 8);
    expect(parseStatus(negative).settingsResult).toBe(-1);
  });

  it('parses the 104-byte v2 reply with statistics in SI units', () => {
    const reply = new Uint8Array(104);
    reply.set(v1);
    reply[1] = 104;
    const view = new DataView(reply.buffer);
    const b = 24;
    view.setBigInt64(b + 0, 3_000_000n, true); // samples_total
    view.setBigInt64(b + 8, BigInt(2 ** 34 / 4), true); // power_mean 0.25 W
    view.setBigInt64(b + 16, BigInt(3 * 2 ** 27), true); // charge 3 C
    view.setBigInt64(b + 24, -BigInt(2 ** 26), true); // energy -0.5 J
    view.setInt32(b + 32, 1_000_000, true); // samples_this
    view.setInt32(b + 36, 1_000_000, true);
    view.setInt32(b + 40, 2_000_000, true);
    view.setInt32(b + 44, 2 ** 27 / 8, true); // current_mean 0.125 A
    view.setInt32(b + 48, -(2 ** 27) / 4, true); // current_min -0.25 A
    view.setInt32(b + 52, 2 ** 27 / 2, true); // current_max 0.5 A
    view.setInt32(b + 56, 33 * 2 ** 17 / 10, true); // voltage_mean 3.3 V (rounded)
    view.setInt32(b + 60, 3 * 2 ** 17, true);
    view.setInt32(b + 64, 4 * 2 ** 17, true);
    view.setInt32(b + 68, -(2 ** 21), true); // power_min -1 W
    view.setInt32(b + 72, 2 * 2 ** 21, true);
    const status = parseStatus(reply);
    expect(status.length).toBe(104);
    const s = status.statistics;
    expect(s).not.toBeNull();
    if (s === null) return;
    expect(s.samplesTotal).toBe(3_000_000);
    expect(s.samplesThis).toBe(1_000_000);
    expect(s.samplesPerUpdate).toBe(1_000_000);
    expect(s.samplesPerSecond).toBe(2_000_000);
    expect(s.time).toEqual({ start: 1, end: 1.5, delta: 0.5 });
    expect(s.power.mean).toBe(0.25);
    expect(s.charge).toBe(3);
    expect(s.energy).toBe(-0.5);
    expect(s.current).toEqual({ mean: 0.125, min: -0.25, max: 0.5, p2p: 0.75, integral: 0.0625 });
    expect(s.voltage.mean).toBeCloseTo(3.3, 5);
    expect(s.voltage.min).toBe(3);
    expect(s.voltage.max).toBe(4);
    expect(s.voltage.p2p).toBe(1);
    expect(s.power).toEqual({ mean: 0.25, min: -1, max: 2, p2p: 3, integral: 0.125 });
  });

  it('reports no statistics when samples_this is 0', () => {
    const reply = new Uint8Array(104);
    reply.set(v1);
    reply[1] = 104;
    expect(parseStatus(reply).statistics).toBeNull();
  });

  it('rejects other lengths and headers', () => {
    expect(() => parseStatus(new Uint8Array(23))).toThrow(/24 or 104 bytes, got 23/);
    expect(() => parseStatus(new Uint8Array(128))).toThrow(Js110ProtocolError);
    const badType = v1.slice();
    badType[2] = 3;
    expect(() => parseStatus(badType)).toThrow(/version 1, its length 24 and type 2/);
    const badLength = v1.slice();
    badLength[1] = 104;
    expect(() => parseStatus(badLength)).toThrow(Js110ProtocolError);
    const badVersion = v1.slice();
    badVersion[0] = 2;
    expect(() => parseStatus(badVersion)).toThrow(Js110ProtocolError);
  });

  it('encodes what the firmware sends and parses it back within one LSB', () => {
    const fields = { settingsResult: 0, fpgaFrameCounter: 123456, fpgaDiscardCounter: 2, sensorFlags: 1, sensorIRange: 0x08, sensorSource: 0xc0 };
    expect(hex(encodeStatus(fields))).toBe('01 18 02 00 00 00 00 00 00 00 00 00 40 e2 01 00 02 00 00 00 01 08 c0 00');
    const amps = fc.double({ min: -15, max: 15, noNaN: true });
    const volts = fc.double({ min: -15, max: 15, noNaN: true });
    fc.assert(
      fc.property(amps, volts, fc.double({ min: -1000, max: 1000, noNaN: true }), fc.integer({ min: 1, max: 2 ** 30 }), (i, v, q, n) => {
        const stats = {
          samplesTotal: n * 3,
          samplesThis: n,
          samplesPerUpdate: n,
          samplesPerSecond: 2_000_000,
          current: { mean: i, min: i - 0.5, max: i + 0.5 },
          voltage: { mean: v, min: v - 1, max: v + 1 },
          power: { mean: i * v, min: -100, max: 100 },
          charge: q,
          energy: -q,
        };
        const parsed = parseStatus(encodeStatus(fields, stats)).statistics;
        expect(parsed).not.toBeNull();
        if (parsed === null) return;
        expect(parsed.samplesTotal).toBe(n * 3);
        expect(Math.abs(parsed.current.mean - i)).toBeLessThanOrEqual(2 ** -27);
        expect(Math.abs(parsed.voltage.max - (v + 1))).toBeLessThanOrEqual(2 ** -17);
        expect(Math.abs(parsed.power.mean - i * v)).toBeLessThanOrEqual(2 ** -34 + Math.abs(i * v) * 2 ** -52);
        expect(Math.abs(parsed.charge - q)).toBeLessThanOrEqual(2 ** -27);
        expect(parsed.power.max).toBe(100);
      }),
    );
    expect(encodeStatus(fields, null).length).toBe(104);
    expect(parseStatus(encodeStatus(fields, null)).statistics).toBeNull();
  });
});

describe('EXTIO PDU (§2.6)', () => {
  it('encodes the OUT byte table', () => {
    const pdu = encodeExtio({ triggerSource: 2, currentLsb: 2, voltageLsb: 3, gpo0: 1, gpo1: 0, ioVoltage: 3300 });
    expect(hex(pdu)).toBe('01 18 03 00 00 00 00 00 00 02 02 03 01 00 00 00 00 00 00 00 e4 0c 00 00');
    expect(decodeExtio(pdu)).toEqual({ triggerSource: 2, currentLsb: 2, voltageLsb: 3, gpo0: 1, gpo1: 0, ioVoltage: 3300 });
  });

  it('parses the IN reply with the GPI value at byte 15', () => {
    const reply = bytes('01 18 03 00 00 00 00 00 05 00 03 00 00 01 00 02 00 c2 01 00 08 07 00 00  ff ff');
    expect(parseExtioStatus(reply)).toEqual({
      flags: 5,
      triggerSource: 0,
      currentLsb: 3,
      voltageLsb: 0,
      gpo0: 0,
      gpo1: 1,
      gpiValue: 2,
      ioVoltage: 1800,
    });
    const status = { flags: 0, triggerSource: 3, currentLsb: 0, voltageLsb: 2, gpo0: 1, gpo1: 1, gpiValue: 3, ioVoltage: 5000 };
    expect(parseExtioStatus(encodeExtioStatus(status))).toEqual(status);
  });

  it('rejects short or foreign replies', () => {
    expect(() => parseExtioStatus(new Uint8Array(23))).toThrow(/at least 24 bytes/);
    const wrong = encodeExtioStatus({ flags: 0, triggerSource: 0, currentLsb: 0, voltageLsb: 0, gpo0: 0, gpo1: 0, gpiValue: 0, ioVoltage: 3300 });
    wrong[1] = 25;
    expect(() => parseExtioStatus(wrong)).toThrow(Js110ProtocolError);
    expect(() => decodeExtio(new Uint8Array(25))).toThrow(Js110ProtocolError);
    expect(() => encodeExtio({ triggerSource: 0, currentLsb: 0, voltageLsb: 0, gpo0: 0, gpo1: 300, ioVoltage: 3300 })).toThrow(RangeError);
  });

  it('reports a bad field of any encoder as a driver error: TypeError or RangeError, code, message', () => {
    const settings = { sensorPower: 1, iRange: 0x80, source: 0xc0, vRange: 0, ovrToLsb: 0, streaming: 3 };
    const extio = { triggerSource: 0, currentLsb: 0, voltageLsb: 0, gpo0: 0, gpo1: 0, ioVoltage: 3300 };
    const cases: [() => unknown, ErrorConstructor, string, RegExp][] = [
      [() => encodeSettings({ ...settings, iRange: 256 }), RangeError, 'out_of_range', /SETTINGS iRange must be an integer in \[0, 255\], got 256/],
      [() => encodeSettings({ ...settings, streaming: '3' as unknown as number }), TypeError, 'bad_argument', /SETTINGS streaming must be an integer/],
      [() => encodeExtio({ ...extio, ioVoltage: -1 }), RangeError, 'out_of_range', /EXTIO ioVoltage/],
      [() => encodeExtio({ ...extio, gpo0: null as unknown as number }), TypeError, 'bad_argument', /EXTIO gpo0/],
    ];
    for (const [call, kind, code, message] of cases) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(kind);
      expect(caught).toBeInstanceOf(Js110Error);
      expect((caught as Js110Error).code).toBe(code);
      expect((caught as Error).message).toMatch(message);
    }
  });
});

describe('INFO (§2.7)', () => {
  it('parses the bare JSON form and adds the host keys', () => {
    const reply = new TextEncoder().encode('{"ctl": {"hw": {"sn_mfg": "000415"}, "fw": {"ver": "1.3.4"}}}\0\0\0');
    expect(parseInfo(reply, '000415')).toEqual({
      ctl: { hw: { sn_mfg: '000415' }, fw: { ver: '1.3.4' } },
      model: 'JS110',
      hardware_version: 'H',
      serial_number: '000415',
    });
  });

  it('parses the older form with the 8-byte header', () => {
    const json = '{"ver": 1}';
    const reply = new Uint8Array(8 + json.length);
    reply.set([1, reply.length, 4, 0, 0, 0, 0, 0]);
    reply.set(new TextEncoder().encode(json), 8);
    expect(parseInfo(reply, 'X')).toEqual({ ver: 1, model: 'JS110', hardware_version: 'H', serial_number: 'X' });
    // {"ver":1} is 9 bytes: total 17 = 0x11
    expect(hex(encodeInfo({ ver: 1 }, 'header'))).toBe('01 11 04 00 00 00 00 00 7b 22 76 65 72 22 3a 31 7d');
    expect(hex(encodeInfo({ ver: 1 }, 'json'))).toBe('7b 22 76 65 72 22 3a 31 7d');
    expect(parseInfo(encodeInfo({ a: [1, 2] }, 'header'), 's').a).toEqual([1, 2]);
    expect(parseInfo(encodeInfo({ a: 'é' }, 'json'), 's').a).toBe('é');
  });

  it('rejects a bad header, bad JSON and non-objects', () => {
    expect(() => parseInfo(Uint8Array.of(1, 9, 4, 0, 0, 0, 0, 0, 0x7b, 0x7d), 's')).toThrow(/header \(1, its length, 4\)/);
    expect(() => parseInfo(Uint8Array.of(1, 10, 2, 0, 0, 0, 0, 0, 0x7b, 0x7d), 's')).toThrow(Js110ProtocolError);
    expect(() => parseInfo(new TextEncoder().encode('{"a": '), 's')).toThrow(/not valid JSON/);
    const array = new Uint8Array(10);
    array.set([1, 10, 4, 0, 0, 0, 0, 0, 0x5b, 0x5d]);
    expect(() => parseInfo(array, 's')).toThrow(/must be a JSON object/);
    expect(() => parseInfo(new Uint8Array(0), 's')).toThrow(Js110ProtocolError);
    expect(() => encodeInfo({ text: 'x'.repeat(300) }, 'header')).toThrow(/at most 255 bytes/);
  });
});
