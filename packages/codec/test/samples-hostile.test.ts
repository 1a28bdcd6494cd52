// Issue items for the sample path: typed errors that change nothing, and no scratch buffer that
// keeps the size of the largest unaligned input for the processor's lifetime.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  PACKET_SIZE,
  SAMPLES_PER_PACKET,
  RawProcessor,
  UsbBulkProcessor,
  bitsOf,
  currentCodeOf,
  currentRangeOf,
  rawSampleWord,
  readPacketHeader,
  toggleOf,
  voltageCodeOf,
  writePacket,
  writePacketHeader,
} from '../src/index';
import type { PacketSink, SampleOutput } from '../src/index';
import { expectOwnError } from './_typed-error';

function output(n: number): SampleOutput {
  return { current: new Float32Array(n), voltage: new Float32Array(n), bits: new Uint8Array(n) };
}

function signal(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, k) => rawSampleWord(1000 + (k % 500), 9000, k < n / 2 ? 2 : 3, k & 1));
}

describe('RawProcessor.process argument checks', () => {
  it('refuses bad arguments with a typed error and changes nothing', () => {
    const raw = signal(400);
    const p = new RawProcessor();
    const q = new RawProcessor();
    const out = output(500);
    p.process(raw, 0, 100, out, 0);
    q.process(raw, 0, 100, output(500), 0);
    const bad: [() => unknown, ErrorConstructor, RegExp][] = [
      [() => p.process(new Uint16Array(8) as unknown as Uint32Array, 0, 4, out, 0), TypeError, /raw must be a Uint32Array/],
      [() => p.process(raw, -1, 10, out, 0), RangeError, /must be integers within \[0, 400\]/],
      [() => p.process(raw, 10, 5, out, 0), RangeError, /\[start, end\)/],
      [() => p.process(raw, 0, 401, out, 0), RangeError, /\[start, end\)/],
      [() => p.process(raw, 0, NaN, out, 0), RangeError, /\[start, end\)/],
      [() => p.process(raw, 100, 200, {} as SampleOutput, 0), TypeError, /out must be/],
      [() => p.process(raw, 100, 200, null as unknown as SampleOutput, 0), TypeError, /out must be/],
      [() => p.process(raw, 100, 200, { ...out, bits: new Int8Array(500) as unknown as Uint8Array }, 0), TypeError, /out must be/],
      [() => p.process(raw, 100, 200, out, -1), RangeError, /outStart/],
      [() => p.process(raw, 100, 200, out, 401), RangeError, /out needs room for/],
      [() => p.process(raw, 100, 400, output(299), 0), RangeError, /needs room for 300 samples/],
    ];
    for (const [fn, type, message] of bad) {
      expect(fn).toThrow(type);
      expect(fn).toThrow(message);
    }
    // Both processors are in the same state: the refused calls changed nothing.
    const a = output(400);
    const b = output(400);
    const na = p.process(raw, 100, 400, a, 0);
    const nb = q.process(raw, 100, 400, b, 0);
    expect(na).toBe(nb);
    expect(a).toEqual(b);
    expect(p.counters()).toEqual(q.counters());
  });

  it('needs exactly the room it can fill: end − start plus the samples it holds', () => {
    const p = new RawProcessor();
    const raw = signal(300);
    // The range switch at 150 opens a window: some samples stay held after the first call.
    const first = p.process(raw, 0, 152, output(152), 0);
    const held = p.pending;
    expect(held).toBeGreaterThan(0);
    expect(first).toBe(152 - held);
    expectOwnError(() => p.process(raw, 152, 300, output(148 + held - 1), 0), RangeError);
    expect(p.process(raw, 152, 300, output(148 + held), 0)).toBe(148 + held);
  });
});

