import { eddsaPublicKey, parseCalibration } from '@joulescope/codec';
import { describe, expect, it, vi } from 'vitest';
import { encodeExtio, parseExtioStatus, parseInfo, parseStatus, readCalibrationRecord } from '../src/index';
import { constantSignal, EMULATOR_PRIVATE_KEY, EMULATOR_PUBLIC_KEY, EmulatedJs110, emulatedProvider, emulatorCalibrationValues, firmwareLikeSignal, type EmulatorSignal } from '../src/emulator';
import { bytesOf, openedEmulator, settings, settledWithin, StreamDecoder, turns, vendorIn, vendorOut } from './_helpers';

const TRANSFER = 256 * 512;

/** A periodic signal holding each current level for `hold` samples (voltage 3.3 V). */
function steps(levels: number[], hold: number, gpi = 0): EmulatorSignal {
  const period = levels.length * hold;
  return {
    period,
    fill(start, n, current, voltage, g) {
      for (let k = 0; k < n; k++) {
        current[k] = levels[Math.floor(((start + k) % period) / hold)];
        voltage[k] = 3.3;
        g[k] = gpi;
      }
    },
  };
}

describe('emulated JS110: USB identity and state', () => {
  it('looks like a production JS110 (or an alpha one)', () => {
    const production = new EmulatedJs110();
    expect([production.vendorId, production.productId, production.serialNumber]).toEqual([0x16d0, 0x0e88, 'EMU001']);
    const alpha = new EmulatedJs110({ identity: 'alpha', serialNumber: '000415' });
    expect([alpha.vendorId, alpha.productId, alpha.serialNumber]).toEqual([0x1fc9, 0xfc93, '000415']);
    expect(() => new EmulatedJs110({ hardwareSerial: new Uint8Array(8) })).toThrow(/16 bytes/);
    expect(() => new EmulatedJs110({ signal: { period: 3, fill: () => undefined } })).toThrow(/positive even integer, got 3/);
    expect(() => firmwareLikeSignal({ period: 0.01 })).toThrow(/at least 0.06 s/);
  });

  it('needs open, configuration 1 and interface 0 as WebUSB does', async () => {
    const e = new EmulatedJs110({ pacing: 'fast' });
    await expect(e.transferIn(2, 512)).rejects.toMatchObject({ name: 'InvalidStateError' });
    await e.open();
    await expect(e.claimInterface(0)).rejects.toMatchObject({ name: 'InvalidStateError' });
    await expect(e.selectConfiguration(2)).rejects.toMatchObject({ name: 'NotFoundError' });
    await e.selectConfiguration(1);
    await expect(e.claimInterface(1)).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(e.transferIn(2, 512)).rejects.toThrow(/claimed/);
    await e.claimInterface(0);
    await expect(e.selectAlternateInterface(0, 1)).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(e.transferIn(1, 512)).rejects.toThrow(/endpoint/);
    await e.close();
    expect(e.opened).toBe(false);
  });
});

