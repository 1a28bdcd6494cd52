import { encodeFileHeader } from '@joulescope/codec';
import { describe, expect, it } from 'vitest';
import { Js110ProtocolError, readCalibrationRecord } from '../src/index';

/** A device-side record of `length` bytes: a datafile header then a counting pattern. */
function record(length: number): Uint8Array {
  const bytes = Uint8Array.from({ length }, (_, i) => (i * 7) & 0xff);
  bytes.set(encodeFileHeader(length));
  return bytes;
}

function device(bytes: Uint8Array, maxReply = Infinity) {
  const requests: [number, number, number][] = [];
  const request = (value: number, index: number, length: number): Promise<Uint8Array> => {
    requests.push([value, index, length]);
    return Promise.resolve(bytes.slice(index, index + Math.min(length, maxReply)));
  };
  return { requests, request };
}

describe('reading a calibration record in chunks (§9.7)', () => {
  it('reads the header, then min(4096, length) at increasing offsets, never reducing the last request', async () => {
    const bytes = record(10_000);
    const d = device(bytes);
    const out = await readCalibrationRecord(d.request, 'active');
    expect(out).toEqual(bytes);
    expect(d.requests).toEqual([
      [1, 0, 32],
      [1, 0, 4096],
      [1, 4096, 4096],
      [1, 8192, 4096],
    ]);
  });

  it('reads the factory record with wValue 0; a short record is one request of its length', async () => {
    const d = device(record(968));
    await readCalibrationRecord(d.request, 'factory');
    expect(d.requests).toEqual([[0, 0, 32], [0, 0, 968]]);
  });

  it('advances by the bytes actually received', async () => {
    const bytes = record(1000);
    const d = device(bytes, 300);
    expect(await readCalibrationRecord(d.request, 'active')).toEqual(bytes);
    expect(d.requests.map((r) => r[1])).toEqual([0, 0, 300, 600, 900]);
  });

  it('rejects a bad header, a bad length and a device that stops answering', async () => {
    const bad = record(100);
    bad[0] = 0;
    await expect(readCalibrationRecord(device(bad).request, 'active')).rejects.toThrow(/no valid datafile header: not a datafile/);
    const crc = record(100);
    crc[20] = 1;
    await expect(readCalibrationRecord(device(crc).request, 'active')).rejects.toBeInstanceOf(Js110ProtocolError);
    const streaming = record(64);
    streaming.set(encodeFileHeader(0));
    await expect(readCalibrationRecord(device(streaming).request, 'active')).rejects.toThrow(/length 0 is outside 32\.\.32768/);
    const huge = record(64);
    huge.set(encodeFileHeader(0x8001));
    await expect(readCalibrationRecord(device(huge).request, 'active')).rejects.toThrow(/outside/);
    const truncated = record(5000).subarray(0, 4096);
    await expect(readCalibrationRecord(device(truncated).request, 'active')).rejects.toThrow(/no data at offset 4096 of 5000/);
  });
});
