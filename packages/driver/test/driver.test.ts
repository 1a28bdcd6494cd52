import { describe, expect, it } from 'vitest';
import { DeviceEvent, Js110, Js110DisconnectedError, Js110Error, Js110OpenError, Js110StateError, Js110StreamError, Js110TimeoutError, Js110TransferError, ParameterNameError, ParameterValueError, scan, type Js110Options, type StopEvent } from '../src/index';
import { constantSignal, EMULATOR_PUBLIC_KEY, EmulatedJs110, emulatedProvider, emulatorCalibrationRecord, firmwareLikeSignal, type EmulatorOptions } from '../src/emulator';
import { StreamDecoder } from './_helpers';

const KEYS = { calibrationPublicKeys: [EMULATOR_PUBLIC_KEY] };

async function openDriver(emulator: Partial<EmulatorOptions> = {}, options: Js110Options = {}) {
  const device = new EmulatedJs110({ pacing: 'fast', ...emulator });
  const [info] = await scan({ provider: emulatedProvider(device) });
  const js110 = await Js110.open(info, { ...KEYS, ...options });
  return { device, js110 };
}

/** Streams until the consumer has `samples` samples (or the stream stops); resolves with the stop event. */
function streamSamples(js110: Js110, samples: number, onData: (data: Uint8Array) => void = () => undefined): Promise<StopEvent> {
  return new Promise<StopEvent>((resolve, reject) => {
    let bytes = 0;
    js110
      .start({
        data: (data) => {
          onData(data);
          bytes += data.length;
          return (bytes / 512) * 126 >= samples;
        },
        onStop: resolve,
      })
      .catch(reject);
  });
}

