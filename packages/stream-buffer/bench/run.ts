// `pnpm bench`: the StreamBuffer figures against their targets (issue "StreamBuffer core v2"),
// each with min / median / max over several in-process passes after a warm-up, PASS or MISS
// on the median. The plain-JS oracle (the v1 StreamBuffer, test/_oracle) runs interleaved
// with the WebAssembly one on the same data, so "before" and "after" come from one run.
//
// Workload: 20 s of firmware-like packets (bench/_firmware-signal.ts: sleep current with
// bursts, ~600 range switches per second) into a 10 s ring that wraps, reductions
// [200, 100, 50], the default glitch filter, calibration set; inserted 256 packets (one USB
// transfer) at a time with process() after each, as a driver does.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StreamBuffer } from '../src/index';
import { OracleStreamBuffer } from '../test/_oracle/stream-buffer';
import { CALIBRATION as CAL } from '../test/_calibration';
import { firmwarePackets } from './_firmware-signal';

const FS = 2_000_000;
const TRANSFER = 256 * 512;
type Buffer = StreamBuffer | OracleStreamBuffer;

interface Spread {
  min: number;
  median: number;
  max: number;
}

function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, max: s[s.length - 1] };
}

function fmt(s: Spread, digits: number): string {
  return `${s.median.toFixed(digits)} (min ${s.min.toFixed(digits)}, max ${s.max.toFixed(digits)})`;
}

let misses = 0;
function line(name: string, value: string, target: string, pass: boolean | null, note = ''): void {
  const verdict = pass === null ? '    ' : pass ? 'PASS' : 'MISS';
  if (pass === false) misses++;
  console.log(`${verdict}  ${name.padEnd(38)} ${value.padEnd(40)} target ${target}${note ? `   ${note}` : ''}`);
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function make(kind: 'kernel' | 'oracle', duration: number): Buffer {
  const b = kind === 'kernel' ? new StreamBuffer(duration, [200, 100, 50], FS) : new OracleStreamBuffer(duration, [200, 100, 50], FS);
  b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
  return b;
}

/** One pass: reset, then every transfer inserted and processed; returns MS/s. */
function ingest(b: Buffer, packets: Uint8Array): number {
  b.reset();
  const t0 = performance.now();
  for (let at = 0; at < packets.length; at += TRANSFER) {
    b.insert(packets.subarray(at, at + TRANSFER));
    b.process();
  }
  const seconds = (performance.now() - t0) / 1000;
  return (b.status().deviceSampleId / seconds) * 1e-6;
}

/** Milliseconds per call: `rounds` rounds of `calls` calls after a warm-up. */
function timeCall(fn: () => void, calls: number, rounds: number): number[] {
  for (let i = 0; i < calls * 3; i++) fn();
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    out.push((performance.now() - t0) / calls);
  }
  return out;
}

console.log('StreamBuffer bench: 20 s of firmware-like packets into a 10 s ring, reductions [200, 100, 50], interp_1_n_1');
console.log('(kernel: the WebAssembly StreamBuffer; v1: the plain-JS oracle it replaced, same run)\n');
const packets = firmwarePackets(20);

// ---- Ingest ----
const kernel = make('kernel', 10);
const oracle = make('oracle', 10);
ingest(kernel, packets); // warm-up: the kernel's optimising tier, the JIT
ingest(oracle, packets);
const kernelRuns: number[] = [];
const oracleRuns: number[] = [];
for (let r = 0; r < 7; r++) {
  gc();
  kernelRuns.push(ingest(kernel, packets));
  if (r % 2 === 0) {
    gc();
    oracleRuns.push(ingest(oracle, packets));
  }
}
const k = spread(kernelRuns);
const o = spread(oracleRuns);
line('insert+process', `${fmt(k, 1)} MS/s`, '>= 150 MS/s', k.median >= 150, `v1 ${fmt(o, 1)} MS/s, ×${(k.median / o.median).toFixed(1)}`);

// ---- Queries (both buffers hold the last 10 s of the stream) ----
const [s0, s1] = kernel.sampleIdRange;
const stats = spread(timeCall(() => kernel.statisticsGet(s0, s1), 2000, 9));
const statsV1 = spread(timeCall(() => oracle.statisticsGet(s0, s1), 2000, 5));
line('statisticsGet full ring', `${fmt(stats, 4)} ms`, '<= 0.05 ms', stats.median <= 0.05, `v1 ${statsV1.median.toFixed(4)} ms`);