describe('RawProcessor.voltageRange', () => {
  it('takes 0 and 1 only', () => {
    const p = new RawProcessor();
    p.voltageRange = 1;
    for (const bad of [2, -1, 0.5, NaN]) expectOwnError(() => (p.voltageRange = bad), RangeError);
    for (const bad of ['1', null, undefined, true]) expectOwnError(() => (p.voltageRange = bad as unknown as number), TypeError);
    expect(() => (p.voltageRange = 2)).toThrow(/0 \(15 V\) or 1 \(5 V\), got 2/);
    expect(p.voltageRange).toBe(1);
  });
});

describe('packet and sample encoders', () => {
  it('refuse fields that do not fit, writing nothing', () => {
    const b = new Uint8Array(8).fill(0xaa);
    for (const header of [
      { index: 0x10000 },
      { index: -1 },
      { index: 1.5 },
      { index: '1' },
      { index: 0, voltageRange: 2 },
      { index: 0, type: 256 },
      { index: 0, status: -1 },
      { index: 0, length: 0x8000 },
      { index: 0, usbFrame: 0x10000 },
      {},
    ]) {
      expect(() => writePacketHeader(b, 0, header as never)).toThrow(/packet (index|voltageRange|type|status|length|usbFrame) must be an integer/);
    }
    expectOwnError(() => writePacketHeader(b, 0, null as never), TypeError);
    expectOwnError(() => writePacketHeader([0, 0] as unknown as Uint8Array, 0, { index: 0 }), TypeError);
    expectOwnError(() => writePacketHeader(b, NaN, { index: 0 }), RangeError);
    expect([...b]).toEqual(new Array(8).fill(0xaa));
    expectOwnError(() => readPacketHeader(b, NaN), RangeError);
    expectOwnError(() => readPacketHeader('x' as unknown as Uint8Array), TypeError);

    const out = new Uint8Array(2 * PACKET_SIZE);
    expect(() => writePacket(out, 2, { index: 0 }, new Uint32Array(126), 0)).toThrow(/4-byte aligned/);
    expect(() => writePacket(out, PACKET_SIZE + 8, { index: 0 }, new Uint32Array(126), 0)).toThrow(/needs 512 bytes/);
    expectOwnError(() => writePacket(out, 0, { index: 0 }, [1, 2] as unknown as Uint32Array, 0), TypeError);
    expectOwnError(() => writePacket(out, 0, { index: 0 }, new Uint32Array(126), NaN), RangeError);
    expectOwnError(() => writePacket(out, 0, { index: 70000 }, new Uint32Array(126), 0), RangeError);
    expect(out.every((x) => x === 0)).toBe(true);
  });

  it('the decoders take 32-bit sample words only', () => {
    expect([currentRangeOf(0xffffffff), bitsOf(0xffffffff), toggleOf(1 << 17), currentCodeOf(0x3fff << 2), voltageCodeOf(0xffffffff)]).toEqual([8, 0x38, 1, 0x3fff, 0x3fff]);
    for (const f of [currentRangeOf, bitsOf, toggleOf, currentCodeOf, voltageCodeOf]) {
      for (const bad of [-1, 2 ** 32, 1.5, NaN, '7']) expectOwnError(() => f(bad as number), RangeError, /32-bit unsigned sample word/);
    }
    expect(new UsbBulkProcessor().samplesIn(1024)).toBe(252);
    expectOwnError(() => new UsbBulkProcessor().samplesIn(NaN), RangeError, /byteLength/);
  });

  it('rawSampleWord refuses codes, ranges and toggles outside their fields', () => {
    expect(rawSampleWord(0x3fff, 0x3fff, 7, 1)).toBe(0xffffffff);
    expect(() => rawSampleWord(0x4000, 0, 0, 0)).toThrow(/currentCode must be an integer in \[0, 16383\], got 16384/);
    expect(() => rawSampleWord(0, -1, 0, 0)).toThrow(/voltageCode/);
    expect(() => rawSampleWord(0, 0, 8, 0)).toThrow(/range must be an integer in \[0, 7\]/);
    expect(() => rawSampleWord(0, 0, 0, 2)).toThrow(/toggle/);
    expectOwnError(() => rawSampleWord(1.5, 0, 0, 0), RangeError);
    expectOwnError(() => rawSampleWord(NaN, 0, 0, 0), RangeError);
    expectOwnError(() => rawSampleWord('5' as unknown as number, 0, 0, 0), RangeError);
  });
});