describe('Js110 on the emulated device: the full sequence', () => {
  it('scans, opens, reads info and calibration, sets parameters, streams 5 s of samples, stops and closes', async () => {
    const signal = firmwareLikeSignal();
    const device = new EmulatedJs110({ pacing: 'fast', signal });
    const logs: string[] = [];
    const found = await scan({ provider: emulatedProvider(device), log: (level, m) => logs.push(`${level}: ${m}`) });
    expect(found.map((d) => [d.name, d.path, d.serialNumber, d.variant])).toEqual([['Joulescope:EMU001', '16d0/0e88/EMU001', 'EMU001', 'production']]);

    const js110 = await Js110.open(found[0], { ...KEYS, log: (level, m) => logs.push(`${level}: ${m}`) });
    expect(js110.isOpen).toBe(true);
    expect(js110.serialNumber).toBe('EMU001');
    expect(js110.hardwareSerialNumber).toBe(device.hardwareSerialHex);
    expect(await js110.info()).toMatchObject({ model: 'JS110', hardware_version: 'H', serial_number: 'EMU001', ctl: { fw: { ver: '1.3.4' } } });

    const cal = js110.calibration;
    expect(cal?.signed).toBe(true);
    expect(cal?.serialNumber).toBe(device.hardwareSerialHex);
    expect(cal?.currentGain[4]).toBe(Math.fround(1.4970493483159016e-7));
    const factory = await js110.calibrationRead('factory');
    expect(factory.time.toISOString()).toBe('2019-01-01T00:00:00.000Z');

    // The `auto` preset at open: i_range auto, v_range 15V, source on, each with a SETTINGS.
    expect(device.lastSettings).toEqual({ sensorPower: 1, iRange: 0x80, source: 0xc0, vRange: 0, ovrToLsb: 0, streaming: 0 });
    expect(js110.parameterGet('i_range')).toBe('auto');
    expect(js110.parameterGetValue('i_range')).toBe(0x80);
    expect(js110.parameterGet('model')).toBe('JS110');
    expect(js110.parameterGet('hardware_serial_number')).toBe(device.hardwareSerialHex);
    expect(js110.parameterGet('device_serial_number')).toBe(device.hardwareSerialHex);
    await js110.parameterSet('i_range', '18 mA');
    expect(device.lastSettings.iRange).toBe(0x08);
    await js110.parameterSet('v_range', 'high');
    expect(device.lastSettings.vRange).toBe(1);
    expect(js110.parameterGet('v_range')).toBe('5V');
    await js110.parameterSet('io_voltage', '1.8V');
    await js110.parameterSet('current_lsb', 'gpi0');
    expect(device.lastExtio).toEqual({ triggerSource: 0, currentLsb: 2, voltageLsb: 0, gpo0: 0, gpo1: 0, ioVoltage: 1800 });
    expect(await js110.extioStatus()).toMatchObject({ ioVoltage: 1800, currentLsb: 2 });
    await js110.parameterSet('current_lsb', 'normal');
    await js110.parameterSet('current_ranging', 'mean_2_4_2');
    expect(js110.parameterGet('current_ranging')).toBe('mean_2_4_2');
    await js110.parameterSet('v_range', '15V');
    await js110.parameterSet('i_range', 'auto');
    const status = await js110.status();
    expect(status).toMatchObject({ length: 104, settingsResult: 0, sensorIRange: 0x80, sensorSource: 0xc0, statistics: null });

    // Stream 5 s of device time (10 M samples) as fast as the consumer takes it.
    const decoder = new StreamDecoder();
    let chunks = 0;
    const stopped = await streamSamples(js110, 10_000_000, (data) => {
      chunks += 1;
      expect(data.length).toBe(256 * 512);
      decoder.insert(data);
    });
    expect(stopped).toMatchObject({ code: DeviceEvent.ENDPOINT_CALLBACK_STOP, message: 'stopped by the consumer', disconnected: false });
    expect(stopped.transfers).toBe(chunks);
    expect(stopped.bytes).toBe(chunks * 256 * 512);
    expect(decoder.length).toBeGreaterThanOrEqual(10_000_000);
    expect(decoder.packets.counters()).toEqual({ packetMissingCount: 0, packetTypeInvalidCount: 0, packetDataInvalidCount: 0 });
    expect(js110.isStreaming).toBe(false);
    expect(device.isStreaming).toBe(false); // SETTINGS with streaming 0 was sent
    expect(device.lastSettings.streaming).toBe(0);

    // The host calibrates with the device's record and sees the emulated signal.
    const { current, voltage } = decoder.calibrated();
    const n = 400_000;
    const i = new Float64Array(n);
    const v = new Float64Array(n);
    signal.fill(8_000_000, n, i, v, new Uint8Array(n));
    for (let k = 0; k < n; k += 7) {
      const gain = cal?.currentGain ?? new Float32Array(9);
      expect(Math.abs(current[8_000_000 + k] - i[k])).toBeLessThanOrEqual(gain[2] / 2 + Math.abs(i[k]) * 1e-6);
      expect(Math.abs(voltage[8_000_000 + k] - v[k])).toBeLessThanOrEqual(0.0005);
    }
    expect(decoder.raw.counters().skipCount).toBe(0);
    expect(await js110.stop()).toBeNull();

    await js110.close();
    expect(js110.isOpen).toBe(false);
    expect(device.opened).toBe(false);
    await js110.close(); // twice is fine
    expect(logs.some((l) => l.startsWith('debug: INFO'))).toBe(true);
  });

  it('stops from the host: data completing meanwhile is delivered, the stream stays contiguous', async () => {
    const { device, js110 } = await openDriver();
    const decoder = new StreamDecoder();
    let delivered = 0;
    const events: StopEvent[] = [];
    js110.on('stop', (e) => events.push(e));
    let stopping: Promise<StopEvent | null> | null = null;
    await js110.start((data) => {
      delivered += data.length;
      decoder.insert(data);
      if (delivered >= 20 * 256 * 512 && stopping === null) stopping = js110.stop();
    });
    while (stopping === null) await new Promise((r) => setImmediate(r));
    const event = await (stopping as Promise<StopEvent | null>);
    expect(event).toMatchObject({ code: DeviceEvent.UNDEFINED, message: 'stopped by the host' });
    expect(event?.bytes).toBe(delivered);
    expect(delivered).toBeGreaterThanOrEqual(20 * 256 * 512);
    expect(events).toEqual([event]);
    expect(decoder.packets.packetMissingCount).toBe(0);
    expect(device.isStreaming).toBe(false);
    // Streaming again starts at packet 0 with a fresh device stream.
    const again = new StreamDecoder();
    await streamSamples(js110, 100_000, (d) => again.insert(d));
    expect(again.packets.packetMissingCount).toBe(0);
    await js110.close();
  });

  it('streams as an async iterator and stops when the loop ends', async () => {
    const { device, js110 } = await openDriver();
    let count = 0;
    for await (const chunk of js110.stream()) {
      expect(chunk.length).toBe(256 * 512);
      if (++count === 12) break;
    }
    expect(count).toBe(12);
    expect(js110.isStreaming).toBe(false);
    expect(device.isStreaming).toBe(false);
    await js110.close();
  });

  it('pauses delivery for a slow iterator reader instead of queueing without bound', async () => {
    const { device, js110 } = await openDriver();
    const iterator = js110.stream({ highWaterMark: 4 });
    await iterator.next();
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    const produced = device.packetCount / 256;
    expect(produced).toBeLessThanOrEqual(1 + 4 + 8 + 1); // read + queued + outstanding (+ one in flight)
    await iterator.return?.();
    expect(js110.isStreaming).toBe(false);
    expect(() => js110.stream({ highWaterMark: 0 })).toThrow(RangeError);
    await js110.close();
  });

  it('restarts when start() is called while streaming', async () => {
    const { js110 } = await openDriver();
    const stops: StopEvent[] = [];
    js110.on('stop', (e) => stops.push(e));
    await js110.start(() => undefined);
    await js110.start(() => true);
    await new Promise<void>((resolve) => js110.on('stop', () => resolve()));
    expect(stops.map((s) => s.code)).toEqual([DeviceEvent.UNDEFINED, DeviceEvent.ENDPOINT_CALLBACK_STOP]);
    await js110.close();
  });
});

