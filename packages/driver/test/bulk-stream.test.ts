import { describe, expect, it } from 'vitest';
import { BulkStream } from '../src/_bulk-stream';
import { DeviceEvent, type UsbDeviceLike, type UsbInResult } from '../src/index';
import { turns } from './_helpers';

interface Call {
  resolve: (r: UsbInResult) => void;
  reject: (e: Error) => void;
}

/** A device whose bulk transfers the test completes by hand, in any order. */
function scriptedDevice() {
  const calls: Call[] = [];
  const device = {
    transferIn: (endpoint: number, length: number) => {
      expect([endpoint, length]).toEqual([2, 1024]);
      return new Promise<UsbInResult>((resolve, reject) => calls.push({ resolve, reject }));
    },
  } as unknown as UsbDeviceLike;
  return { device, calls };
}

const ok = (tag: number): UsbInResult => ({ status: 'ok', data: new DataView(Uint8Array.of(tag, tag).buffer) });

function stream(device: UsbDeviceLike, consumer: (data: Uint8Array) => boolean | void | Promise<boolean | void>, extra = {}) {
  let aborts = 0;
  const timeouts: number[] = [];
  const s = new BulkStream({
    device,
    endpoint: 2,
    transferSize: 1024,
    outstanding: 4,
    timeoutMs: 10_000,
    consumer,
    abort: () => {
      aborts += 1;
      return Promise.resolve();
    },
    onTimeout: (ms) => timeouts.push(ms),
    ...extra,
  });
  return { s, aborts: () => aborts, timeouts };
}

describe('BulkStream (§1.4 over WebUSB)', () => {
  it('keeps `outstanding` transfers queued and delivers in submission order whatever the completion order', async () => {
    const { device, calls } = scriptedDevice();
    const seen: number[] = [];
    const { s } = stream(device, (d) => {
      seen.push(d[0]);
    });
    expect(calls.length).toBe(4);
    calls[2].resolve(ok(2));
    calls[1].resolve(ok(1));
    await turns(1);
    expect(seen).toEqual([]); // transfer 0 is still pending
    calls[0].resolve(ok(0));
    await turns(1);
    expect(seen).toEqual([0, 1, 2]);
    expect(calls.length).toBe(7); // one resubmission per delivery
    calls[3].resolve(ok(3));
    await turns(1);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(calls.length).toBe(8);
    s.stop(DeviceEvent.UNDEFINED, 'test', { deliverPending: true });
    calls[4].resolve(ok(4)); // completes while stopping: still delivered
    for (const c of calls.slice(5)) c.reject(new DOMException('aborted', 'AbortError'));
    const end = await s.ended;
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(end).toEqual({ code: 0, message: 'test', disconnected: false, bytes: 10, transfers: 5, timeouts: 0 });
  });

  it('after a consumer stop, later completions are not delivered and pending transfers are aborted', async () => {
    const { device, calls } = scriptedDevice();
    const seen: number[] = [];
    const { s, aborts } = stream(device, (d) => {
      seen.push(d[0]);
      return d[0] === 1;
    });
    calls[0].resolve(ok(0));
    calls[1].resolve(ok(1));
    calls[2].resolve(ok(2));
    await turns(1);
    for (const c of calls.slice(3)) c.reject(new DOMException('aborted', 'AbortError'));
    const end = await s.ended;
    expect(seen).toEqual([0, 1]);
    expect(aborts()).toBe(1);
    expect(end).toMatchObject({ code: DeviceEvent.ENDPOINT_CALLBACK_STOP, transfers: 2 });
    expect(calls.length).toBe(5); // one resubmission after transfer 0, none after the stop
  });

  it('stops with COMMUNICATION_ERROR on a rejected transfer; a removal is flagged', async () => {
    const { device, calls } = scriptedDevice();
    const seen: number[] = [];
    const { s } = stream(device, (d) => {
      seen.push(d[0]);
    });
    calls[0].resolve(ok(0));
    calls[1].reject(new DOMException('The device was disconnected.', 'NotFoundError'));
    calls[2].resolve(ok(2));
    calls[3].reject(new DOMException('The device was disconnected.', 'NotFoundError'));
    await turns(1);
    calls[4].reject(new DOMException('The device was disconnected.', 'NotFoundError'));
    const end = await s.ended;
    expect(seen).toEqual([0]);
    expect(end).toMatchObject({ code: DeviceEvent.COMMUNICATION_ERROR, disconnected: true, transfers: 1 });
    expect(end.message).toBe('device removed while streaming: The device was disconnected.');
  });

  it('waits for a consumer promise before the next delivery and resubmission', async () => {
    const { device, calls } = scriptedDevice();
    let release: () => void = () => undefined;
    const seen: number[] = [];
    stream(device, (d) => {
      seen.push(d[0]);
      if (d[0] === 0) return new Promise<void>((r) => (release = r));
    });
    calls[0].resolve(ok(0));
    calls[1].resolve(ok(1));
    await turns(2);
    expect(seen).toEqual([0]);
    expect(calls.length).toBe(4);
    release();
    await turns(2);
    expect(seen).toEqual([0, 1]);
    expect(calls.length).toBe(6);
  });

  it('reports a transfer pending longer than the timeout and keeps it queued', async () => {
    const { device, calls } = scriptedDevice();
    const { s, timeouts } = stream(device, () => undefined, { timeoutMs: 5 });
    while (timeouts.length === 0) await new Promise((r) => setTimeout(r, 2));
    expect(timeouts[0]).toBeGreaterThanOrEqual(5);
    expect(calls.length).toBe(4); // nothing resubmitted: the transfer is still queued
    expect(s.running).toBe(true);
    s.stop(DeviceEvent.UNDEFINED, 'done');
    for (const c of calls) c.reject(new DOMException('aborted', 'AbortError'));
    expect((await s.ended).timeouts).toBe(timeouts.length);
  });

  it('gives up on transfers that neither complete nor abort', async () => {
    const { device } = scriptedDevice();
    const { s } = stream(device, () => undefined, { timeoutMs: 5 });
    s.stop(DeviceEvent.UNDEFINED, 'silent device');
    expect(await s.ended).toMatchObject({ code: 0, message: 'silent device', transfers: 0 });
  });

  it('stops on a stall status and on a throwing submit', async () => {
    const { device, calls } = scriptedDevice();
    const { s } = stream(device, () => undefined);
    calls[0].resolve({ status: 'babble' });
    for (const c of calls.slice(1)) c.reject(new DOMException('aborted', 'AbortError'));
    expect(await s.ended).toMatchObject({ code: 1, message: 'bulk transfer on endpoint 2 ended with babble' });
    const throwing = {
      transferIn: () => {
        throw new Error('not claimed');
      },
    } as unknown as UsbDeviceLike;
    const t = stream(throwing, () => undefined);
    expect(await t.s.ended).toMatchObject({ code: 1, message: 'bulk transfer failed: not claimed' });
  });
});
