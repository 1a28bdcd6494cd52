// Misuse and hostile input: each case validates first, changes nothing and says so with a typed
// error; nothing hangs and nothing streams after stop().
import { DatafileReader, DatafileWriter, decodeHdr } from '@joulescope/codec';
import { describe, expect, it } from 'vitest';
import { EmulatedJs110, emulatedProvider, emulatorCalibrationRecord, type EmulatorFault } from '../src/emulator';
import {
  DEFAULT_TIMING,
  DeviceEvent,
  Js110,
  Js110Error,
  Js110RangeError,
  Js110StateError,
  Js110TimeoutError,
  Js110TypeError,
  scan,
  type StopEvent,
  type UsbDeviceLike,
} from '../src/index';
import { StreamDecoder, turns } from './_helpers';

async function openEmulated(options: ConstructorParameters<typeof EmulatedJs110>[0] = {}) {
  const device = new EmulatedJs110({ pacing: 'fast', ...options });
  const [info] = await scan({ provider: emulatedProvider(device) });
  const js110 = await Js110.open(info);
  return { device, js110 };
}

/** The emulator with some of its methods replaced (a device that misbehaves in one way). */
function misbehaving(emulator: EmulatedJs110, overrides: Partial<Record<keyof UsbDeviceLike, unknown>>): UsbDeviceLike {
  return new Proxy(emulator, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in overrides) return overrides[key as keyof UsbDeviceLike];
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('stop() and start() in flight (issue items 9 and 10)', () => {
  it('stop() while start() is pending waits for it, then stops: nothing streams after stop() resolves', async () => {
    const { device, js110 } = await openEmulated();
    let delivered = 0;
    const events: StopEvent[] = [];
    js110.on('stop', (e) => events.push(e));
    const starting = js110.start(() => {
      delivered += 1;
    });
    const stopping = js110.stop();
    expect(js110.state).toBe('starting');
    await starting;
    const event = await stopping;
    expect(event).toMatchObject({ code: DeviceEvent.UNDEFINED, message: 'stopped by the host' });
    expect(events).toEqual([event]);
    expect(js110.state).toBe('open');
    expect(device.isStreaming).toBe(false);
    const after = [delivered, device.packetCount];
    await turns(30);
    expect([delivered, device.packetCount]).toEqual(after);
    expect(event?.transfers).toBe(delivered);
    await js110.close();
  });

  it('a second start() while one is in progress is refused; the first streams alone, without gaps', async () => {
    const { js110 } = await openEmulated();
    const decoder = new StreamDecoder();
    const stops: StopEvent[] = [];
    js110.on('stop', (e) => stops.push(e));
    const first = js110.start((d) => decoder.insert(d));
    const second = await js110.start(() => undefined).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(Js110StateError);
    expect((second as Error).message).toMatch(/already in progress: one stream at a time/);
    await first;
    await turns(40);
    const stop = await js110.stop();
    expect(stops).toEqual([stop]);
    expect(stop?.transfers).toBeGreaterThan(0);
    expect(decoder.packets.packetMissingCount).toBe(0);
    expect(decoder.length).toBe((stop?.bytes ?? 0) / 512 * 126);
    await js110.close();
  });

  it('close() while start() is pending closes without streaming', async () => {
    const { device, js110 } = await openEmulated();
    const starting = js110.start(() => undefined);
    await js110.close();
    await starting.catch(() => undefined);
    expect(js110.state).toBe('closed');
    expect(device.isStreaming).toBe(false);
    expect(device.opened).toBe(false);
  });
});

describe('the async iterator (issue item 11)', () => {
  it('serves concurrent next() calls in order', async () => {
    const { js110 } = await openEmulated();
    const iterator = js110.stream();
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
    const indexes = results.map((r) => {
      const chunk = r.value as Uint8Array;
      return chunk[4] | (chunk[5] << 8);
    });
    expect(results.every((r) => r.done === false)).toBe(true);
    expect(indexes).toEqual([0, 256, 512]);
    const pending = [iterator.next(), iterator.next()];
    await iterator.return?.();
    const ends = await Promise.all(pending);
    expect(ends.every((r) => r.done === false || r.done === true)).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(js110.isStreaming).toBe(false);
    await js110.close();
  });

  it('rejects bad options', async () => {
    const { js110 } = await openEmulated();
    expect(() => js110.stream({ highWaterMark: 'x' as never })).toThrow(Js110RangeError);
    expect(() => js110.stream(null as never)).toThrow(Js110TypeError);
    await js110.close();
  });
});

describe('a device that never answers (issue item 12)', () => {
  it('open() gives up after the open timeout (10 s by default) and leaves the driver closed', async () => {
    expect(DEFAULT_TIMING.openTimeoutMs).toBe(10_000);
    for (const step of ['open', 'selectConfiguration', 'claimInterface', 'selectAlternateInterface'] as const) {
      const device = misbehaving(new EmulatedJs110({ pacing: 'fast' }), { [step]: never });
      const t0 = performance.now();
      const error = await Js110.open(device, { timing: { openTimeoutMs: 60, closeTimeoutMs: 30 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Js110TimeoutError);
      expect((error as Error).message).toBe('could not open the JS110 EMU001: no answer within 60 ms');
      expect(performance.now() - t0).toBeLessThan(2000);
    }
  });

  it('close() always settles, within the close timeout, and the device can be opened again', async () => {
    const emulator = new EmulatedJs110({ pacing: 'fast' });
    let hang = true;
    const device = misbehaving(emulator, { close: () => (hang ? never() : emulator.close()) });
    const js110 = await Js110.open(device, { timing: { closeTimeoutMs: 40 } });
    await js110.start(() => undefined);
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('still pending after 2 s'), 2000));
    expect(await Promise.race([js110.close().then(() => 'settled'), late])).toBe('settled');
    expect(js110.state).toBe('closed');
    hang = false;
    const again = await Js110.open(device);
    expect(again.isOpen).toBe(true);
    await again.close();
  });
});

describe('argument checks before anything changes (issue item 13)', () => {
  it('start(null) and start({}) while streaming are TypeErrors and the stream goes on', async () => {
    const { js110 } = await openEmulated();
    const stops: StopEvent[] = [];
    js110.on('stop', (e) => stops.push(e));
    await js110.start(() => undefined);
    for (const bad of [null, {}, { data: 1 }, { data: () => undefined, onStop: 'x' }, undefined, 42]) {
      const error = await js110.start(bad as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toBeInstanceOf(Js110Error);
      expect((error as Error).message).toMatch(/^start\(/);
    }
    await turns(5);
    expect(js110.isStreaming).toBe(true);
    expect(stops).toEqual([]);
    await js110.close();
  });

  it('a transferIn that returns no promise ends the stream with a communication error; the state is whole', async () => {
    const emulator = new EmulatedJs110({ pacing: 'fast' });
    const device = misbehaving(emulator, { transferIn: () => undefined });
    const js110 = await Js110.open(device);
    const stopped = new Promise<StopEvent>((resolve) => js110.on('stop', resolve));
    await js110.start(() => undefined);
    const stop = await stopped;
    expect(stop).toMatchObject({ code: DeviceEvent.COMMUNICATION_ERROR, disconnected: false, transfers: 0 });
    expect(stop.message).toBe('bulk transfer failed: transferIn() must return a promise, it returned undefined');
    expect(js110.isStreaming).toBe(false);
    expect(js110.state).toBe('open');
    await js110.close();
  });

  it('a slow consumer is not a device timeout', async () => {
    const { js110 } = await (async () => {
      const device = new EmulatedJs110({ pacing: 'fast' });
      const [info] = await scan({ provider: emulatedProvider(device) });
      return { js110: await Js110.open(info, { timing: { bulkTimeoutMs: 20 } }) };
    })();
    const timeouts: number[] = [];
    js110.on('timeout', (t) => timeouts.push(t.pendingMs));
    let n = 0;
    const stop = await new Promise<StopEvent>((resolve) => {
      void js110.start({
        data: () => {
          n += 1;
          if (n === 3) return new Promise<void>((r) => setTimeout(r, 150)); // 7 bulk timeouts long
          return n >= 10;
        },
        onStop: resolve,
      });
    });
    expect(stop.code).toBe(DeviceEvent.ENDPOINT_CALLBACK_STOP);
    expect(timeouts).toEqual([]);
    expect(stop.timeouts).toBe(0);
    await js110.close();
  });

  it('Js110.open() of something that is no device nor scan result is a TypeError', async () => {
    for (const bad of [undefined, null, 'EMU001', 42, {}, { path: 'x' }]) {
      const error = await Js110.open(bad as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Js110TypeError);
      expect((error as Error).message).toMatch(/^Js110\.open\(\) takes a scan result \(DeviceInfo\) or a USB device, got /);
    }
    const device = new EmulatedJs110({ pacing: 'fast' });
    await expect(Js110.open(device, { timing: { controlTimeoutMs: -1 } })).rejects.toThrow(/timing.controlTimeoutMs must be a number of milliseconds/);
    await expect(Js110.open(device, { config: 'on' as never })).rejects.toThrow(Js110RangeError);
    await expect(Js110.open(device, { bogus: 1 } as never)).rejects.toThrow(/unknown Js110 option "bogus"/);
    expect(device.opened).toBe(false); // nothing was opened by the refused calls
    expect(() => new Js110({ transferIn: () => undefined } as never)).toThrow(/needs a WebUSB-shaped device/);
  });

  it('a second Js110.open() of an open device is refused; the first keeps working', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    const [info] = await scan({ provider: emulatedProvider(device) });
    const first = await Js110.open(info);
    const error = await Js110.open(info).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Js110StateError);
    expect((error as Error).message).toBe('the JS110 EMU001 is already open by another Js110 in this context; close that one first');
    await expect(Js110.open(device)).rejects.toBeInstanceOf(Js110StateError);
    expect((await first.status()).settingsResult).toBe(0);
    await first.close();
    const second = await Js110.open(info);
    expect(second.isOpen).toBe(true);
    await second.close();
  });

  it('on() checks the event and the listener', async () => {
    const { js110 } = await openEmulated();
    expect(() => js110.on('stopped' as never, () => undefined)).toThrow(/unknown event "stopped"; the events are stop, timeout, disconnect/);
    expect(() => js110.on('stop', 'x' as never)).toThrow(Js110TypeError);
    await expect(js110.calibrationRead('both' as never)).rejects.toThrow(Js110RangeError);
    await js110.close();
  });
});

describe('the emulator checks what it is told (issue item 14)', () => {
  it('refuses nonsense faults and schedules nothing', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    const bad: unknown[] = [
      null,
      'drop',
      { kind: 'explode', at: 1 },
      { kind: 'drop', at: -1 },
      { kind: 'drop', at: 1.5 },
      { kind: 'drop', at: 1, count: 0 },
      { kind: 'drop', at: 1, count: 2 ** 40 },
      { kind: 'timeout', at: 1, durationMs: Infinity },
      { kind: 'timeout', at: 1, durationMs: -5 },
      { kind: 'timeout', at: 1 },
      { kind: 'corrupt', at: 1, field: 'index' },
      { kind: 'stall', at: NaN },
      { kind: 'controlStall', request: 300 },
      { kind: 'unplug', at: 1, duration: 5 },
    ];
    for (const fault of bad) {
      let error: unknown;
      try {
        device.injectFault(fault as EmulatorFault);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(fault)).toBeInstanceOf(Js110Error);
      expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
    }
    // Nothing was scheduled: a stream is clean.
    const [info] = await scan({ provider: emulatedProvider(device) });
    const js110 = await Js110.open(info);
    const decoder = new StreamDecoder();
    const stop = await new Promise<StopEvent>((resolve) => {
      void js110.start({ data: (d) => (decoder.insert(d), decoder.length >= 126 * 2000), onStop: resolve });
    });
    expect(stop.code).toBe(DeviceEvent.ENDPOINT_CALLBACK_STOP);
    expect(decoder.packets.counters()).toEqual({ packetMissingCount: 0, packetTypeInvalidCount: 0, packetDataInvalidCount: 0 });
    await js110.close();
  });

  it('drops a huge run of packets in constant time, without stalling the event loop', async () => {
    const { device, js110 } = await openEmulated();
    // A first stream builds the emulator's caches (one encoded period, the packet headers).
    await new Promise<void>((resolve) => void js110.start({ data: () => true, onStop: () => resolve() }));
    device.injectFault({ kind: 'drop', at: 10, count: 30_000_000 });
    // The longest gap between two event-loop turns while the stream runs.
    let longest = 0;
    let last = performance.now();
    let ticking = true;
    const tick = (): void => {
      const t = performance.now();
      longest = Math.max(longest, t - last);
      last = t;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const chunks: Uint8Array[] = [];
    await new Promise<void>((resolve) => {
      void js110.start({ data: (d) => (chunks.push(d), chunks.length === 2), onStop: () => resolve() });
    });
    ticking = false;
    expect(longest).toBeLessThan(200);
    const index = (chunk: Uint8Array, p: number): number => chunk[p * 512 + 4] | (chunk[p * 512 + 5] << 8);
    expect(index(chunks[0], 9)).toBe(9);
    expect(index(chunks[0], 10)).toBe((30_000_010) & 0xffff);
    await js110.close();
  });

  it('refuses bad options', () => {
    const bad: unknown[] = [
      { pacing: 'bogus' },
      { identity: 'beta' },
      { statusVersion: 3 },
      { infoForm: 'xml' },
      { settingsBusyPolls: -1 },
      { fifoPackets: 0 },
      { serialNumber: 5 },
      { signal: { period: 2 } },
      { calibration: { active: 'x' } },
      { info: 'x' },
      { pacnig: 'fast' },
      null,
    ];
    for (const options of bad) {
      let error: unknown;
      try {
        new EmulatedJs110(options as never);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(Js110Error);
      expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
    }
    expect(() => new EmulatedJs110({ pacing: 'bogus' as never })).toThrow(/pacing must be "realtime" or "fast", got "bogus"/);
    expect(() => emulatedProvider([new EmulatedJs110(), new EmulatedJs110()])).toThrow(/two devices have the path 16d0\/0e88\/EMU001/);
  });
});

describe('the active calibration (issue 8 item 4, driver side)', () => {
  it('a device record with a NaN gain does not become the active calibration', async () => {
    const serial = new EmulatedJs110().hardwareSerialHex;
    const records = [...new DatafileReader(emulatorCalibrationRecord(serial))];
    const hdr = records.find((r) => r.tag === 'HDR');
    const ajs = records.find((r) => r.tag === 'AJS');
    if (hdr === undefined || ajs === undefined) throw new Error('the emulator record has HDR and AJS');
    const json = new TextDecoder().decode(ajs.value).replace(/("current": \{[^}]*"gain": \[)([^,]*),/, '$1NaN,');
    expect(json).toMatch(/"gain": \[NaN,/);
    const writer = new DatafileWriter();
    writer.appendHdr(decodeHdr(hdr.value));
    writer.append('AJS', json);
    const logs: string[] = [];
    const { js110 } = await (async () => {
      const device = new EmulatedJs110({ pacing: 'fast', calibration: { active: writer.finalize() } });
      const [info] = await scan({ provider: emulatedProvider(device) });
      return { js110: await Js110.open(info, { log: (_l, m) => logs.push(m) }) };
    })();
    const cal = js110.calibration;
    expect(cal?.signatureStatus).toBe('default');
    expect([...(cal?.currentGain ?? [])].slice(0, 7).every((g) => Number.isFinite(g))).toBe(true);
    expect(logs.some((m) => /did not load, the default identity calibration applies: .*NaN/.test(m))).toBe(true);
    await js110.close();
  });
});