describe('Js110 on the emulated device: faults and what the consumer sees', () => {
  it('dropped packets: the stream goes on, the host sees the index gap', async () => {
    const { device, js110 } = await openDriver();
    device.injectFault({ kind: 'drop', at: 1000, count: 5 });
    const decoder = new StreamDecoder();
    const stop = await streamSamples(js110, 126 * 3000, (d) => decoder.insert(d));
    expect(stop.code).toBe(DeviceEvent.ENDPOINT_CALLBACK_STOP);
    expect(decoder.packets.packetMissingCount).toBe(5);
    expect(decoder.calibrated().current.filter((x) => Number.isNaN(x)).length).toBe(5 * 126);
    await js110.close();
  });

  it('bad header and bad status: the stream goes on, the host counts invalid packets', async () => {
    const { device, js110 } = await openDriver();
    device.injectFault({ kind: 'corrupt', at: 700, field: 'status' });
    device.injectFault({ kind: 'corrupt', at: 900, field: 'type' });
    const decoder = new StreamDecoder();
    await streamSamples(js110, 126 * 2000, (d) => decoder.insert(d));
    expect(decoder.packets.packetDataInvalidCount).toBe(1);
    expect(decoder.packets.packetTypeInvalidCount).toBe(1);
    await js110.close();
  });

  it('a stall stops streaming with COMMUNICATION_ERROR after the data before it', async () => {
    const { device, js110 } = await openDriver();
    device.injectFault({ kind: 'stall', at: 256 * 6 + 3 });
    let transfers = 0;
    const stop = await streamSamples(js110, 1e9, () => (transfers += 1));
    expect(stop).toMatchObject({ code: DeviceEvent.COMMUNICATION_ERROR, disconnected: false, transfers: 6 });
    expect(stop.message).toMatch(/endpoint 2 ended with stall/);
    expect(transfers).toBe(6);
    expect(js110.isStreaming).toBe(false);
    // The device is still usable: streaming again works.
    const again = await streamSamples(js110, 126 * 512);
    expect(again.code).toBe(DeviceEvent.ENDPOINT_CALLBACK_STOP);
    await js110.close();
  });

  it('a timeout is reported and streaming goes on (the transfer stays queued)', async () => {
    const { device, js110 } = await openDriver({}, { timing: { bulkTimeoutMs: 20 } });
    device.injectFault({ kind: 'timeout', at: 256 * 3, durationMs: 120 });
    const timeouts: number[] = [];
    js110.on('timeout', (t) => timeouts.push(t.count));
    const decoder = new StreamDecoder();
    const stop = await streamSamples(js110, 126 * 256 * 10, (d) => decoder.insert(d));
    expect(timeouts.length).toBeGreaterThanOrEqual(1);
    expect(stop.timeouts).toBe(timeouts.length);
    expect(stop.code).toBe(DeviceEvent.ENDPOINT_CALLBACK_STOP);
    expect(decoder.packets.packetMissingCount).toBe(0);
    await js110.close();
  });

  it('unplug mid-stream: stop event with the reason, delivered data kept, close is safe', async () => {
    const { device, js110 } = await openDriver();
    device.injectFault({ kind: 'unplug', at: 256 * 10 + 5 });
    const disconnects: string[] = [];
    js110.on('disconnect', (d) => disconnects.push(d.serialNumber));
    const decoder = new StreamDecoder();
    const stop = await streamSamples(js110, 1e9, (d) => decoder.insert(d));
    expect(stop.code).toBe(DeviceEvent.COMMUNICATION_ERROR);
    expect(stop.disconnected).toBe(true);
    expect(stop.message).toMatch(/removed/);
    expect(stop.transfers).toBe(10);
    expect(decoder.length).toBe(10 * 256 * 126);
    expect(decoder.packets.packetMissingCount).toBe(0);
    expect(disconnects).toEqual(['EMU001']);
    expect(js110.isDisconnected).toBe(true);
    await expect(js110.status()).rejects.toBeInstanceOf(Js110DisconnectedError);
    await expect(js110.start(() => undefined)).rejects.toBeInstanceOf(Js110DisconnectedError);
    await js110.close();
    await js110.close();
    expect(js110.isOpen).toBe(false);
    await expect(js110.open()).rejects.toBeInstanceOf(Js110DisconnectedError);
  });

  it('unplug seen by the async iterator: the data first, then a Js110StreamError', async () => {
    const { device, js110 } = await openDriver();
    device.injectFault({ kind: 'unplug', at: 256 * 4 });
    let chunks = 0;
    const error = await (async () => {
      try {
        for await (const _chunk of js110.stream()) chunks += 1;
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(chunks).toBe(4);
    expect(error).toBeInstanceOf(Js110StreamError);
    expect(error).toMatchObject({ code: 'stream', stopCode: DeviceEvent.COMMUNICATION_ERROR, disconnected: true });
    await js110.close();
  });

  it('a consumer that throws stops the stream with ENDPOINT_CALLBACK_EXCEPTION', async () => {
    const { js110 } = await openDriver();
    const boom = new Error('boom');
    const stop = await new Promise<StopEvent>((resolve) => {
      void js110.start({
        data: () => {
          throw boom;
        },
        onStop: resolve,
      });
    });
    expect(stop).toMatchObject({ code: DeviceEvent.ENDPOINT_CALLBACK_EXCEPTION, message: 'the consumer threw: boom', error: boom, transfers: 1 });
    await js110.close();
  });

  it('a control transfer that is never answered times out, and the next one goes through', async () => {
    const { device, js110 } = await openDriver({}, { timing: { controlTimeoutMs: 50 } });
    device.injectFault({ kind: 'controlTimeout', request: 4 });
    await expect(js110.status()).rejects.toBeInstanceOf(Js110TimeoutError);
    await expect(js110.status()).resolves.toMatchObject({ settingsResult: 0 });
    device.injectFault({ kind: 'controlStall', request: 9 });
    await expect(js110.extioStatus()).rejects.toMatchObject({ name: 'Js110TransferError', status: 'stall' });
    await js110.close();
  });

  it('waits for the sensor after SETTINGS, and gives up after the sensor wait timeout', async () => {
    const { js110 } = await openDriver({ settingsBusyPolls: 3 });
    await js110.parameterSet('i_range', '2 A');
    await js110.close();
    const busy = await openDriver({ settingsBusyPolls: 3 }, { timing: { sensorWaitTimeoutMs: 15, sensorWaitBusyRetryMs: 10 } }).catch(
      (e: unknown) => e,
    );
    expect(busy).toBeInstanceOf(Js110TimeoutError);
    expect((busy as Error).message).toMatch(/did not complete the SETTINGS command within 15 ms/);
  });
});

describe('Js110: control transfers one at a time (§1.3)', () => {
  it('never has two control transfers in flight, whatever the callers do', async () => {
    const emulator = new EmulatedJs110({ pacing: 'fast' });
    let inFlight = 0;
    let most = 0;
    const order: number[] = [];
    const track = <T>(request: number, run: () => Promise<T>): Promise<T> => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      order.push(request);
      return run().finally(() => (inFlight -= 1));
    };
    const device = new Proxy(emulator, {
      get(target, key, receiver) {
        if (key === 'controlTransferIn') {
          return (setup: { request: number }, length: number) =>
            track(setup.request, () => target.controlTransferIn(setup as never, length));
        }
        if (key === 'controlTransferOut') {
          return (setup: { request: number }, data?: Uint8Array) =>
            track(setup.request, () => target.controlTransferOut(setup as never, data));
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const js110 = await Js110.open(device);
    order.length = 0;
    await Promise.all([js110.status(), js110.parameterSet('gpo0', '1'), js110.extioStatus(), js110.info(), js110.parameterSet('i_range', '2 A')]);
    expect(most).toBe(1);
    expect(order.slice(0, 4)).toEqual([4, 9, 9, 10]); // call order: STATUS, EXTIO out, EXTIO in, INFO
    expect(order[4]).toBe(3); // then SETTINGS, then STATUS polls for the sensor
    expect(order.slice(5).every((r) => r === 4)).toBe(true);
    await js110.close();
  });
});

describe('Js110: calibration outcomes at open (§9.7)', () => {
  it('applies the default identity calibration when the record does not load', async () => {
    const record = emulatorCalibrationRecord(new EmulatedJs110().hardwareSerialHex).slice();
    record[200] ^= 0xff; // inside the JSON record: its CRC fails
    const logs: string[] = [];
    const { js110 } = await openDriver({ calibration: { active: record } }, { log: (_l, m) => logs.push(m) });
    expect(js110.calibration?.signatureStatus).toBe('default');
    expect([...(js110.calibration?.currentGain ?? [])].slice(0, 8)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(js110.calibration?.serialNumber).toBe(js110.hardwareSerialNumber);
    expect(logs.some((m) => /did not load/.test(m))).toBe(true);
    await expect(js110.calibrationRead('active')).rejects.toThrow();
    await js110.close();
  });

  it('rejects a record of another device, and has none when it cannot be read', async () => {
    const other = emulatorCalibrationRecord('00'.repeat(16));
    const { js110 } = await openDriver({ calibration: { active: other } });
    expect(js110.calibration).toBeNull();
    expect(js110.parameterGet('device_serial_number')).toBe('EMU001');
    await js110.close();
    const none = await openDriver({ calibration: { active: null, factory: null } });
    expect(none.js110.calibration).toBeNull();
    await expect(none.js110.calibrationRead('factory')).rejects.toBeInstanceOf(Js110TransferError);
    await none.js110.close();
  });

  it('loads an unsigned (test-key) calibration without the test key allowed', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    const js110 = await Js110.open(device);
    expect(js110.calibration?.signed).toBe(false);
    expect(js110.calibration?.serialNumber).toBe(device.hardwareSerialHex);
    await js110.close();
  });
});

describe('Js110: API misuse gets typed errors', () => {
  it('needs an open device; caches parameters before open', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    const js110 = new Js110(device, { config: 'ignore' });
    await expect(js110.status()).rejects.toBeInstanceOf(Js110StateError);
    await expect(js110.start(() => undefined)).rejects.toThrow(/needs an open device; this one is closed/);
    await js110.parameterSet('i_range', '180 mA');
    expect(js110.parameterGet('i_range')).toBe('180 mA');
    await expect(js110.parameterSet('i_range', 'big')).rejects.toBeInstanceOf(ParameterValueError);
    await expect(js110.parameterSet('range', 1)).rejects.toBeInstanceOf(ParameterNameError);
    expect(() => js110.parameterGet('range')).toThrow(ParameterNameError);
    expect(js110.hardwareSerialNumber).toBeNull();
    await js110.open();
    await expect(js110.open()).rejects.toBeInstanceOf(Js110StateError);
    expect(device.lastSettings.iRange).toBe(0); // `ignore`: nothing sent at open
    await expect(js110.start({} as never)).rejects.toBeInstanceOf(TypeError);
    await js110.close();
  });

  it('refuses to set a read-only parameter (the reference only warns) and changes nothing', async () => {
    const warnings: string[] = [];
    const { device, js110 } = await openDriver({}, { log: (level, m) => level === 'warn' && warnings.push(m) });
    const before = device.lastSettings;
    const error = await js110.parameterSet('model', 'JS220').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterValueError);
    expect(error).toBeInstanceOf(Js110Error);
    expect(error).toMatchObject({ code: 'read_only_parameter', message: 'parameter "model" is read-only (it reads "JS110"); nothing was set' });
    await expect(js110.parameterSet('hardware_serial_number', 'x')).rejects.toMatchObject({ code: 'read_only_parameter' });
    expect(js110.parameterGet('model')).toBe('JS110');
    expect(device.lastSettings).toEqual(before);
    expect(warnings).toEqual([]);
    await js110.close();
  });

  it('reports an open failure with its cause', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    device.unplug();
    const error = await Js110.open(device).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Js110OpenError);
    expect((error as Error).message).toMatch(/could not open the JS110 EMU001: The device was disconnected/);
  });

  it('works with the INFO-less (old) firmware and the 24-byte STATUS', async () => {
    const { js110 } = await openDriver({ infoForm: 'none', statusVersion: 1 });
    expect(await js110.info()).toBeNull();
    expect((await js110.status()).length).toBe(24);
    await js110.close();
  });

  it('reports the on-device statistics through status()', async () => {
    const { js110 } = await openDriver({ signal: constantSignal(1e-3, 3.3) });
    let statistics = null;
    await streamSamples(js110, 2_100_000, () => undefined);
    await js110.start(() => undefined);
    while (statistics === null) {
      statistics = (await js110.status()).statistics;
      await new Promise((r) => setImmediate(r));
    }
    expect(statistics.current.mean).toBeCloseTo(1e-3, 7);
    expect(statistics.samplesPerSecond).toBe(2_000_000);
    await js110.close();
  });
});
