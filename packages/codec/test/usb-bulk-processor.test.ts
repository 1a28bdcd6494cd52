import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PACKET_SIZE,
  SAMPLES_PER_PACKET,
  UsbBulkProcessor,
  rawSampleWord,
  readPacketHeader,
  writePacket,
  writePacketHeader,
} from '../src/index';
import type { PacketSink } from '../src/index';

/** Collects samples and the voltage range of each. */
class Collector implements PacketSink {
  words: number[] = [];
  ranges: number[] = [];
  onSamples(words: Uint32Array, start: number, voltageRange: number): void {
    for (let k = 0; k < SAMPLES_PER_PACKET; k++) {
      this.words.push(words[start + k]);
      this.ranges.push(voltageRange);
    }
  }
  onMissing(count: number, voltageRange: number): void {
    for (let k = 0; k < count; k++) {
      this.words.push(0xffffffff);
      this.ranges.push(voltageRange);
    }
  }
}

interface Spec {
  index: number;
  type?: number;
  status?: number;
  voltageRange?: number;
  length?: number;
}

function packets(specs: Spec[]): Uint8Array {
  const out = new Uint8Array(specs.length * PACKET_SIZE);
  specs.forEach((spec, p) => {
    const samples = Uint32Array.from({ length: SAMPLES_PER_PACKET }, (_, k) => rawSampleWord((p * 126 + k) & 0x3fff, p & 0x3fff, p % 7, k & 1));
    writePacket(out, p * PACKET_SIZE, spec, samples, 0);
  });
  return out;
}

function sampleOf(bytes: Uint8Array, packet: number, k: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(packet * PACKET_SIZE + 8 + 4 * k, true);
}

describe('packet header', () => {
  it('reads and writes every field (docs/samples.md "Bulk packets")', () => {
    const b = new Uint8Array(8);
    writePacketHeader(b, 0, { index: 0xabcd, voltageRange: 1, usbFrame: 0x1234 });
    expect([...b]).toEqual([1, 0, 0x00, 0x82, 0xcd, 0xab, 0x34, 0x12]);
    expect(readPacketHeader(b)).toEqual({ type: 1, status: 0, length: 512, voltageRange: 1, index: 0xabcd, usbFrame: 0x1234 });
    writePacketHeader(b, 0, { index: 7, type: 2, status: 3, length: 0x7fff });
    expect(readPacketHeader(b)).toEqual({ type: 2, status: 3, length: 0x7fff, voltageRange: 0, index: 7, usbFrame: 0 });
    expect(() => readPacketHeader(new Uint8Array(7))).toThrow(RangeError);
    expect(() => writePacketHeader(new Uint8Array(8), 1, { index: 0 })).toThrow(RangeError);
    expect(() => writePacket(new Uint8Array(512), 2, { index: 0 }, new Uint32Array(126), 0)).toThrow(RangeError);
    expect(() => writePacket(new Uint8Array(512), 0, { index: 0 }, new Uint32Array(100), 0)).toThrow(RangeError);
  });
});

