// A firmware-like JS110 stream for the bench: a device under test that sleeps at a few
// microamps and wakes every 10 ms for a 2 ms burst of tens of milliamps at 3.3 V. The JS110
// autoranges through the intermediate ranges at each edge, so the glitch filter works at
// every switch (about 1000 switches per second), and each sample carries ADC noise and the
// alternating toggle bit. Raw codes follow the conformance calibration (test/_calibration).
import { PACKET_SIZE, SAMPLES_PER_PACKET, rawSampleWord, writePacket } from '@joulescope/codec';
import { CALIBRATION as CAL } from '../test/_calibration';
import { xorshift32 } from '../test/_packets';

const PERIOD = 20_000; // 10 ms at 2 MS/s
const BURST = 4_000; // 2 ms
const EDGE = 24; // samples per intermediate range at an edge
const SLEEP_A = 4.7e-6;
const BURST_A = 0.023;
const VOLTS = 3.3;

/** The range the JS110 would pick for `amps`, and the ADC code there. */
function code(range: number, amps: number): number {
  return Math.round(amps / CAL.currentGain[range] - CAL.currentOffset[range]);
}

/** Packets of `seconds` of the signal, concatenated. */
export function firmwarePackets(seconds: number, seed = 7): Uint8Array {
  const packets = Math.ceil((seconds * 2e6) / SAMPLES_PER_PACKET);
  const n = packets * SAMPLES_PER_PACKET;
  const next = xorshift32(seed);
  const words = new Uint32Array(n);
  const vCode = Math.round(VOLTS / CAL.voltageGain[0] - CAL.voltageOffset[0]);
  for (let k = 0; k < n; k++) {
    const t = k % PERIOD;
    let range: number;
    let amps: number;
    if (t < BURST) {
      // Rising edge: ranges 5 → 4 → 3 → 2 over the first samples, then the burst (with ripple).
      const step = Math.floor(t / EDGE);
      range = step < 3 ? 4 - step : 2;
      amps = BURST_A * (0.9 + 0.1 * Math.sin((2 * Math.PI * t) / 400));
      if (step < 3) amps = SLEEP_A * 10 ** (step + 1);
    } else {
      // Falling edge: 2 → 3 → 4 → 5, then sleep.
      const step = Math.floor((t - BURST) / EDGE);
      range = step < 3 ? 3 + step : 5;
      amps = step < 3 ? BURST_A / 10 ** (step + 1) : SLEEP_A;
    }
    const noise = (next() % 9) - 4;
    const c = Math.min(16383, Math.max(0, code(range, amps) + noise));
    const v = vCode + (next() % 5) - 2;
    words[k] = rawSampleWord(c, v, range, k & 1);
  }
  const out = new Uint8Array(packets * PACKET_SIZE);
  for (let p = 0; p < packets; p++) writePacket(out, p * PACKET_SIZE, { index: p & 0xffff }, words, p * SAMPLES_PER_PACKET);
  return out;
}
