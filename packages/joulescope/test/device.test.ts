// The Device API on the emulated JS110: reads exact to the sample, statistics against a
// brute-force pass over the same samples, the stream's life cycle, removal, misuse.
import { serializeCalibration } from '@joulescope/codec';
import { EmulatedJs110, emulatorCalibration } from '@joulescope/driver/emulator';
import { describe, expect, it } from 'vitest';
import { Js110Error, open, reductionsFor, scan, type DeviceStatistics, type DeviceStop } from '../src/index';
import { calibrationState, unusableReason } from '../src/calibration-state';
import { nextEvent, openEmulated } from './_emulated';

/** True when both arrays hold the same values (NaN equal to NaN), element by element. */
function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

/** Mean, sample std, min and max of the finite values of `x`. */
function brute(x: Float32Array): { mean: number; std: number; min: number; max: number; n: number } {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / n;
  let m2 = 0;
  for (const v of x) if (Number.isFinite(v)) m2 += (v - mean) ** 2;
  return { mean, std: Math.sqrt(m2 / (n - 1)), min, max, n };
}

describe('scan and open', () => {
  it('lists the emulated JS110 as plain data and opens it with its signed calibration', async () => {
    const [info] = await scan({ emulated: { pacing: 'fast', serialNumber: 'SCAN01' } });
    expect(info).toMatchObject({ serialNumber: 'SCAN01', provider: 'emulated', name: 'Joulescope:SCAN01' });
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
    const device = await open(info);
    try {
      expect(device.serialNumber).toBe('SCAN01');
      expect(device.emulated).toBe(true);
      expect(device.calibration).toMatchObject({ state: 'signed', applied: true, signed: true, version: '1.0.0' });
      const details = await device.info();
      expect(details).toMatchObject({ model: 'JS110', serialNumber: 'SCAN01', firmwareVersion: '1.3.4', fpgaVersion: '0x00010005', hardwareRevision: 'H', emulated: true });
      expect(details.hardwareSerialNumber).toMatch(/^[0-9a-f]{32}$/);
      expect(details.calibration.serialNumber).toBe(details.hardwareSerialNumber);
    } finally {
      await device.close();
    }
  });

  it('opens by serial number and says which serial numbers it found otherwise', async () => {
    const emulators = [new EmulatedJs110({ pacing: 'fast', serialNumber: 'PICK1' }), new EmulatedJs110({ pacing: 'fast', serialNumber: 'PICK2' })];
    const device = await open('PICK2', { emulated: emulators });
    expect(device.serialNumber).toBe('PICK2');
    await device.close();
    const error = await open('NOPE', { emulated: emulators }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Js110Error);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringContaining('found: PICK1, PICK2') as unknown });
    await expect(open(undefined, { emulated: [] })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('no JS110 found') as unknown });
  });

  it('rejects arguments of the wrong kind with TypeErrors', async () => {
    await expect(open(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    await expect(open(undefined, null as unknown as object)).rejects.toBeInstanceOf(TypeError);
    await expect(scan({ emulated: 'yes' as unknown as boolean })).rejects.toBeInstanceOf(TypeError);
    await expect(scan({ emulated: [1] as unknown as EmulatedJs110[] })).rejects.toBeInstanceOf(TypeError);
  });
});

describe('calibration states', () => {
  it('a device without a calibration record streams raw codes and says so everywhere', async () => {
    const { device } = await openEmulated({ calibration: { active: null } });
    try {
      expect(device.calibration).toMatchObject({ state: 'missing', applied: false, signed: false, values: null });
      expect(device.calibration.message).toMatch(/raw ADC codes/);
      const r = await device.read({ samples: 1000 });
      expect(r.calibrated).toBe(false);
      expect(r.units).toEqual({ current: 'LSB', voltage: 'LSB', power: 'LSB²' });
      expect(Math.max(...r.voltage)).toBeGreaterThan(100); // codes, not volts
      const it = device.statistics();
      const { value } = (await it.next()) as IteratorResult<DeviceStatistics, undefined>;
      await it.return?.();
      expect(value?.calibrated).toBe(false);
      expect(value?.signals.current.units).toBe('LSB');
      expect(value?.accumulators.charge.units).toBe('LSB·s');
    } finally {
      await device.close();
    }
  });

  it('an unsigned record is applied and marked unsigned; an unreadable one is invalid', async () => {
    const serial = new EmulatedJs110().hardwareSerialHex;
    const unsigned = serializeCalibration(emulatorCalibration(serial));
    const a = await openEmulated({ calibration: { active: unsigned } });
    expect(a.device.calibration).toMatchObject({ state: 'unsigned', applied: true, signed: false, serialNumber: serial });
    await a.device.close();
    const broken = unsigned.slice();
    broken[200] ^= 0xff;
    const b = await openEmulated({ calibration: { active: broken } });
    expect(b.device.calibration).toMatchObject({ state: 'invalid', applied: false });
    expect((await b.device.read({ samples: 10 })).calibrated).toBe(false);
    await b.device.close();
  });
});