describe('emulated JS110: control requests as the firmware answers them', () => {
  it('SERIAL_NUMBER: the 16-byte hardware serial', async () => {
    const e = await openedEmulator();
    expect(new TextDecoder().decode(await vendorIn(e, 7, 16))).toBe('JS110 emulator 1');
    expect(e.hardwareSerialHex).toBe('4a5331313020656d756c61746f722031');
  });

  it('INFO: bare JSON, with header, or none (stall)', async () => {
    const json = parseInfo(await vendorIn(await openedEmulator(), 10, 1024), 'EMU001');
    expect(json).toMatchObject({ type: 'info', ctl: { hw: { sn_mfg: 'EMU001', sn_mcu: '4a5331313020656d756c61746f722031' } } });
    const headerForm = await vendorIn(await openedEmulator({ infoForm: 'header' }), 10, 1024);
    expect([headerForm[0], headerForm[1], headerForm[2]]).toEqual([1, headerForm.length, 4]);
    expect(parseInfo(headerForm, 'EMU001')).toMatchObject({ ctl: { fw: { ver: '0.3.2' } } });
    const none = await openedEmulator({ infoForm: 'none' });
    expect((await none.controlTransferIn({ requestType: 'vendor', recipient: 'device', request: 10, value: 0, index: 0 }, 1024)).status).toBe('stall');
  });

  it('STATUS: busy (19) for the polls after a SETTINGS, then 0; v1 or v2', async () => {
    const e = await openedEmulator({ settingsBusyPolls: 2 });
    expect(parseStatus(await vendorIn(e, 4, 128)).settingsResult).toBe(0);
    await settings(e, { streaming: 0, iRange: 0x08 });
    const polls = [];
    for (let i = 0; i < 3; i++) polls.push(parseStatus(await vendorIn(e, 4, 128)));
    expect(polls.map((s) => s.settingsResult)).toEqual([19, 19, 0]);
    expect(polls[2]).toMatchObject({ length: 104, sensorIRange: 0x08, sensorSource: 0xc0, statistics: null });
    const v1 = await openedEmulator({ statusVersion: 1 });
    expect((await vendorIn(v1, 4, 128)).length).toBe(24);
    expect((await vendorIn(e, 4, 24)).length).toBe(24); // a reply never exceeds wLength
  });

  it('EXTIO: stores the OUT PDU and answers it with the GPI levels', async () => {
    const e = await openedEmulator({ signal: constantSignal(1e-3, 3.3, 2) });
    expect(parseExtioStatus(await vendorIn(e, 9, 128))).toMatchObject({ ioVoltage: 3300, currentLsb: 0, gpiValue: 2 });
    expect(await vendorOut(e, 9, encodeExtio({ triggerSource: 2, currentLsb: 2, voltageLsb: 3, gpo0: 1, gpo1: 1, ioVoltage: 1800 }))).toBe('ok');
    expect(parseExtioStatus(await vendorIn(e, 9, 128))).toEqual({
      flags: 0, triggerSource: 2, currentLsb: 2, voltageLsb: 3, gpo0: 1, gpo1: 1, gpiValue: 2, ioVoltage: 1800,
    });
    expect(await vendorOut(e, 9, new Uint8Array(24))).toBe('stall');
  });

  it('CALIBRATION: active and factory records, read from any offset', async () => {
    const e = await openedEmulator();
    const requests: [number, number, number][] = [];
    const read = (which: 'active' | 'factory'): Promise<Uint8Array> =>
      readCalibrationRecord((value, index, length) => {
        requests.push([value, index, length]);
        return vendorIn(e, 8, length, value, index);
      }, which);
    const active = await read('active');
    expect(requests).toEqual([[1, 0, 32], [1, 0, active.length]]);
    const cal = parseCalibration(active, { publicKeys: [EMULATOR_PUBLIC_KEY] });
    expect(cal.signed).toBe(true);
    expect(cal.serialNumber).toBe(e.hardwareSerialHex);
    const fixture = emulatorCalibrationValues();
    expect([...cal.currentGain]).toEqual([...fixture.currentGain]);
    expect([...cal.currentOffset]).toEqual([...fixture.currentOffset]);
    expect([...cal.voltageOffset]).toEqual([...fixture.voltageOffset]);
    expect([...cal.voltageGain]).toEqual([...fixture.voltageGain]);
    expect(parseCalibration(active).signed).toBe(false); // the test key is not an official key
    const factory = parseCalibration(await read('factory'), { publicKeys: [EMULATOR_PUBLIC_KEY] });
    expect(factory.signed).toBe(true);
    expect(factory.time.getUTCFullYear()).toBe(2019);
    expect((await vendorIn(e, 8, 4096, 1, 100)).length).toBe(active.length - 100);
  });

  it('the test key pair is the fixture one and the values are the fixture ones', () => {
    expect(eddsaPublicKey(EMULATOR_PRIVATE_KEY)).toEqual(EMULATOR_PUBLIC_KEY);
    expect(Buffer.from(EMULATOR_PUBLIC_KEY).toString('hex')).toBe('f65333fa6303b6a23defd7de2af8aa461cb047ccbf12d4edd29ef3b1eba6706b');
    const c = emulatorCalibrationValues();
    expect(c.currentGain[6]).toBe(Math.fround(1.4984542304875239e-9));
    expect(c.voltageOffset[1]).toBe(Math.fround(-2041.675208990041));
    expect(c.currentGain[7]).toBe(0);
    expect(c.currentOffset[8]).toBeNaN();
  });

  it('answers the string descriptors: language ids, and the serial number at index 3', async () => {
    const e = await openedEmulator({ serialNumber: '000415' });
    const get = async (value: number, index: number): Promise<number[]> => {
      const r = await e.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 6, value, index }, 255);
      return r.data ? [...new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)] : [];
    };
    expect(await get(0x0300, 0)).toEqual([4, 3, 0x09, 0x04]);
    expect(await get(0x0303, 0x0409)).toEqual([14, 3, 0x30, 0, 0x30, 0, 0x30, 0, 0x34, 0, 0x31, 0, 0x35, 0]);
    expect(await get(0x0304, 0x0409)).toEqual([]);
  });

  it('stalls unknown requests, non-vendor requests and bad PDUs; accepts TEST_MODE', async () => {
    const e = await openedEmulator();
    const setup = { requestType: 'vendor', recipient: 'device', request: 99, value: 0, index: 0 } as const;
    expect((await e.controlTransferIn(setup, 8)).status).toBe('stall');
    expect((await e.controlTransferIn({ ...setup, request: 4, requestType: 'standard' }, 8)).status).toBe('stall');
    expect(await vendorOut(e, 3, new Uint8Array(16))).toBe('stall');
    expect(await vendorOut(e, 11)).toBe('ok');
    expect(await vendorOut(e, 5, new Uint8Array(4))).toBe('stall');
  });
});

