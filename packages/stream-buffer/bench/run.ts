// `pnpm bench`: the StreamBuffer figures of issue 4, one per line, medians of several runs.
// Workload: 30 s ring at 2 MS/s, reductions [200, 100, 50], default suppress mode, calibration
// set, 20 s of packets (current range switch every 1 ms, toggling bit) inserted 256 packets at
// a time with process() after each insert.
import { performance } from 'node:perf_hooks';
import { StreamBuffer } from '../src/index';
import { CALIBRATION as CAL } from '../test/_calibration';
import { generatePackets } from '../test/_packets';

const FS = 2_000_000;
const TRANSFER_BYTES = 256 * 512;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function line(name: string, value: string, note = ''): void {
  console.log(`${name.padEnd(46)} ${value}${note ? `   ${note}` : ''}`);
}

function makeBuffer(duration: number): StreamBuffer {
  const b = new StreamBuffer(duration, [200, 100, 50], FS);
  b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
  return b;
}

function ingest(b: StreamBuffer, packets: Uint8Array): number {
  b.reset();
  const t0 = performance.now();
  for (let at = 0; at < packets.length; at += TRANSFER_BYTES) {
    b.insert(packets.subarray(at, Math.min(at + TRANSFER_BYTES, packets.length)));
    b.process();
  }
  return (performance.now() - t0) / 1000;
}

/** Median milliseconds per call over `rounds` batches of `calls`, after a warm-up. */
function timeCall(fn: () => void, calls: number, rounds = 9): number {
  for (let i = 0; i < calls * 3; i++) fn();
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    per.push((performance.now() - t0) / calls);
  }
  return median(per);
}

const seconds = 20;
const packetCount = Math.ceil((seconds * FS) / 126);
const packets = generatePackets({ packets: packetCount, seed: 7, switchEvery: 2000 });
const samples = packetCount * 126;

gc();
const before = process.memoryUsage().arrayBuffers;
const buffer = makeBuffer(30);
const after = process.memoryUsage().arrayBuffers;

const runs: number[] = [];
for (let r = 0; r < 5; r++) runs.push(ingest(buffer, packets));
line('insert+process', `${(samples / median(runs) / 1e6).toFixed(1)} MS/s`, `(target >= 60; runs ${runs.map((t) => (samples / t / 1e6).toFixed(0)).join(' ')})`);

const [s0, s1] = buffer.sampleIdRange;
const statsMs = timeCall(() => buffer.statisticsGet(s0, s1), 2000);
line('statisticsGet full ring', `${statsMs.toFixed(4)} ms`, '(target <= 0.05)');

const inc = Math.floor((s1 - s0) / 1000);
const fullMs = timeCall(() => buffer.dataGet(s0, s0 + 1000 * inc, inc), 50);
line('dataGet 1000 points, full ring', `${fullMs.toFixed(3)} ms`, '(target <= 2)');
const lastInc = Math.floor(FS / 1000);
const lastMs = timeCall(() => buffer.dataGet(s1 - FS, s1, lastInc), 50);
line('dataGet 1000 points, last 1 s', `${lastMs.toFixed(3)} ms`, '(target <= 2)');
const oddInc = Math.floor((s1 - s0 - 12345) / 1000);
const oddMs = timeCall(() => buffer.dataGet(s0 + 12345, s0 + 12345 + 1000 * oddInc, oddInc), 20);
line('dataGet 1000 points, full ring, unaligned', `${oddMs.toFixed(3)} ms`, `(start +12345, increment ${String(oddInc)})`);
const lastOddMs = timeCall(() => buffer.dataGet(s1 - FS - 77, s1 - 77, lastInc), 20);
line('dataGet 1000 points, last 1 s, unaligned', `${lastOddMs.toFixed(3)} ms`, '(every row has ragged edges)');

// samplesGet against a plain copy of the same bytes: rounds alternate so both see the same
// allocator and cache state.
const plainA = new Float32Array(FS * 2);
const plainB = new Float32Array(FS * 2);
const samplesRounds: number[] = [];
const copyRounds: number[] = [];
for (let r = 0; r < 15; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 5; i++) buffer.samplesGet(s1 - FS, s1, ['current', 'voltage']);
  samplesRounds.push((performance.now() - t0) / 5);
  t0 = performance.now();
  for (let i = 0; i < 5; i++) {
    plainA.slice(FS, 2 * FS);
    plainB.slice(FS, 2 * FS);
  }
  copyRounds.push((performance.now() - t0) / 5);
}
const samplesMs = median(samplesRounds.slice(3));
const copyMs = median(copyRounds.slice(3));
line('samplesGet 1 s current+voltage', `${samplesMs.toFixed(3)} ms`, `(plain slice copy ${copyMs.toFixed(3)} ms, ratio ${(samplesMs / copyMs).toFixed(2)}, target <= 3)`);

line('memory per buffered sample', `${((after - before) / buffer.length).toFixed(2)} B`, `(array buffers of a ${String(buffer.length)}-sample ring; target <= 14.5)`);

// A 60 s ring (120 M samples) in a default Node process.
gc();
const t60 = performance.now();
const big = makeBuffer(60);
const built = performance.now() - t60;
ingest(big, packets.subarray(0, Math.min(packets.length, 2 * 256 * 512 * 62)));
line('60 s ring', `${(big.byteLength / 2 ** 20).toFixed(0)} MiB`, `(${String(big.length)} samples, constructed in ${built.toFixed(0)} ms, streamed 4 s: sampleId ${String(big.status().sampleId)})`);