describe('calibration values', () => {
  it('non-finite or float32-overflowing values are unusable, in the words of the one calibration check', () => {
    const good = { ...emulatorCalibration('0'.repeat(32)), signed: true, signatureStatus: 'verified' as const, unsignedReason: null };
    expect(unusableReason(good)).toBeNull();
    expect(calibrationState(good)).toMatchObject({ state: 'signed', applied: true });
    const gains = good.currentGain.slice();
    gains[3] = NaN;
    expect(unusableReason({ ...good, currentGain: gains })).toMatch(/unusable values \(calibration currentGain\[3\] is NaN/);
    const offsets = Array.from(good.voltageOffset, (v, i) => (i === 1 ? 1e300 : v));
    expect(unusableReason({ ...good, voltageOffset: offsets as unknown as Float32Array })).toMatch(/beyond the float32 range/);
    expect(calibrationState(null)).toMatchObject({ state: 'missing', applied: false, serialNumber: null });
  });
});

describe('read', () => {
  it('returns exactly the requested samples, the newest ones, equal to the buffer', async () => {
    const { device } = await openEmulated();
    try {
      const r = await device.read({ duration: 0.1 });
      expect(r.current.length).toBe(200_000);
      expect(r.voltage.length).toBe(200_000);
      expect(r.power.length).toBe(200_000);
      const [start, end] = r.sampleIdRange;
      expect(end - start).toBe(200_000);
      expect(end).toBe(device.streamBuffer.sampleIdRange[1]);
      expect(r).toMatchObject({ samplingFrequency: 2e6, calibrated: true, units: { current: 'A', voltage: 'V', power: 'W' } });
      const { signals } = device.streamBuffer.samplesGet(start, end, ['current', 'voltage', 'power']);
      expect(sameValues(r.current, signals.current.value)).toBe(true);
      expect(sameValues(r.voltage, signals.voltage.value)).toBe(true);
      expect(sameValues(r.power, signals.power.value)).toBe(true);
      expect(brute(r.voltage).mean).toBeCloseTo(3.3, 1);
      for (const n of [1, 126, 32_256, 32_257, 123_457]) {
        const s = await device.read({ samples: n });
        expect(s.current.length).toBe(n);
      }
      expect((await device.read({ duration: 0.30000000000000004 })).current.length).toBe(600_000);
      const f = await device.read({ samples: 500, fields: ['current', 'current_range'] });
      expect(f.signals.current.value.length).toBe(500);
      expect(f.signals.current_range.value.length).toBe(500);
      expect(f.time.samples).toBe(500);
    } finally {
      await device.close();
    }
  });

  it('contiguousDuration skips past lost packets: no sample of the result is missing', async () => {
    const { device, emulator } = await openEmulated();
    try {
      emulator.injectFault({ kind: 'drop', at: 300, count: 2 });
      const stop = nextEvent<DeviceStop>((l) => device.on('stop', l));
      const r = await device.read({ contiguousDuration: 0.02 });
      expect(r.current.length).toBe(40_000);
      expect(r.current.every((v) => Number.isFinite(v))).toBe(true);
      expect(r.sampleIdRange[0]).toBeGreaterThanOrEqual(302 * 126);
      expect((await stop).loss.missing).toBe(2 * 126);
      // A plain duration read of the same stream start includes the gap.
      emulator.injectFault({ kind: 'drop', at: 500, count: 1 });
      const d = await device.read({ samples: 40_000 });
      expect(d.current.filter((v) => Number.isNaN(v)).length).toBeGreaterThanOrEqual(100);
    } finally {
      await device.close();
    }
  });

  it('reads at a downsampled sampling_frequency through the DownsamplingStreamBuffer', async () => {
    const { device, emulator } = await openEmulated();
    try {
      await device.parameterSet('sampling_frequency', '1 kHz');
      expect(device.parameterGet('sampling_frequency')).toBe('1 kHz');
      expect(device.streamBuffer.outputSamplingFrequency).toBe(1000);
      expect(device.streamBuffer.hasRaw).toBe(false);
      const r = await device.read({ duration: 0.25 });
      expect(r.current.length).toBe(250);
      expect(r.samplingFrequency).toBe(1000);
      expect(brute(r.voltage.subarray(50)).mean).toBeCloseTo(3.3, 1);
      // A gap spreads over the decimation filters' taps; a contiguous read lands after it.
      await device.parameterSet('sampling_frequency', 100_000);
      emulator.injectFault({ kind: 'drop', at: 400, count: 1 });
      const c = await device.read({ contiguousDuration: 0.01 });
      expect(c.current.length).toBe(1000);
      expect(c.current.every((v) => Number.isFinite(v))).toBe(true);
    } finally {
      await device.close();
    }
  });

  it('a read cut short by stop() or a removal rejects, saying why', async () => {
    const { device, emulator } = await openEmulated();
    try {
      const off = device.on('samples', () => {
        off();
        void device.stop();
      });
      await expect(device.read({ duration: 1.5 })).rejects.toMatchObject({ code: 'state', message: expect.stringContaining('ended before 3000000 samples arrived') as unknown });
      expect(device.isStreaming).toBe(false);
      const offUnplug = device.on('samples', () => {
        offUnplug();
        emulator.unplug();
      });
      await expect(device.read({ duration: 1.5 })).rejects.toMatchObject({ code: 'disconnected' });
    } finally {
      await device.close();
    }
  });

  it('a start the device refuses leaves the Device stopped and ready to start again', async () => {
    const { device, emulator } = await openEmulated();
    try {
      emulator.injectFault({ kind: 'controlStall', request: 3 }); // SETTINGS
      await expect(device.start()).rejects.toBeInstanceOf(Error);
      expect(device.isStreaming).toBe(false);
      expect((await device.read({ samples: 100 })).current.length).toBe(100);
    } finally {
      await device.close();
    }
  });

  it('refuses what it cannot do, changing nothing', async () => {
    const { device } = await openEmulated({}, 1);
    try {
      await expect(device.read({})).rejects.toThrow(/exactly one of duration, contiguousDuration, samples; got none/);
      await expect(device.read({ duration: 1, samples: 5 })).rejects.toBeInstanceOf(TypeError);
      await expect(device.read({ duration: '1' as unknown as number })).rejects.toBeInstanceOf(TypeError);
      await expect(device.read({ duration: NaN })).rejects.toBeInstanceOf(TypeError);
      await expect(device.read({ duration: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(device.read({ duration: Infinity })).rejects.toBeInstanceOf(RangeError);
      await expect(device.read({ duration: 1e-9 })).rejects.toThrow(/less than one sample/);
      await expect(device.read({ samples: 1.5 })).rejects.toBeInstanceOf(RangeError);
      await expect(device.read({ samples: 0 })).rejects.toBeInstanceOf(RangeError);
      await expect(device.read({ duration: 3 })).rejects.toThrow(/does not fit the 2000000-sample buffer: raise buffer_duration/);
      await expect(device.read(null as unknown as { samples: number })).rejects.toBeInstanceOf(TypeError);
      await expect(device.read({ samples: 5, fields: 'current' as unknown as ['current'] })).rejects.toBeInstanceOf(TypeError);
      await device.start();
      await expect(device.read({ samples: 5 })).rejects.toMatchObject({ code: 'state' });
      await device.stop();
    } finally {
      await device.close();
    }
  });
});

describe('statistics', () => {
  it('updates at reduction_frequency match a brute-force pass over the same samples', async () => {
    const { device } = await openEmulated({}, 2);
    try {
      await device.parameterSet('reduction_frequency', 10);
      const updates: DeviceStatistics[] = [];
      expect(device.isStreaming).toBe(false);
      for await (const u of device.statistics) {
        expect(device.isStreaming).toBe(true);
        updates.push(u);
        if (updates.length === 6) break;
      }
      await nextEvent((l) => device.on('stop', l)).catch(() => undefined);
      let pico = 0n;
      let integral = 0;
      updates.forEach((u, n) => {
        expect(u.time.sampleRange).toEqual([n * 200_000, (n + 1) * 200_000]);
        expect(u.time.range[0]).toBeCloseTo(n * 0.1, 12);
        expect(u.time.delta).toBeCloseTo(0.1, 12);
        const { signals } = device.streamBuffer.samplesGet(u.time.sampleRange[0], u.time.sampleRange[1], ['current', 'voltage', 'power']);
        for (const name of ['current', 'voltage', 'power'] as const) {
          const b = brute(signals[name].value);
          const s = u.signals[name];
          expect(u.time.samples).toBe(b.n);
          expect(s.min).toBe(b.min);
          expect(s.max).toBe(b.max);
          expect(s.p2p).toBe(b.max - b.min);
          expect(s.mean).toBeCloseTo(b.mean, 10);
          expect(Math.abs(s.std - b.std) / b.std).toBeLessThan(1e-9);
        }
        // The accumulators add whole pC per update, as the reference: the truncated integral.
        pico += BigInt(Math.trunc(u.signals.current.mean * 1e12 * 0.1));
        expect(u.accumulators.charge.pico).toBe(pico);
        for (const i of signals.current.value) integral += i / 2e6;
        expect(Math.abs(u.accumulators.charge.value - integral)).toBeLessThan(1e-12 * (n + 1) + 1e-9 * integral);
        expect(u.loss).toEqual({ missing: 0, skips: 0, sync: 0 });
        expect(u.calibrated).toBe(true);
      });
    } finally {
      await device.close();
    }
  });

  it('the first subscriber starts streaming and the last one stops it', async () => {
    const { device } = await openEmulated();
    try {
      const seen: number[] = [];
      const offA = device.statistics((u) => seen.push(u.time.sampleRange[1]));
      const offB = device.statistics.subscribe(() => undefined);
      expect(device.statistics.subscriberCount).toBe(2);
      await nextEvent((l) => device.statistics(l));
      expect(device.isStreaming).toBe(true);
      offA();
      offA(); // twice is harmless
      expect(device.isStreaming).toBe(true);
      const stopped = nextEvent<DeviceStop>((l) => device.on('stop', l));
      offB();
      expect((await stopped).reason).toBe('host');
      expect(device.isStreaming).toBe(false);
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      await device.close();
    }
  });

  it('subscribers of a stream started with a duration get exactly its updates, then the end', async () => {
    const { device } = await openEmulated({}, 2);
    try {
      await device.parameterSet('reduction_frequency', '1 kHz');
      await device.start({ duration: 0.05 });
      const it = device.statistics.iterator();
      const ends: number[] = [];
      for await (const u of it) ends.push(u.time.sampleRange[1]);
      expect(ends).toEqual(Array.from({ length: 50 }, (_, k) => (k + 1) * 2000));
      expect(device.isStreaming).toBe(false);
    } finally {
      await device.close();
    }
  });

  it('removal mid-stream ends the statistics stream with an event and keeps the buffer', async () => {
    const { device, emulator } = await openEmulated({}, 2);
    try {
      await device.parameterSet('reduction_frequency', 20);
      const disconnected = nextEvent<{ serialNumber: string }>((l) => device.on('disconnect', l));
      const stopped = nextEvent<DeviceStop>((l) => device.on('stop', l));
      let afterRemoval = 0;
      let removed = false;
      device.statistics(() => {
        if (removed) afterRemoval++;
      });
      const it = device.statistics();
      let n = 0;
      const error = await (async () => {
        for await (const _ of it) {
          if (++n === 3) {
            removed = true;
            emulator.unplug();
          }
        }
        return null;
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Js110Error);
      expect(error).toMatchObject({ code: 'disconnected' });
      expect(await disconnected).toEqual({ serialNumber: device.serialNumber });
      const stop = await stopped;
      expect(stop.reason).toBe('disconnect');
      expect(afterRemoval).toBe(0);
      expect(device.statistics.subscriberCount).toBe(0);
      expect(device.isDisconnected).toBe(true);
      const [s0, s1] = device.streamBuffer.sampleIdRange;
      expect(s1 - s0).toBeGreaterThanOrEqual(3 * 100_000);
      expect(device.streamBuffer.statisticsGet(s0, s1).stats.mean[1]).toBeCloseTo(3.3, 1);
      await expect(device.start()).rejects.toMatchObject({ code: 'disconnected' });
      await expect(device.read({ samples: 10 })).rejects.toMatchObject({ code: 'disconnected' });
    } finally {
      await device.close();
    }
  });

  it('a listener that throws is reported as an error event; the others go on', async () => {
    const { device } = await openEmulated();
    try {
      const errors: string[] = [];
      device.on('error', (e) => errors.push(e.message));
      const offBad = device.statistics(() => {
        throw new Error('boom');
      });
      await nextEvent((l) => device.statistics(l));
      offBad();
      expect(errors[0]).toMatch(/a statistics listener threw: boom/);
    } finally {
      await device.close();
    }
  });
});

describe('parameters and the life cycle', () => {
  it('wires the buffer parameters and the glitch filter', async () => {
    const { device } = await openEmulated({}, 1);
    try {
      expect(device.parameterGet('buffer_duration')).toBe(1);
      expect(device.parameterGet('reduction_frequency')).toBe('2 Hz');
      expect(device.parameterGet('sampling_frequency')).toBe('2 MHz');
      expect(device.parameterGet('i_range')).toBe('auto');
      await device.parameterSet('buffer_duration', '15 seconds');
      expect(device.streamBuffer.length).toBe(30_000_000);
      await device.parameterSet('buffer_duration', 1);
      await device.parameterSet('reduction_frequency', '100 Hz');
      expect(device.streamBuffer.reductions).toEqual([200, 100]);
      const before = device.streamBuffer;
      await device.parameterSet('reduction_frequency', 100); // unchanged: same buffer
      expect(device.streamBuffer).toBe(before);
      await device.parameterSet('current_ranging', 'mean_2_3_1');
      expect(device.streamBuffer.suppressMode).toBe('mean_2_3_1');
      expect(device.parameterGet('current_ranging')).toBe('mean_2_3_1');
      await device.parameterSet('current_ranging_type', 'off');
      expect(device.streamBuffer.suppressMode).toBe('off');
      await device.parameterSet('i_range', '18 mA');
      expect(device.parameterGet('i_range')).toBe('18 mA');
    } finally {
      await device.close();
    }
  });

  it('rejects bad parameters with RangeError/TypeError and keeps the old values', async () => {
    const { device } = await openEmulated({}, 1);
    try {
      await expect(device.parameterSet('reduction_frequency', 3)).rejects.toBeInstanceOf(RangeError);
      await expect(device.parameterSet('sampling_frequency', 3000)).rejects.toBeInstanceOf(RangeError);
      await expect(device.parameterSet('buffer_duration', 0.2)).rejects.toThrow(/at least 1 s/);
      await expect(device.parameterSet('buffer_duration', -5)).rejects.toBeInstanceOf(RangeError);
      await expect(device.parameterSet('buffer_duration', true)).rejects.toBeInstanceOf(TypeError);
      await expect(device.parameterSet('no_such', 1)).rejects.toBeInstanceOf(RangeError);
      await expect(device.parameterSet(5 as unknown as string, 1)).rejects.toBeInstanceOf(TypeError);
      expect(() => device.parameterGet(5 as unknown as string)).toThrow(TypeError);
      expect(device.parameterGet('reduction_frequency')).toBe('2 Hz');
      expect(device.parameterGet('buffer_duration')).toBe(1);
      await device.start();
      await expect(device.parameterSet('buffer_duration', 2)).rejects.toMatchObject({ code: 'state' });
      await expect(device.start()).rejects.toMatchObject({ code: 'state', message: expect.stringContaining('started by start()') as unknown });
      expect(() => device.on('nope' as 'stop', () => undefined)).toThrow(RangeError);
      expect(() => device.on('stop', 5 as unknown as () => void)).toThrow(TypeError);
      expect(() => device.statistics(5 as unknown as () => void)).toThrow(TypeError);
      await expect(device.start(null as unknown as object)).rejects.toBeInstanceOf(TypeError);
      const stop = await device.stop();
      expect(stop?.reason).toBe('host');
      expect(await device.stop()).toBeNull();
    } finally {
      await device.close();
    }
    await device.close(); // twice is fine
    expect(device.isOpen).toBe(false);
    await expect(device.start()).rejects.toMatchObject({ code: 'state' });
    await expect(device.info()).rejects.toMatchObject({ code: 'state' });
    expect(() => device.streamBuffer).toThrow(/closed/);
  });

  it('start({ duration }) stops by itself after exactly that many samples', async () => {
    const { device } = await openEmulated();
    try {
      const stopped = nextEvent<DeviceStop>((l) => device.on('stop', l));
      await device.start({ duration: 0.5 });
      const stop = await stopped;
      expect(stop.reason).toBe('duration');
      expect(stop.samples).toBeGreaterThanOrEqual(1_000_000);
      expect(device.isStreaming).toBe(false);
    } finally {
      await device.close();
    }
  });

  it('close() while streaming stops first and ends the subscriptions', async () => {
    const { device } = await openEmulated();
    const it = device.statistics();
    await it.next();
    const stopped = nextEvent<DeviceStop>((l) => device.on('stop', l));
    await device.close();
    expect((await stopped).reason).toBe('host');
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});

describe('reductionsFor', () => {
  it('follows the reference table and extends it to 1 kHz', () => {
    expect(reductionsFor(1)).toEqual([200, 100, 100]);
    expect(reductionsFor(2)).toEqual([200, 100, 50]);
    expect(reductionsFor(20)).toEqual([200, 100, 5]);
    expect(reductionsFor(50)).toEqual([200, 200]);
    expect(reductionsFor(100)).toEqual([200, 100]);
    expect(reductionsFor(1000)).toEqual([200, 10]);
    expect(() => reductionsFor(3)).toThrow(RangeError);
  });
});