describe('emulated JS110: the sample stream (§4.1, §5.1)', () => {
  it('streams 512-byte packets with a 16-bit index, the toggle bit and no gaps', async () => {
    const e = await openedEmulator();
    await settings(e, {});
    const decoder = new StreamDecoder();
    const first = bytesOf(await e.transferIn(2, TRANSFER));
    expect(first.length).toBe(TRANSFER);
    const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
    for (let p = 0; p < 256; p++) {
      expect([first[p * 512], first[p * 512 + 1], view.getUint16(p * 512 + 2, true), view.getUint16(p * 512 + 4, true)]).toEqual([1, 0, 512, p]);
    }
    decoder.insert(first);
    for (let t = 1; t < 300; t++) decoder.insert(bytesOf(await e.transferIn(2, TRANSFER)));
    expect(e.packetCount).toBe(300 * 256); // past the 16-bit index wrap at 65536
    expect(decoder.packets.counters()).toEqual({ packetMissingCount: 0, packetTypeInvalidCount: 0, packetDataInvalidCount: 0 });
    const words = decoder.samples;
    expect(words.length).toBe(300 * 256 * 126);
    for (let k = 1; k < words.length; k += 9973) expect(((words[k] >>> 17) & 1) ^ ((words[k - 1] >>> 17) & 1)).toBe(1);
    decoder.calibrated();
    expect(decoder.raw.counters()).toEqual({ sampleMissingCount: 0, skipCount: 0, sampleSyncCount: 0, contiguousCount: words.length });
  });

  it('encodes the inverse of its calibration: the host sees the signal (fixed range)', async () => {
    const e = await openedEmulator({ signal: constantSignal(1.234e-3, 3.3) });
    await settings(e, { iRange: 0x10 }); // 1.8 mA range = index 4
    const decoder = new StreamDecoder();
    decoder.insert(bytesOf(await e.transferIn(2, 4 * 512)));
    const { current, voltage, bits } = decoder.calibrated();
    expect(current.length).toBe(4 * 126);
    const c = emulatorCalibrationValues();
    for (let k = 0; k < current.length; k++) {
      expect(bits[k] & 0x0f).toBe(4);
      expect(Math.abs(current[k] - 1.234e-3)).toBeLessThanOrEqual(c.currentGain[4] / 2 + 1e-12);
      expect(Math.abs(voltage[k] - 3.3)).toBeLessThanOrEqual(c.voltageGain[0] / 2 + 1e-9);
    }
  });

  it('autoranges one decade per range and follows the 5 V range', async () => {
    const levels = [5e-6, 50e-6, 500e-6, 5e-3, 50e-3, 0.5, 5];
    const e = await openedEmulator({ signal: steps(levels, 1260) });
    await settings(e, { iRange: 0x80, vRange: 1 });
    const data = bytesOf(await e.transferIn(2, 70 * 512));
    expect(data[3] >> 7).toBe(1); // header bit 15: 5 V range
    const decoder = new StreamDecoder();
    decoder.insert(data);
    const { current, voltage, bits } = decoder.calibrated();
    const c = emulatorCalibrationValues();
    levels.forEach((level, step) => {
      const range = 6 - step;
      for (let k = step * 1260; k < (step + 1) * 1260; k += 37) {
        expect(bits[k] & 0x0f).toBe(range);
        expect(Math.abs(current[k] - level)).toBeLessThanOrEqual(c.currentGain[range] / 2 + level * 1e-6);
        expect(Math.abs(voltage[k] - 3.3)).toBeLessThanOrEqual(c.voltageGain[1] / 2 + 1e-6);
      }
    });
  });

  it('reports range 7 and no current with i_range off', async () => {
    const e = await openedEmulator({ signal: constantSignal(0.1, 3.3) });
    await settings(e, { iRange: 0 });
    const decoder = new StreamDecoder();
    decoder.insert(bytesOf(await e.transferIn(2, 512)));
    const { current, bits } = decoder.calibrated();
    expect(new Set(bits)).toEqual(new Set([7]));
    expect(new Set(current)).toEqual(new Set([0]));
  });

  it('puts the GPI levels on the sample LSBs as EXTIO maps them', async () => {
    for (const gpi of [0b01, 0b10]) {
      const e = await openedEmulator({ signal: constantSignal(2e-3, 3.3, gpi) });
      await vendorOut(e, 9, encodeExtio({ triggerSource: 0, currentLsb: 2, voltageLsb: 3, gpo0: 0, gpo1: 0, ioVoltage: 3300 }));
      await settings(e, {});
      const decoder = new StreamDecoder();
      decoder.insert(bytesOf(await e.transferIn(2, 512)));
      const { bits } = decoder.calibrated();
      // bits: bit 4 = current LSB (gpi0 here), bit 5 = voltage LSB (gpi1 here)
      expect(new Set(Array.from(bits, (b) => b >> 4))).toEqual(new Set([gpi]));
    }
  });

  it('sends nothing while the source is off, and aborts pending transfers on an alternate setting', async () => {
    const e = await openedEmulator();
    await settings(e, { source: 0 });
    const pending = e.transferIn(2, 512);
    expect(await settledWithin(pending, 20)).toBe('pending');
    await e.selectAlternateInterface(0, 0);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await settings(e, { sensorPower: 0 });
    expect(e.isStreaming).toBe(false);
    await settings(e, {});
    expect(e.isStreaming).toBe(true);
    await settings(e, { streaming: 0 });
    expect(e.isStreaming).toBe(false);
  });

  it('produces a firmware-like default signal: microamp sleep, tens of mA bursts, 3.3 V, GPI flags', async () => {
    const e = await openedEmulator({ signal: firmwareLikeSignal() });
    await vendorOut(e, 9, encodeExtio({ triggerSource: 0, currentLsb: 2, voltageLsb: 3, gpo0: 0, gpo1: 0, ioVoltage: 3300 }));
    await settings(e, {});
    const decoder = new StreamDecoder();
    const period = 200_000;
    while (decoder.length < period) decoder.insert(bytesOf(await e.transferIn(2, TRANSFER)));
    const { current, voltage, bits } = decoder.calibrated();
    const sleep = current.subarray(1000, 39_000); // 0.5 .. 19.5 ms
    const mean = sleep.reduce((a, b) => a + b, 0) / sleep.length;
    expect(mean).toBeGreaterThan(5e-6);
    expect(mean).toBeLessThan(7e-6);
    let peak = 0;
    let vMin = Infinity;
    let vMax = -Infinity;
    const ranges = new Set<number>();
    let cpu = 0;
    let radio = 0;
    for (let k = 0; k < period; k++) {
      peak = Math.max(peak, current[k]);
      vMin = Math.min(vMin, voltage[k]);
      vMax = Math.max(vMax, voltage[k]);
      ranges.add(bits[k] & 0x0f);
      cpu += (bits[k] >> 4) & 1;
      radio += (bits[k] >> 5) & 1;
    }
    expect(peak).toBeGreaterThan(0.03);
    expect(peak).toBeLessThan(0.034);
    expect(vMax).toBeLessThan(3.302);
    expect(vMin).toBeGreaterThan(3.28);
    expect([...ranges].sort()).toEqual([2, 3, 4, 5, 6]);
    expect(cpu).toBe(12_400); // gpi0: 6.2 ms awake per 100 ms
    expect(radio).toBe(4_000); // gpi1: 2 ms transmitting
  });
});

