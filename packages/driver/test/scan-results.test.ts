// Scan results are plain data: cloned, serialized or posted to a Worker, and still openable.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserUsbProvider, type UsbLike } from '../src/browser';
import { EmulatedJs110, emulatedProvider } from '../src/emulator';
import { Js110, Js110NotFoundError, Js110TypeError, scan, UsbUnavailableError, type DeviceInfo } from '../src/index';

afterEach(() => {
  vi.unstubAllGlobals();
});

function workerUsb(devices: EmulatedJs110[]): UsbLike {
  return { getDevices: () => Promise.resolve([...devices]), addEventListener: () => undefined, removeEventListener: () => undefined };
}

describe('scan results', () => {
  it('hold identity fields and the provider kind only, and survive structuredClone and JSON', async () => {
    const device = new EmulatedJs110({ pacing: 'fast', serialNumber: '000415', identity: 'alpha' });
    const [info] = await scan({ provider: emulatedProvider(device) });
    const expected: DeviceInfo = {
      vendorId: 0x1fc9,
      productId: 0xfc93,
      variant: 'alpha',
      serialNumber: '000415',
      path: '1fc9/fc93/000415',
      name: 'Joulescope:000415',
      provider: 'emulated',
    };
    expect({ ...info }).toEqual(expected);
    expect(Object.values(info).every((v) => typeof v === 'string' || typeof v === 'number')).toBe(true);
    expect(structuredClone(info)).toEqual(expected);
    expect(JSON.parse(JSON.stringify(info))).toEqual(expected);
    expect(Object.isFrozen(info)).toBe(true);
  });

  it('a clone opens the same device', async () => {
    const device = new EmulatedJs110({ pacing: 'fast' });
    const [info] = await scan({ provider: emulatedProvider(device) });
    const js110 = await Js110.open(structuredClone(info));
    expect(js110.device).toBe(device);
    expect(device.opened).toBe(true);
    await js110.close();
  });

  it('a result posted from the page to a worker is found again by scanning the worker\'s navigator.usb', async () => {
    const device = new EmulatedJs110({ pacing: 'fast', serialNumber: 'W1' });
    // What the page found (and the worker never scanned): plain data.
    const posted: DeviceInfo = structuredClone({
      vendorId: 0x16d0,
      productId: 0x0e88,
      variant: 'production',
      serialNumber: 'W1',
      path: '16d0/0e88/W1',
      name: 'Joulescope:W1',
      provider: 'browser',
    });
    vi.stubGlobal('navigator', { usb: workerUsb([device]) });
    const js110 = await Js110.open(posted);
    expect(js110.device).toBe(device);
    await js110.close();
  });

  it('a result this context cannot find is a Js110NotFoundError that says to scan here', async () => {
    const info: DeviceInfo = {
      vendorId: 0x16d0,
      productId: 0x0e88,
      variant: 'production',
      serialNumber: 'NOPE',
      path: '16d0/0e88/NOPE',
      name: 'Joulescope:NOPE',
      provider: 'node',
    };
    const error = await Js110.open(info).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Js110NotFoundError);
    expect((error as Error).message).toMatch(/^no node device 16d0\/0e88\/NOPE is known here: scan\(\) in this context first/);
    const provider = emulatedProvider(new EmulatedJs110({ pacing: 'fast' }));
    await expect(Js110.open({ ...info, provider: 'emulated' }, { provider })).rejects.toThrow(/not attached, or not permitted here/);
  });

  it('a later scan of the same provider replaces what it found', async () => {
    const a = new EmulatedJs110({ pacing: 'fast', serialNumber: 'A' });
    const b = new EmulatedJs110({ pacing: 'fast', serialNumber: 'B' });
    const provider = emulatedProvider([a, b]);
    const [infoA] = await scan({ provider });
    a.unplug();
    expect((await scan({ provider })).map((i) => i.serialNumber)).toEqual(['B']);
    await expect(Js110.open(infoA)).rejects.toBeInstanceOf(Js110NotFoundError);
  });

  it('scan() checks its options, and without a provider needs WebUSB', async () => {
    await expect(scan({ provider: {} as never })).rejects.toBeInstanceOf(Js110TypeError);
    await expect(scan({ log: 'x' as never })).rejects.toBeInstanceOf(Js110TypeError);
    await expect(scan(null as never)).rejects.toBeInstanceOf(Js110TypeError);
    vi.stubGlobal('navigator', {});
    const error = await scan().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsbUnavailableError);
    expect((error as Error).message).toMatch(/in Node\.js pass \{ provider: await nodeUsbProvider\(\) \} from "@joulescope\/driver\/node"/);
    expect(browserUsbProvider(null).kind).toBe('browser');
  });
});
