// `pnpm bench` for the codec: RawProcessor and USB packet parsing throughput, medians of
// several runs, one figure per line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKET_SIZE, RawProcessor, parseCalibration, SAMPLES_PER_PACKET, UsbBulkProcessor, rawSampleWord, writePacket } from '../src/index';
import type { PacketSink } from '../src/index';

const N = 10_000_000;
const RUNS = 5;
// The calibration of the real record in the test fixtures.
const CAL = parseCalibration(new Uint8Array(readFileSync(join(import.meta.dirname, '../test/fixtures/calibration_01.dat'))));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

// A realistic stream: the current range changes about every 1 ms (2000 samples), noisy codes.
function signal(n: number): Uint32Array {
  const out = new Uint32Array(n);
  let seed = 0x1234567;
  let range = 3;
  for (let k = 0; k < n; k++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    if (k % 2000 === 0) range = (seed >>> 8) % 7;
    out[k] = rawSampleWord(4000 + (seed >>> 20), 9000 + ((seed >>> 4) & 255), range, k & 1);
  }
  return out;
}

function processor(mode: string): RawProcessor {
  const p = new RawProcessor();
  p.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
  p.suppressMode = mode;
  return p;
}

const raw = signal(N);
const chunk = 32_256; // one default USB transfer of samples
const out = { current: new Float32Array(chunk + 64), voltage: new Float32Array(chunk + 64), bits: new Uint8Array(chunk + 64) };

for (const mode of ['interp_1_n_1', 'mean_1_n_1', 'nan_0_n_0', 'off']) {
  const p = processor(mode);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    p.reset();
    const t0 = performance.now();
    for (let at = 0; at < N; at += chunk) p.process(raw, at, Math.min(N, at + chunk), out, 0);
    times.push(performance.now() - t0);
  }
  const label = mode === 'interp_1_n_1' ? 'RawProcessor.process (default interp_1_n_1)' : `RawProcessor.process (${mode})`;
  console.log(`${label.padEnd(46)} ${(N / median(times) / 1e3).toFixed(1)} MS/s`);
}

{
  const p = processor('interp_1_n_1');
  const words = new Uint16Array(raw.buffer, 0, 2 * 2_000_000);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    p.processBulk(words);
    times.push(performance.now() - t0);
  }
  console.log(`${'RawProcessor.processBulk (default, interleaved)'.padEnd(46)} ${(2_000_000 / median(times) / 1e3).toFixed(1)} MS/s`);
}

{
  const packets = Math.floor(N / SAMPLES_PER_PACKET);
  const bytes = new Uint8Array(packets * PACKET_SIZE);
  for (let p = 0; p < packets; p++) writePacket(bytes, p * PACKET_SIZE, { index: p & 0xffff }, raw, p * SAMPLES_PER_PACKET);
  // The sink copies samples into a ring, as the StreamBuffer does.
  const ring = new Uint32Array(1 << 22);
  let w = 0;
  const sink: PacketSink = {
    onSamples: (words, start) => {
      for (let k = 0; k < SAMPLES_PER_PACKET; k++) ring[(w + k) & (ring.length - 1)] = words[start + k];
      w += SAMPLES_PER_PACKET;
    },
    onMissing: (n) => {
      w += n;
    },
  };
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const u = new UsbBulkProcessor();
    const t0 = performance.now();
    for (let at = 0; at < bytes.length; at += 131072) u.process(bytes.subarray(at, at + 131072), sink);
    times.push(performance.now() - t0);
  }
  console.log(`${'UsbBulkProcessor (parse + copy to a ring)'.padEnd(46)} ${(bytes.length / median(times) / 1e3).toFixed(0)} MB/s   (${String(w)} samples)`);
}