describe('UsbBulkProcessor', () => {
  const sink: PacketSink = { onSamples: () => undefined, onMissing: () => undefined };

  it('refuses data or a sink of the wrong type, keeping the partial packet it holds', () => {
    const u = new UsbBulkProcessor();
    u.process(new Uint8Array(100), sink);
    expect(u.pendingBytes).toBe(100);
    expect(() => u.process([1, 2] as unknown as Uint8Array, sink)).toThrow(/USB data must be a Uint8Array, got a Array/);
    expect(() => u.process(null as unknown as Uint8Array, sink)).toThrow(/got null/);
    expect(() => u.process(new Uint8Array(512), {} as PacketSink)).toThrow(/onSamples and onMissing/);
    expectOwnError(() => u.process(new Uint8Array(512), null as unknown as PacketSink), TypeError);
    expect(u.pendingBytes).toBe(100);
  });

  it('parses a huge unaligned input in bounded batches, with the same samples as aligned input', () => {
    const n = 600; // packets: more than two 256-packet batches
    const samples = signal(n * SAMPLES_PER_PACKET);
    const aligned = new Uint8Array(n * PACKET_SIZE);
    for (let p = 0; p < n; p++) writePacket(aligned, p * PACKET_SIZE, { index: p & 0xffff, voltageRange: (p >> 9) & 1 }, samples, p * SAMPLES_PER_PACKET);
    const shifted = new Uint8Array(aligned.length + 1).subarray(1);
    shifted.set(aligned);
    const collect = (bytes: Uint8Array): { words: Uint32Array; ranges: number[] } => {
      const words = new Uint32Array(n * SAMPLES_PER_PACKET);
      const ranges: number[] = [];
      let w = 0;
      new UsbBulkProcessor().process(bytes, {
        onSamples: (src, start, vr) => {
          words.set(src.subarray(start, start + SAMPLES_PER_PACKET), w);
          w += SAMPLES_PER_PACKET;
          ranges.push(vr);
        },
        onMissing: () => expect.fail('no gaps here'),
      });
      return { words, ranges };
    };
    const a = collect(aligned);
    const b = collect(shifted);
    const same = (x: Uint32Array, y: Uint32Array): boolean => Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer)) === 0;
    expect(same(b.words, samples)).toBe(true);
    expect(same(a.words, samples)).toBe(true);
    expect(b.ranges).toEqual(a.ranges);
    expect(b.ranges[600 - 1]).toBe(1);
  });

  it('does not keep a scratch buffer the size of a large unaligned input', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const u = new UsbBulkProcessor();
    u.process(new Uint8Array(PACKET_SIZE + 1).subarray(1), sink); // the scratch buffer exists now
    gc();
    const base = process.memoryUsage().arrayBuffers;
    const insertBig = (): void => {
      const big = new Uint8Array(64 * 1024 * 1024 + 1).subarray(1); // 64 MiB, unaligned
      for (let p = 0; p < big.length / PACKET_SIZE; p++) big[p * PACKET_SIZE] = 1;
      u.process(big, sink);
    };
    insertBig(); // in its own frame, so that nothing but the processor can hold on to the input
    // V8 may release large backing stores on a later task: collect until it has (or give up).
    let kept = Infinity;
    for (let attempt = 0; attempt < 20 && kept >= 8 * 1024 * 1024; attempt++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
      kept = process.memoryUsage().arrayBuffers - base;
    }
    expect(u.counters().packetDataInvalidCount).toBe(64 * 2048); // they were all parsed (length 0: invalid)
    expect(kept).toBeLessThan(8 * 1024 * 1024); // the 64 MiB input is gone and nothing of its size stayed
  });
});
