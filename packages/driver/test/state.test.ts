// The one state of a Js110 and its one transition function; "disconnected" has one source of truth.
import { describe, expect, it } from 'vitest';
import { transition, type ActiveStream, type Js110Action, type Js110State } from '../src/_js110-state';
import { EmulatedJs110, emulatedProvider } from '../src/emulator';
import { DeviceEvent, Js110, Js110DisconnectedError, scan, type StopEvent, type UsbDeviceLike } from '../src/index';

const done = Promise.resolve();
const stream = { bulk: {}, ended: Promise.resolve() } as unknown as ActiveStream;
const other = { bulk: {}, ended: Promise.resolve() } as unknown as ActiveStream;

describe('transition()', () => {
  const states: Js110State[] = [
    { kind: 'closed' },
    { kind: 'opening', done },
    { kind: 'open' },
    { kind: 'starting', done, stream: null },
    { kind: 'starting', done, stream },
    { kind: 'streaming', stream },
    { kind: 'closing', done, stream },
    { kind: 'disconnected', stream, released: null },
  ];
  const actions: Js110Action[] = [
    { type: 'open', done },
    { type: 'opened' },
    { type: 'start', done },
    { type: 'streamStarted', stream: other },
    { type: 'startFailed' },
    { type: 'streamEnded', stream },
    { type: 'close', done },
    { type: 'closed' },
    { type: 'disconnect' },
    { type: 'release', done },
  ];
  const table = states.map((s) => actions.map((a) => transition(s, a).kind).join(' '));

  it('has the documented table: one row per state, one column per action', () => {
    // columns: open opened start streamStarted startFailed streamEnded close closed disconnect release
    expect(table).toEqual([
      'opening closed closed closed closed closed closed closed closed closed',
      'opening open opening opening opening opening opening closed disconnected opening',
      'open open starting open open open closing open disconnected open',
      'starting starting starting streaming open starting closing starting disconnected starting',
      'starting starting starting streaming open starting closing starting disconnected starting',
      'streaming streaming starting streaming streaming open closing streaming disconnected streaming',
      'closing closing closing closing closing closing closing closed disconnected closing',
      'disconnected disconnected disconnected disconnected disconnected disconnected disconnected disconnected disconnected disconnected',
    ]);
  });

  it('carries the stream that is still ending, and forgets it once it ended', () => {
    const replacing = transition({ kind: 'streaming', stream }, { type: 'start', done });
    expect(replacing).toEqual({ kind: 'starting', done, stream });
    expect(transition(replacing, { type: 'streamEnded', stream })).toEqual({ kind: 'starting', done, stream: null });
    expect(transition(replacing, { type: 'streamEnded', stream: other })).toBe(replacing);
    const gone = transition({ kind: 'streaming', stream }, { type: 'disconnect' });
    expect(gone).toEqual({ kind: 'disconnected', stream, released: null });
    expect(transition(gone, { type: 'release', done })).toEqual({ kind: 'disconnected', stream, released: done });
    expect(transition(transition(gone, { type: 'streamEnded', stream }), { type: 'closed' })).toEqual({
      kind: 'disconnected',
      stream: null,
      released: null,
    });
  });
});

describe('disconnected: one source of truth', () => {
  it('a removal seen only by a bulk transfer (no provider watching) makes the driver disconnected', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    const js110 = await Js110.open(device); // a bare device: no removal notifications
    device.injectFault({ kind: 'unplug', at: 256 * 3 });
    const disconnects: string[] = [];
    js110.on('disconnect', (d) => disconnects.push(d.serialNumber));
    const stop = await new Promise<StopEvent>((resolve) => void js110.start({ data: () => undefined, onStop: resolve }));
    expect(stop).toMatchObject({ code: DeviceEvent.COMMUNICATION_ERROR, disconnected: true, transfers: 3 });
    expect(js110.isDisconnected).toBe(true);
    expect(js110.state).toBe('disconnected');
    expect(disconnects).toEqual(['EMU001']);
    await expect(js110.status()).rejects.toBeInstanceOf(Js110DisconnectedError);
    await expect(js110.parameterSet('i_range', 'auto')).rejects.toBeInstanceOf(Js110DisconnectedError);
    await js110.close();
    expect(js110.state).toBe('disconnected');
  });

  it('a removal seen by a control transfer makes the driver disconnected', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    const js110 = await Js110.open(device);
    device.unplug();
    await expect(js110.status()).rejects.toBeInstanceOf(Js110DisconnectedError);
    expect(js110.isDisconnected).toBe(true);
    await js110.close();
  });

  it('a NotFoundError from a device that is still opened (misuse) is a transfer failure, not a removal', async () => {
    const emulator = new EmulatedJs110({ pacing: 'fast' });
    const device: UsbDeviceLike = new Proxy(emulator, {
      get(target, key, receiver) {
        // A wrong endpoint: WebUSB says NotFoundError, the device is still there.
        if (key === 'transferIn') return () => target.transferIn(5, 512);
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const js110 = await Js110.open(device);
    const stop = await new Promise<StopEvent>((resolve) => void js110.start({ data: () => undefined, onStop: resolve }));
    expect(stop).toMatchObject({ code: DeviceEvent.COMMUNICATION_ERROR, disconnected: false });
    expect(stop.message).toMatch(/^bulk transfer failed: The specified endpoint is not part of a claimed/);
    expect(js110.isDisconnected).toBe(false);
    expect(js110.state).toBe('open');
    expect((await js110.status()).settingsResult).toBe(0);
    await js110.close();
  });

  it('state follows the life of a driver', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    const [info] = await scan({ provider: emulatedProvider(device) });
    const js110 = new Js110(device);
    const seen: string[] = [js110.state];
    const opening = js110.open();
    seen.push(js110.state);
    await opening;
    seen.push(js110.state);
    const starting = js110.start(() => undefined);
    seen.push(js110.state);
    await starting;
    seen.push(js110.state);
    const closing = js110.close();
    seen.push(js110.state);
    await closing;
    seen.push(js110.state);
    expect(seen).toEqual(['closed', 'opening', 'open', 'starting', 'streaming', 'closing', 'closed']);
    expect(info.name).toBe('Joulescope:EMU001');
  });
});