describe('UsbBulkProcessor', () => {
  it('delivers the 126 samples of each packet with its voltage range', () => {
    const bytes = packets([{ index: 0 }, { index: 1, voltageRange: 1 }, { index: 2 }]);
    const p = new UsbBulkProcessor();
    const c = new Collector();
    p.process(bytes, c);
    expect(c.words.length).toBe(378);
    expect(c.words[0]).toBe(sampleOf(bytes, 0, 0));
    expect(c.words[377]).toBe(sampleOf(bytes, 2, 125));
    expect(c.ranges.slice(125, 128)).toEqual([0, 1, 1]);
    expect(c.ranges[300]).toBe(0);
    expect(p.hostIndex).toBe(3);
    expect(p.counters()).toEqual({ packetMissingCount: 0, packetTypeInvalidCount: 0, packetDataInvalidCount: 0 });
  });

  it('fills index gaps with missing packets tagged with the previous voltage range', () => {
    const bytes = packets([{ index: 0, voltageRange: 1 }, { index: 3, voltageRange: 0 }]);
    const p = new UsbBulkProcessor();
    const c = new Collector();
    p.process(bytes, c);
    expect(c.words.length).toBe(4 * 126);
    expect(c.words.slice(126, 378).every((w) => w === 0xffffffff)).toBe(true);
    expect(c.ranges.slice(126, 378).every((r) => r === 1)).toBe(true);
    expect(c.ranges[378]).toBe(0);
    expect(p.packetMissingCount).toBe(2);
  });

  it('follows the 16-bit index through its wrap, and a first index other than 0 is a gap', () => {
    const p = new UsbBulkProcessor();
    p.hostIndex = 0xfffe;
    const c = new Collector();
    p.process(packets([{ index: 0xfffe }, { index: 0xffff }, { index: 0 }, { index: 1 }]), c);
    expect(c.words.length).toBe(4 * 126);
    expect(p.packetMissingCount).toBe(0);
    const q = new UsbBulkProcessor();
    const d = new Collector();
    q.process(packets([{ index: 5 }]), d);
    expect(d.words.length).toBe(6 * 126);
    expect(q.packetMissingCount).toBe(5);
  });

  it('skips packets of another type without advancing the index', () => {
    const p = new UsbBulkProcessor();
    const c = new Collector();
    p.process(packets([{ index: 0 }, { index: 1, type: 2 }, { index: 1 }]), c);
    expect(c.words.length).toBe(2 * 126);
    expect(p.packetTypeInvalidCount).toBe(1);
    expect(p.packetMissingCount).toBe(0);
  });

  it('keeps the samples of a packet with bad status or length, without gap fill or range update', () => {
    const p = new UsbBulkProcessor();
    const c = new Collector();
    p.process(packets([{ index: 0 }, { index: 9, status: 1, voltageRange: 1 }, { index: 2, length: 500 }, { index: 3 }]), c);
    expect(c.words.length).toBe(4 * 126);
    expect(p.packetDataInvalidCount).toBe(2);
    expect(p.packetMissingCount).toBe(0);
    expect(c.ranges.every((r) => r === 0)).toBe(true);
  });

  it('reproduces the stream_small_fs header sequence (drop, bad type, bad status)', () => {
    const specs: Spec[] = [];
    for (let k = 0; k < 50; k++) {
      if (k === 20) continue;
      specs.push({ index: k, type: k === 30 ? 2 : 1, status: k === 31 ? 1 : 0 });
    }
    const p = new UsbBulkProcessor();
    const c = new Collector();
    p.process(packets(specs), c);
    expect(c.words.length).toBe(6300);
    expect(c.words.filter((w) => w === 0xffffffff).length).toBe(252);
  });

  it('gives the same samples for any chunking and alignment of the byte stream', () => {
    const specs: Spec[] = Array.from({ length: 12 }, (_, k) => ({ index: k === 7 ? 9 : k < 7 ? k : k + 2, voltageRange: (k >> 2) & 1, type: k === 4 ? 3 : 1 }));
    const bytes = packets(specs);
    const whole = new Collector();
    new UsbBulkProcessor().process(bytes, whole);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }), fc.integer({ min: 0, max: 3 }), (cuts, shift) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const p = new UsbBulkProcessor();
        const c = new Collector();
        for (let i = 0; i + 1 < bounds.length; i++) {
          const part = bytes.subarray(bounds[i], bounds[i + 1]);
          const shifted = new Uint8Array(part.length + shift);
          shifted.set(part, shift);
          p.process(shifted.subarray(shift), c);
        }
        expect(p.pendingBytes).toBe(0);
        expect(c.words).toEqual(whole.words);
        expect(c.ranges).toEqual(whole.ranges);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a trailing partial packet for the next call and predicts the sample count', () => {
    const bytes = packets([{ index: 0 }, { index: 1 }]);
    const p = new UsbBulkProcessor();
    const c = new Collector();
    expect(p.samplesIn(700)).toBe(126);
    p.process(bytes.subarray(0, 700), c);
    expect(p.pendingBytes).toBe(188);
    expect(c.words.length).toBe(126);
    expect(p.samplesIn(324)).toBe(126);
    p.process(bytes.subarray(700), c);
    expect(p.pendingBytes).toBe(0);
    expect(c.words.length).toBe(252);
    p.process(new Uint8Array(0), c);
    p.reset();
    expect(p.hostIndex).toBe(0);
    expect(p.pendingBytes).toBe(0);
  });

  it('rejects non-byte input with a TypeError and survives hostile byte streams', () => {
    const p = new UsbBulkProcessor();
    expect(() => p.process(null as unknown as Uint8Array, new Collector())).toThrow(TypeError);
    expect(() => p.process([1, 2] as unknown as Uint8Array, new Collector())).toThrow(TypeError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.array(fc.integer({ min: 0, max: 4096 }), { maxLength: 6 }), (data, cuts) => {
        const q = new UsbBulkProcessor();
        let count = 0;
        const sink: PacketSink = {
          onSamples: () => {
            count += 126;
          },
          onMissing: (n) => {
            count += n;
          },
        };
        const bounds = [0, ...cuts.map((x) => Math.min(x, data.length)).sort((a, b) => a - b), data.length];
        for (let i = 0; i + 1 < bounds.length; i++) q.process(data.subarray(bounds[i], bounds[i + 1]), sink);
        // Every delivered sample belongs to an accepted or filled packet.
        expect(count).toBe(q.hostIndex * 126);
        expect(q.hostIndex).toBe(q.packetMissingCount + Math.floor(data.length / 512) - q.packetTypeInvalidCount);
      }),
      { numRuns: 300 },
    );
  });
});