describe('emulated JS110: faults', () => {
  it('drops packets: the index skips and the host fills the gap', async () => {
    const e = await openedEmulator();
    e.injectFault({ kind: 'drop', at: 10, count: 3 });
    await settings(e, {});
    const data = bytesOf(await e.transferIn(2, 20 * 512));
    const indices = Array.from({ length: 20 }, (_, p) => data[p * 512 + 4] | (data[p * 512 + 5] << 8));
    expect(indices).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]);
    const decoder = new StreamDecoder();
    decoder.insert(data);
    expect(decoder.packets.packetMissingCount).toBe(3);
    expect(parseStatus(await vendorIn(e, 4, 128)).fpgaDiscardCounter).toBe(3);
  });

  it('corrupts a header: bad type, status or length', async () => {
    const e = await openedEmulator();
    e.injectFault({ kind: 'corrupt', at: 1, field: 'type' });
    e.injectFault({ kind: 'corrupt', at: 2, field: 'status' });
    e.injectFault({ kind: 'corrupt', at: 3, field: 'length' });
    await settings(e, {});
    const data = bytesOf(await e.transferIn(2, 5 * 512));
    expect([data[512], data[1024 + 1], data[1536 + 2] | ((data[1536 + 3] & 0x7f) << 8)]).toEqual([2, 1, 500]);
    const decoder = new StreamDecoder();
    decoder.insert(data);
    // A packet of another type is skipped without advancing the host index (§4.2), so the
    // next good index looks like one missing packet.
    expect(decoder.packets.counters()).toEqual({ packetMissingCount: 1, packetTypeInvalidCount: 1, packetDataInvalidCount: 2 });
  });

  it('stalls the endpoint until the host selects the setting again', async () => {
    const e = await openedEmulator();
    e.injectFault({ kind: 'stall', at: 300 });
    await settings(e, {});
    expect((await e.transferIn(2, TRANSFER)).status).toBe('ok');
    expect((await e.transferIn(2, TRANSFER)).status).toBe('stall');
    expect((await e.transferIn(2, TRANSFER)).status).toBe('stall');
    await e.selectAlternateInterface(0, 0);
    expect((await e.transferIn(2, TRANSFER)).status).toBe('ok');
  });

  it('unplugs: pending transfers fail, listeners are told, and it can be plugged in again', async () => {
    const e = await openedEmulator();
    const provider = emulatedProvider(e);
    let told = 0;
    const unwatch = provider.watchDisconnect?.(e, () => (told += 1));
    expect(unwatch).toBeTypeOf('function');
    e.injectFault({ kind: 'unplug', at: 256 + 10 });
    await settings(e, {});
    const a = e.transferIn(2, TRANSFER);
    const b = e.transferIn(2, TRANSFER);
    const c = e.transferIn(2, TRANSFER);
    expect((await a).status).toBe('ok');
    await expect(b).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(c).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(told).toBe(1);
    expect(e.connected).toBe(false);
    expect(await provider.getDevices()).toEqual([]);
    await expect(e.open()).rejects.toMatchObject({ name: 'NotFoundError' });
    e.plugIn();
    expect(await provider.getDevices()).toEqual([e]);
    await e.open();
    expect(e.opened).toBe(true);
  });

  it('never answers a control transfer, or stalls it, once', async () => {
    const e = await openedEmulator();
    e.injectFault({ kind: 'controlTimeout', request: 4 });
    e.injectFault({ kind: 'controlStall' });
    const hung = vendorIn(e, 4, 128);
    expect(await settledWithin(hung, 10)).toBe('pending');
    await expect(vendorIn(e, 7, 16)).rejects.toThrow(/stall/);
    expect((await vendorIn(e, 7, 16)).length).toBe(16);
    await e.close();
    await expect(hung).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('emulated JS110: pacing', () => {
  it('fast pacing completes one transfer per event-loop turn', async () => {
    const e = await openedEmulator();
    await settings(e, {});
    const transfers = [e.transferIn(2, 512), e.transferIn(2, 512), e.transferIn(2, 512)];
    let done = 0;
    for (const t of transfers) void t.then(() => (done += 1));
    await turns(1);
    expect(done).toBeLessThan(3);
    await Promise.all(transfers);
    expect(done).toBe(3);
  });

  it('realtime pacing follows 2 MS/s of (fake) wall clock, and discards what the FIFO cannot hold', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const e = await openedEmulator({ pacing: 'realtime', fifoPackets: 1000 });
      await settings(e, {});
      const first = e.transferIn(2, TRANSFER); // 256 packets = 32256 samples = 16.128 ms
      let resolved = false;
      void first.then(() => (resolved = true));
      await turns(3);
      await vi.advanceTimersByTimeAsync(16);
      await turns(3);
      expect(resolved).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await turns(3);
      expect(resolved).toBe(true);
      expect(bytesOf(await first)[4]).toBe(0);
      // Nobody reads for 200 ms (3175 packets): the FIFO keeps the newest 1000.
      await vi.advanceTimersByTimeAsync(200);
      const late = e.transferIn(2, 512);
      await turns(3);
      const data = bytesOf(await late);
      const index = data[4] | (data[5] << 8);
      const available = Math.floor(217 / (126 / 2000));
      expect(index).toBe(available - 1000);
      expect(parseStatus(await vendorIn(e, 4, 128)).fpgaDiscardCounter).toBe(available - 1000 - 256);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('emulated JS110: on-device statistics (STATUS v2)', () => {
  it('reports the last 0.5 s update and the accumulated charge and energy', async () => {
    const e = await openedEmulator({ signal: constantSignal(2e-3, 3.3) });
    await settings(e, {});
    expect(parseStatus(await vendorIn(e, 4, 128)).statistics).toBeNull();
    while (e.packetCount * 126 < 3.2e6) await e.transferIn(2, TRANSFER);
    const s = parseStatus(await vendorIn(e, 4, 128)).statistics;
    expect(s).not.toBeNull();
    if (s === null) return;
    expect(s.samplesTotal).toBe(3_000_000);
    expect(s.samplesThis).toBe(1_000_000);
    expect(s.time).toEqual({ start: 1, end: 1.5, delta: 0.5 });
    expect(s.current.mean).toBeCloseTo(2e-3, 7);
    expect(s.current.min).toBeCloseTo(2e-3, 7);
    expect(s.voltage.max).toBeCloseTo(3.3, 5);
    expect(s.power.mean).toBeCloseTo(6.6e-3, 8);
    expect(s.charge).toBeCloseTo(2e-3 * 1.5, 7);
    expect(s.energy).toBeCloseTo(6.6e-3 * 1.5, 7);
  });

  it('uses the signal over the window (prefix sums match a direct sum for the firmware-like signal)', async () => {
    const signal = firmwareLikeSignal();
    const e = await openedEmulator({ signal });
    await settings(e, {});
    while (e.packetCount * 126 < 2e6) await e.transferIn(2, TRANSFER);
    const s = parseStatus(await vendorIn(e, 4, 128)).statistics;
    if (s === null) throw new Error('no statistics');
    const n = 1_000_000;
    const i = new Float64Array(n);
    const v = new Float64Array(n);
    signal.fill(1_000_000, n, i, v, new Uint8Array(n));
    let sumI = 0;
    let sumP = 0;
    let max = -Infinity;
    let total = 0;
    for (let k = 0; k < n; k++) {
      sumI += i[k];
      sumP += i[k] * v[k];
      max = Math.max(max, i[k]);
    }
    const i0 = new Float64Array(n);
    signal.fill(0, n, i0, new Float64Array(n), new Uint8Array(n));
    for (let k = 0; k < n; k++) total += i0[k];
    expect(s.current.mean).toBeCloseTo(sumI / n, 8);
    expect(s.power.mean).toBeCloseTo(sumP / n, 8);
    expect(s.current.max).toBeCloseTo(max, 7);
    expect(s.charge).toBeCloseTo((total + sumI) / 2e6, 8);
  });
});
