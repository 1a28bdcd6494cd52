// `pnpm bench`: the DownsamplingStreamBuffer figures of issue 12. Workload: realistic USB
// packets (current range switch every 1 ms, toggling bit, calibration set, default glitch
// filter) inserted one 256-packet transfer at a time with process() after each, as the
// driver does. The rates are measured interleaved in one run (several passes after a
// warm-up; min / median / max), next to the inner full-rate StreamBuffer alone.
import { performance } from 'node:perf_hooks';
import { DownsamplingStreamBuffer, StreamBuffer } from '../src/index';
import { Decimator } from '../src/_decimator';
import { DecimatorRing } from '../src/_decimator-ring';
import { decimatorChain } from '../src/_decimator-chains';
import type { SampleBuffer } from '../src/index';
import { CALIBRATION as CAL } from '../test/_calibration';
import { generatePackets } from '../test/_packets';

const FS = 2_000_000;
const REDUCTIONS = [200, 100, 50];
const TRANSFER_BYTES = 256 * 512;
const PASSES = 7;
/** The reference's ingest rates on this machine class (issue 12), in MS/s. */
const REFERENCE: Record<number, number> = { 1000: 15.4, 100_000: 10.0 };

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function line(name: string, value: string, note = ''): void {
  console.log(`${name.padEnd(46)} ${value}${note ? `   ${note}` : ''}`);
}

function stats(xs: number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, max: s[s.length - 1] };
}

/** One pass: reset, then insert + process every transfer; returns MS/s. */
function ingest(b: SampleBuffer, packets: Uint8Array, samples: number): number {
  b.reset();
  const t0 = performance.now();
  for (let at = 0; at < packets.length; at += TRANSFER_BYTES) {
    b.insert(packets.subarray(at, Math.min(at + TRANSFER_BYTES, packets.length)));
    b.process();
  }
  return samples / ((performance.now() - t0) / 1000) / 1e6;
}

const seconds = 5;
const packetCount = Math.ceil((seconds * FS) / 126);
const packets = generatePackets({ packets: packetCount, seed: 7, switchEvery: 2000 });
const samples = packetCount * 126;

function calibrate<T extends SampleBuffer>(b: T): T {
  b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
  return b;
}

interface Case {
  name: string;
  rate: number | null;
  duration: number;
  buffer: SampleBuffer;
  runs: number[];
}

const cases: Case[] = [];
for (const [rate, duration] of [
  [1000, 3600],
  [100_000, 30],
  [null, 1],
] as const) {
  const buffer = calibrate(rate === null ? new StreamBuffer(duration, REDUCTIONS, FS) : new DownsamplingStreamBuffer(duration, REDUCTIONS, FS, rate));
  const name = rate === null ? 'inner StreamBuffer alone (1 s, 2 MS/s)' : `downsampling to ${String(rate / 1000)} kHz (${String(duration)} s)`;
  cases.push({ name, rate, duration, buffer, runs: [] });
}

/** The decimator alone on calibrated blocks already in its memory: MS/s. */
function kernelPass(d: Decimator, ring: DecimatorRing, blocks: number): number {
  const t0 = performance.now();
  for (let b = 0; b < blocks; b++) d.push(d.block, ring);
  return (blocks * d.block) / ((performance.now() - t0) / 1000) / 1e6;
}
const kernels = [1000, 100_000].map((rate) => {
  const d = new Decimator(decimatorChain(rate) ?? [], 16384);
  for (let k = 0; k < d.block; k++) {
    d.current[k] = 1e-3 * (1 + (k & 7));
    d.voltage[k] = 3.3;
    d.bits[k] = 0x14;
  }
  return { rate, d, ring: new DecimatorRing(1 << 16), runs: [] as number[] };
});

for (const c of cases) ingest(c.buffer, packets, samples); // warm-up
gc();
for (const k of kernels) kernelPass(k.d, k.ring, 100);
for (let p = 0; p < PASSES; p++) {
  for (const c of cases) c.runs.push(ingest(c.buffer, packets, samples));
  for (const k of kernels) k.runs.push(kernelPass(k.d, k.ring, 300));
}

console.log(`DownsamplingStreamBuffer: ${String(seconds)} s of packets, ${String(PASSES)} passes, insert+process in MS/s (min / median / max)`);
for (const c of cases) {
  const s = stats(c.runs);
  const figure = `${s.median.toFixed(1)} MS/s`;
  const spread = `(min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;
  if (c.rate === null) {
    line(c.name, figure, spread);
    continue;
  }
  const target = 3 * REFERENCE[c.rate];
  line(c.name, figure, `${spread}  target >= ${target.toFixed(1)} (3x the reference ${REFERENCE[c.rate].toFixed(1)}): ${s.median >= target ? 'PASS' : 'MISS'}`);
}
for (const k of kernels) {
  const s = stats(k.runs);
  line(
    `  of which the filters, ${String(k.rate / 1000)} kHz`,
    `${(1e3 / s.median).toFixed(1)} ns/sample`,
    `(${s.median.toFixed(0)} MS/s; min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`,
  );
}
for (const c of cases) {
  if (c.rate === null) continue;
  // What grows with the duration (the ring and its block records): the bytes held by this
  // buffer less those of one of the smallest duration at the same rate, fed the same packets.
  const ds = c.buffer as DownsamplingStreamBuffer;
  const small = calibrate(new DownsamplingStreamBuffer(1 / c.rate, REDUCTIONS, FS, c.rate));
  ingest(small, packets, samples); // the same inner buffer growth
  const perSample = (ds.byteLength - small.byteLength) / (ds.length - small.length);
  const fixed = ds.byteLength - perSample * ds.length;
  line(
    `memory per output sample, ${String(c.rate / 1000)} kHz`,
    `${perSample.toFixed(2)} B`,
    `(${String(ds.length)} samples, ${(ds.byteLength / 2 ** 20).toFixed(1)} MiB in all: ${(fixed / 2 ** 20).toFixed(1)} MiB fixed, the inner 1 s buffer and the filter state; target <= 16: ${perSample <= 16 ? 'PASS' : 'MISS'})`,
  );
}

// Queries over as many output samples as one hour at 1 kHz holds (4 s at 1 MHz, from the same
// packets): the first statisticsGet computes the block records, later ones read them.
{
  const q = calibrate(new DownsamplingStreamBuffer(4, REDUCTIONS, FS, 1e6));
  ingest(q, packets, samples);
  const [s0, s1] = q.sampleIdRange;
  let t0 = performance.now();
  q.statisticsGet(s0, s1);
  const first = performance.now() - t0;
  const again: number[] = [];
  const plot: number[] = [];
  const inc = Math.floor((s1 - s0) / 1000);
  for (let r = 0; r < 9; r++) {
    t0 = performance.now();
    q.statisticsGet(s0 + r, s1 - r);
    again.push(performance.now() - t0);
    t0 = performance.now();
    q.dataGet(s0 + r, s0 + r + 1000 * inc, inc);
    plot.push(performance.now() - t0);
  }
  const a = stats(again);
  const p = stats(plot);
  line(`statisticsGet over ${String(s1 - s0)} output samples`, `${a.median.toFixed(3)} ms`, `(min ${a.min.toFixed(3)}, max ${a.max.toFixed(3)}; the first call, computing the block records: ${first.toFixed(1)} ms)`);
  line('dataGet 1000 rows over them', `${p.median.toFixed(3)} ms`, `(min ${p.min.toFixed(3)}, max ${p.max.toFixed(3)})`);
}
