import { afterEach, describe, expect, it, vi } from 'vitest';
import { registeredDevice } from '../src/_device-registry';
import { DeviceEvent, Js110, scan, UsbUnavailableError, type StopEvent, type UsbDeviceLike } from '../src/index';
import { EmulatedJs110 } from '../src/emulator';
import { browserUsbProvider, JS110_USB_FILTERS, type UsbLike } from '../src/browser';

/** Compile-time checks: the WebUSB types of @types/w3c-web-usb fit the seam. */
const usbDeviceFits = (device: USBDevice): UsbDeviceLike => device;
const usbFits = (usb: USB): UsbLike => usb;

type Listener = (event: { readonly device: UsbDeviceLike }) => void;

/** A fake `navigator.usb`: permitted devices, a chooser, and disconnect events. */
class FakeUsb implements UsbLike {
  readonly listeners = new Set<Listener>();
  readonly requests: unknown[] = [];
  constructor(
    public permitted: UsbDeviceLike[],
    public chooser: UsbDeviceLike[] = [],
  ) {}
  getDevices(): Promise<UsbDeviceLike[]> {
    return Promise.resolve([...this.permitted]);
  }
  requestDevice(options: { filters: { vendorId: number; productId: number }[] }): Promise<UsbDeviceLike> {
    this.requests.push(options);
    const device = this.chooser.find((d) => options.filters.some((f) => f.vendorId === d.vendorId && f.productId === d.productId));
    if (device === undefined) return Promise.reject(new DOMException('No device selected.', 'NotFoundError'));
    this.permitted.push(device);
    return Promise.resolve(device);
  }
  addEventListener(_type: 'disconnect', listener: Listener): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'disconnect', listener: Listener): void {
    this.listeners.delete(listener);
  }
  disconnect(device: EmulatedJs110): void {
    this.permitted = this.permitted.filter((d) => d !== device);
    device.unplug();
    for (const l of [...this.listeners]) l({ device });
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('browser provider over navigator.usb (fake)', () => {
  it('lists the permitted JS110s only', async () => {
    expect([usbDeviceFits, usbFits].every((f) => typeof f === 'function')).toBe(true);
    const js110 = new EmulatedJs110({ pacing: 'fast' });
    const alpha = new EmulatedJs110({ pacing: 'fast', identity: 'alpha', serialNumber: 'A1' });
    const mouse = { vendorId: 0x046d, productId: 0xc077 } as UsbDeviceLike;
    const provider = browserUsbProvider(new FakeUsb([js110, mouse, alpha]));
    const found = await scan({ provider });
    expect(found.map((d) => [d.path, d.variant])).toEqual([['16d0/0e88/EMU001', 'production'], ['1fc9/fc93/A1', 'alpha']]);
    const messages: string[] = [];
    await scan({ provider: browserUsbProvider(new FakeUsb([])), log: (_l, m) => messages.push(m) });
    expect(messages[0]).toMatch(/no JS110 this page may use: call requestDevice\(\)/);
  });

  it('requests a device with filters for both identities', async () => {
    const js110 = new EmulatedJs110({ pacing: 'fast' });
    const usb = new FakeUsb([], [js110]);
    const provider = browserUsbProvider(usb);
    const info = await provider.requestDevice();
    expect(registeredDevice(info)?.device).toBe(js110);
    expect(usb.requests).toEqual([{ filters: [{ vendorId: 0x16d0, productId: 0x0e88 }, { vendorId: 0x1fc9, productId: 0xfc93 }] }]);
    expect(JS110_USB_FILTERS.length).toBe(2);
    expect((await provider.getDevices()).length).toBe(1);
  });

  it('in a worker (no requestDevice) it still scans and explains how to get permission', async () => {
    const js110 = new EmulatedJs110({ pacing: 'fast' });
    const workerUsb: UsbLike = {
      getDevices: () => Promise.resolve([js110]),
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    vi.stubGlobal('navigator', { usb: workerUsb });
    // scan() with no provider uses this context's navigator.usb.
    expect((await scan()).map((d) => [d.name, d.provider])).toEqual([['Joulescope:EMU001', 'browser']]);
    await expect(browserUsbProvider().requestDevice()).rejects.toThrow(/not available in a worker/);
  });

  it('says so when WebUSB is missing', async () => {
    vi.stubGlobal('navigator', {});
    const provider = browserUsbProvider();
    await expect(provider.getDevices()).rejects.toBeInstanceOf(UsbUnavailableError);
    await expect(provider.getDevices()).rejects.toThrow(/navigator\.usb is missing/);
  });

  it('tells the driver when its device disconnects', async () => {
    const js110 = new EmulatedJs110({ pacing: 'fast' });
    const other = new EmulatedJs110({ pacing: 'fast', serialNumber: 'EMU002' });
    const usb = new FakeUsb([js110, other]);
    const [info] = await scan({ provider: browserUsbProvider(usb) });
    const driver = await Js110.open(info);
    expect(usb.listeners.size).toBe(1);
    const disconnects: string[] = [];
    driver.on('disconnect', (d) => disconnects.push(d.serialNumber));
    const stopped = new Promise<StopEvent>((resolve) => driver.on('stop', resolve));
    await driver.start(() => undefined);
    usb.disconnect(other);
    expect(disconnects).toEqual([]);
    usb.disconnect(js110);
    const stop = await stopped;
    expect(stop).toMatchObject({ code: DeviceEvent.COMMUNICATION_ERROR, disconnected: true });
    expect(disconnects).toEqual(['EMU001']);
    expect(usb.listeners.size).toBe(0);
    await driver.close();
  });
});
