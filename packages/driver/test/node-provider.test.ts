import type * as UsbPackage from 'usb';
import { describe, expect, it } from 'vitest';
import { DeviceEvent, Js110, Js110OpenError, scan, UsbPermissionError, type StopEvent } from '../src/index';
import { EMULATOR_PUBLIC_KEY, EmulatedJs110 } from '../src/emulator';
import { loadUsbModule, nodeUsbProvider, type LibusbModuleLike } from '../src/node';
import { registeredDevice } from '../src/_device-registry';
import { FakeLibusbDevice, FakeUsbModule, LIBUSB, libusbError } from './_fake-usb';
import { StreamDecoder, turns } from './_helpers';

/** Compile-time check: the real usb 2.x module fits the interface the adapter uses. */
const realModuleFits = (usb: typeof UsbPackage.usb): LibusbModuleLike => usb;

function setup(count = 1) {
  const emulators = Array.from({ length: count }, (_, i) => new EmulatedJs110({ pacing: 'fast', serialNumber: `EMU00${String(i + 1)}` }));
  const devices = emulators.map((e, i) => new FakeLibusbDevice(e, 10 + i));
  const usb = new FakeUsbModule(devices);
  return { emulators, devices, usb };
}

describe('Node provider over the usb 2.x libusb API (fake module)', () => {
  it('lists JS110s only, reading each serial number as the reference does', async () => {
    const { devices, usb } = setup(2);
    const other = new FakeLibusbDevice(new EmulatedJs110(), 99);
    Object.assign(other.deviceDescriptor, { idVendor: 0x1234, idProduct: 0x5678 });
    usb.devices.push(other);
    const provider = await nodeUsbProvider({ usb });
    const found = await scan({ provider });
    expect(found.map((d) => d.name)).toEqual(['Joulescope:EMU001', 'Joulescope:EMU002']);
    expect(devices[0].log).toEqual(['open(false)', 'control 80 6', 'control 80 6', 'close']); // language id, then the string
    expect(other.log).toEqual([]);
    expect(registeredDevice(found[0])?.device.opened).toBe(false);
  });

  it('returns an empty list with no device attached, and says so', async () => {
    const messages: string[] = [];
    const found = await scan({ provider: await nodeUsbProvider({ usb: new FakeUsbModule([]) }), log: (l, m) => messages.push(`${l}: ${m}`) });
    expect(found).toEqual([]);
    expect(messages).toEqual(['info: scan (node): no JS110 attached: no USB device 16d0:0e88 (production) or 1fc9:fc93 (alpha) was found']);
  });

  it('explains the udev rule when access is denied', async () => {
    const { devices, usb } = setup();
    devices[0].openError = libusbError(LIBUSB.ERROR_ACCESS, 'LIBUSB_ERROR_ACCESS');
    const error = await scan({ provider: await nodeUsbProvider({ usb }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsbPermissionError);
    const message = (error as Error).message;
    expect(message).toMatch(/access to the JS110 was denied \(LIBUSB_ERROR_ACCESS\)/);
    expect(message).toContain('SUBSYSTEM=="usb", ATTRS{idVendor}=="16d0", ATTRS{idProduct}=="0e88", MODE="0666"');
    expect(message).toContain('ATTRS{idVendor}=="1fc9", ATTRS{idProduct}=="fc93"');
    expect(message).toContain('udevadm control --reload-rules');
    // Also when it happens at open (after a scan as root, say).
    devices[0].openError = null;
    const [info] = await scan({ provider: await nodeUsbProvider({ usb }) });
    devices[0].openError = Object.assign(new Error('EACCES: permission denied'), { errno: -13 });
    await expect(Js110.open(info)).rejects.toBeInstanceOf(UsbPermissionError);
  });

  it('runs the whole driver: open, calibration, parameters, streaming with reused transfers, stop, close', async () => {
    const { devices, usb, emulators } = setup();
    const [info] = await scan({ provider: await nodeUsbProvider({ usb }) });
    const js110 = await Js110.open(info, { calibrationPublicKeys: [EMULATOR_PUBLIC_KEY] });
    const device = devices[0];
    expect(device.log.slice(4, 8)).toEqual(['open(false)', 'setConfiguration(1)', 'claim(0)', 'setAltSetting(0)']);
    expect(device.timeout).toBe(1000); // control transfers time out in libusb after 1 s (§1.5)
    expect(js110.hardwareSerialNumber).toBe(emulators[0].hardwareSerialHex);
    expect(js110.calibration?.signed).toBe(true);
    await js110.parameterSet('i_range', '18 mA');
    expect(emulators[0].lastSettings.iRange).toBe(0x08);
    expect((await js110.status()).settingsResult).toBe(0);
    expect(await js110.info()).toMatchObject({ serial_number: 'EMU001' });

    const decoder = new StreamDecoder();
    const stop = await new Promise<StopEvent>((resolve) => {
      let n = 0;
      void js110.start({ data: (d) => (decoder.insert(d), ++n === 40), onStop: resolve });
    });
    expect(stop.code).toBe(DeviceEvent.ENDPOINT_CALLBACK_STOP);
    expect(decoder.length).toBe(40 * 256 * 126);
    expect(decoder.packets.packetMissingCount).toBe(0);
    expect(device.transferTimeouts).toEqual(new Array(8).fill(0)); // 8 transfers, reused; no libusb timeout
    expect(emulators[0].isStreaming).toBe(false);

    // A host stop cancels the pending libusb transfers (CANCELLED) before SETTINGS off.
    await js110.start(() => undefined);
    const hostStop = await js110.stop();
    expect(hostStop?.code).toBe(DeviceEvent.UNDEFINED);
    expect(device.transferTimeouts.length).toBe(8);
    await js110.close();
    expect(device.log.slice(-2)).toEqual(['release(true)', 'close']);
    await turns(2); // the fake forwards close to the emulator asynchronously
    expect(emulators[0].opened).toBe(false);
  });

  it('stops streaming with the reason when the device is detached', async () => {
    const { devices, usb } = setup();
    const [info] = await scan({ provider: await nodeUsbProvider({ usb }) });
    const js110 = await Js110.open(info);
    expect(usb.detachListeners.size).toBe(1);
    expect(usb.unrefs).toBe(1);
    const stopped = new Promise<StopEvent>((resolve) => js110.on('stop', resolve));
    let transfers = 0;
    await js110.start(() => {
      if (++transfers === 5) usb.detach(devices[0]);
    });
    const stop = await stopped;
    expect(stop).toMatchObject({ code: DeviceEvent.COMMUNICATION_ERROR, disconnected: true, transfers: 5 });
    expect(js110.isDisconnected).toBe(true);
    await js110.close();
    expect(usb.detachListeners.size).toBe(0);
  });

  it('a libusb NO_DEVICE alone (no detach event) makes the driver disconnected', async () => {
    const { devices, usb } = setup();
    const [info] = await scan({ provider: await nodeUsbProvider({ usb }) });
    const js110 = await Js110.open(info);
    const stopped = new Promise<StopEvent>((resolve) => js110.on('stop', resolve));
    let transfers = 0;
    await js110.start(() => {
      if (++transfers === 3) devices[0].emulator.unplug(); // the transfers fail with NO_DEVICE
    });
    const stop = await stopped;
    expect(stop).toMatchObject({ code: DeviceEvent.COMMUNICATION_ERROR, disconnected: true });
    expect(js110.isDisconnected).toBe(true);
    expect(registeredDevice(info)?.device.opened).toBe(false);
    await js110.close();
    expect(devices[0].log.at(-1)).toBe('close'); // the handle is released
  });

  it('a scan while a device is open keeps its adapter (no second open of the device)', async () => {
    const { devices, usb } = setup();
    const provider = await nodeUsbProvider({ usb });
    const [info] = await scan({ provider });
    const js110 = await Js110.open(info);
    const opens = devices[0].log.filter((l) => l.startsWith('open')).length;
    const [again] = await scan({ provider });
    expect(devices[0].log.filter((l) => l.startsWith('open')).length).toBe(opens);
    expect(registeredDevice(again)?.device).toBe(js110.device);
    await expect(Js110.open(again)).rejects.toThrow(/already open by another Js110/);
    await js110.close();
    await expect(nodeUsbProvider({ usb: {} as never })).rejects.toThrow(/getDeviceList/);
    await expect(nodeUsbProvider({ controlTimeoutMs: 0 })).rejects.toThrow(/controlTimeoutMs must be/);
  });

  it('maps libusb outcomes: stall and babble are statuses, others are errors', async () => {
    const { devices, usb, emulators } = setup();
    const [info] = await scan({ provider: await nodeUsbProvider({ usb }) });
    const js110 = await Js110.open(info);
    emulators[0].injectFault({ kind: 'controlStall', request: 4 });
    await expect(js110.status()).rejects.toMatchObject({ status: 'stall' });
    const adapter = registeredDevice(info)?.device;
    if (adapter === undefined) throw new Error('the scan result is registered');
    await expect(adapter.transferIn(1, 512)).rejects.toMatchObject({ name: 'InvalidAccessError' });
    emulators[0].injectFault({ kind: 'stall', at: 0 });
    const stop = await new Promise<StopEvent>((resolve) => void js110.start({ data: () => undefined, onStop: resolve }));
    expect(stop.message).toMatch(/ended with stall/);
    await js110.close();
    devices[0].openError = libusbError(LIBUSB.ERROR_BUSY, 'LIBUSB_ERROR_BUSY');
    const busy = await Js110.open(info).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(Js110OpenError);
    expect((busy as Error).message).toMatch(/another program/);
  });
});

describe('Node provider with the real usb package (no device attached here)', () => {
  it('loads usb lazily; scan() returns an empty list and says so', async () => {
    expect(realModuleFits).toBeTypeOf('function');
    const usb = await loadUsbModule();
    expect(typeof usb.getDeviceList).toBe('function');
    const messages: string[] = [];
    const found = await scan({ provider: await nodeUsbProvider({ usb }), log: (_l, m) => messages.push(m) });
    expect(found.length).toBe(usb.getDeviceList().filter((d) => [0x16d0, 0x1fc9].includes(d.deviceDescriptor.idVendor)).length);
    if (found.length === 0) expect(messages[0]).toMatch(/no JS110 attached/);
  });
});