const start = s0 + 12345;
const inc = Math.floor((s1 - start) / 1000);
const view = spread(timeCall(() => kernel.dataGet(start, start + 1000 * inc, inc), 10, 11));
const viewV1 = spread(timeCall(() => oracle.dataGet(start, start + 1000 * inc, inc), 5, 5));
line('dataGet 1000 rows, full ring, unaligned', `${fmt(view, 3)} ms`, '<= 1.9 ms', view.median <= 1.9, `v1 ${viewV1.median.toFixed(3)} ms (start +12345, increment ${String(inc)})`);

const lastInc = FS / 1000;
const last = spread(timeCall(() => kernel.dataGet(s1 - FS - 77, s1 - 77, lastInc), 10, 11));
line('dataGet 1000 rows, last 1 s, unaligned', `${fmt(last, 3)} ms`, '(no target)', null, 'every row has ragged edges');

// samplesGet of 1 s against a plain copy of the same bytes, rounds interleaved.
const plainA = new Float32Array(2 * FS);
const plainB = new Float32Array(2 * FS);
const ratios: number[] = [];
const samplesMs: number[] = [];
for (let r = 0; r < 15; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 3; i++) kernel.samplesGet(s1 - FS, s1, ['current', 'voltage']);
  const a = (performance.now() - t0) / 3;
  t0 = performance.now();
  for (let i = 0; i < 3; i++) {
    plainA.slice(FS, 2 * FS);
    plainB.slice(FS, 2 * FS);
  }
  const b = (performance.now() - t0) / 3;
  if (r >= 3) {
    ratios.push(a / b);
    samplesMs.push(a);
  }
}
const ratio = spread(ratios);
line('samplesGet 1 s current+voltage', `${fmt(spread(samplesMs), 3)} ms`, '<= 3 × plain copy', ratio.median <= 3, `ratio to a plain copy ${fmt(ratio, 2)}`);

// ---- Memory ----
const perSample = kernel.byteLength / kernel.length;
line('memory per buffered sample', `${perSample.toFixed(2)} B`, '<= 6 B', perSample <= 6, `v1 ${(oracle.byteLength / oracle.length).toFixed(2)} B (${String(kernel.length)}-sample ring)`);
for (const seconds of [60, 120]) {
  gc();
  let ok = false;
  let note: string;
  try {
    const t0 = performance.now();
    const big = make('kernel', seconds);
    const built = performance.now() - t0;
    const t1 = performance.now();
    ingest(big, packets.subarray(0, Math.floor(packets.length / 5 / 512) * 512));
    const streamed = performance.now() - t1;
    ok = big.status().sampleId > 0;
    note = `${(big.byteLength / 2 ** 20).toFixed(0)} MiB, ${(big.byteLength / big.length).toFixed(2)} B/sample; built in ${built.toFixed(0)} ms, 4 s streamed in ${streamed.toFixed(0)} ms`;
  } catch (e) {
    note = String(e);
  }
  line(`${String(seconds)} s ring (${String(seconds * FS)} samples)`, ok ? 'constructs and streams' : 'FAILED', 'constructs and streams', ok, note);
}

// ---- Instructions per sample (cachegrind; repeatable where timings are not) ----
function valgrindAvailable(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (valgrindAvailable() && process.env.BENCH_NO_VALGRIND === undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const file = join(dir, 'packets.bin');
  writeFileSync(file, packets);
  const count = (impl: string, n: number): number => {
    const r = spawnSync(
      'valgrind',
      // --single-threaded: no background compiler threads, so the count repeats to 0.1 %.
      ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', '--conditions=source', '--import', 'tsx', join(import.meta.dirname, '_count.ts'), impl, file, String(n)],
      { encoding: 'utf8' },
    );
    const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
    if (m === null) throw new Error(`cachegrind gave no count: ${r.stderr.slice(-400)}`);
    return Number(m[1].replaceAll(',', ''));
  };
  try {
    const few = 20_000;
    const many = 100_000;
    const perSampleOf = (impl: string): number => (count(impl, many) - count(impl, few)) / ((many - few) * 126);
    const ki = perSampleOf('kernel');
    const oi = perSampleOf('oracle');
    line('instructions per sample (ingest)', `${ki.toFixed(1)}`, '(repeatable figure)', null, `v1 ${oi.toFixed(1)}, ×${(oi / ki).toFixed(1)} fewer (cachegrind, node --single-threaded, 10 M samples)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  line('instructions per sample (ingest)', 'skipped', '(valgrind not found)', null);
}

console.log(misses === 0 ? '\nevery target met' : `\n${String(misses)} target(s) missed`);
