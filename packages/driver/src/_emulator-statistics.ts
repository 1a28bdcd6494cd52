import type { SensorStatisticsFields } from './status-pdu';
import { SAMPLING_FREQUENCY } from '@joulescope/codec';
import type { EmulatorSignal } from './emulator-signal';

/** Samples per on-device statistics update (0.5 s). */
export const SAMPLES_PER_UPDATE = 1_000_000;
const CHUNK = 4096;
/** Periods up to this length get prefix sums (3 × 8 B per sample). */
const MAX_PREFIX_PERIOD = 1 << 21;

interface Sums {
  i: number;
  v: number;
  p: number;
}

interface Extremes {
  iMin: number;
  iMax: number;
  vMin: number;
  vMax: number;
  pMin: number;
  pMax: number;
}

/** Widens the extremes to include one sample. */
function widen(x: Extremes, i: number, v: number, p: number): void {
  if (i < x.iMin) x.iMin = i;
  if (i > x.iMax) x.iMax = i;
  if (v < x.vMin) x.vMin = v;
  if (v > x.vMax) x.vMax = v;
  if (p < x.pMin) x.pMin = p;
  if (p > x.pMax) x.pMax = p;
}

/**
 * The on-device statistics of the v2 STATUS reply (docs/protocol.md, "STATUS") for the emulated signal:
 * mean/min/max of the last complete update of SAMPLES_PER_UPDATE samples, and the charge and
 * energy accumulated since the stream started. A periodic signal uses prefix sums over one
 * period, so reports stay cheap however long the stream ran.
 */
export class OnDeviceStatistics {
  private readonly current = new Float64Array(CHUNK);
  private readonly voltage = new Float64Array(CHUNK);
  private readonly gpi = new Uint8Array(CHUNK);
  private prefix: { i: Float64Array; v: Float64Array; p: Float64Array; extremes: Extremes } | null = null;
  /** Lazily integrated totals for a non-periodic signal. */
  private integratedTo = 0;
  private integrated: Sums = { i: 0, v: 0, p: 0 };

  constructor(private readonly signal: EmulatorSignal) {}

  /** A new stream: the accumulators restart. */
  reset(): void {
    this.integratedTo = 0;
    this.integrated = { i: 0, v: 0, p: 0 };
  }

  /**
   * The statistics block after `samplesTotal` samples of the stream, or null before the first
   * complete update. `currentOff` reports zero current (the i_range is off).
   */
  report(samplesTotal: number, currentOff: boolean): SensorStatisticsFields | null {
    const updates = Math.floor(samplesTotal / SAMPLES_PER_UPDATE);
    if (updates === 0) return null;
    const end = updates * SAMPLES_PER_UPDATE;
    const start = end - SAMPLES_PER_UPDATE;
    const window = this.sums(start, end);
    const total = this.totals(end);
    const x = this.extremes(start, end);
    const n = SAMPLES_PER_UPDATE;
    const k = currentOff ? 0 : 1;
    return {
      samplesTotal: end,
      samplesThis: n,
      samplesPerUpdate: SAMPLES_PER_UPDATE,
      samplesPerSecond: SAMPLING_FREQUENCY,
      current: { mean: (k * window.i) / n, min: k * x.iMin, max: k * x.iMax },
      voltage: { mean: window.v / n, min: x.vMin, max: x.vMax },
      power: { mean: (k * window.p) / n, min: k * x.pMin, max: k * x.pMax },
      charge: (k * total.i) / SAMPLING_FREQUENCY,
      energy: (k * total.p) / SAMPLING_FREQUENCY,
    };
  }

  private sums(start: number, end: number): Sums {
    const pre = this.prefixSums();
    if (pre === null) return this.scan(start, end, null);
    const period = pre.i.length - 1;
    const at = (s: number, a: Float64Array): number => Math.floor(s / period) * a[period] + a[s % period];
    return { i: at(end, pre.i) - at(start, pre.i), v: at(end, pre.v) - at(start, pre.v), p: at(end, pre.p) - at(start, pre.p) };
  }

  private totals(end: number): Sums {
    if (this.prefixSums() !== null) return this.sums(0, end);
    if (end > this.integratedTo) {
      const more = this.scan(this.integratedTo, end, null);
      this.integrated = { i: this.integrated.i + more.i, v: this.integrated.v + more.v, p: this.integrated.p + more.p };
      this.integratedTo = end;
    }
    return this.integrated;
  }

  private extremes(start: number, end: number): Extremes {
    const pre = this.prefixSums();
    if (pre !== null && end - start >= pre.i.length - 1) return pre.extremes;
    const x: Extremes = { iMin: Infinity, iMax: -Infinity, vMin: Infinity, vMax: -Infinity, pMin: Infinity, pMax: -Infinity };
    this.scan(start, end, x);
    return x;
  }

  /** Sums over [start, end), updating `x` when given, by filling the signal in chunks. */
  private scan(start: number, end: number, x: Extremes | null): Sums {
    const s: Sums = { i: 0, v: 0, p: 0 };
    for (let a = start; a < end; a += CHUNK) {
      const n = Math.min(CHUNK, end - a);
      this.signal.fill(a, n, this.current, this.voltage, this.gpi);
      for (let k = 0; k < n; k++) {
        const i = this.current[k];
        const v = this.voltage[k];
        const p = i * v;
        s.i += i;
        s.v += v;
        s.p += p;
        if (x !== null) widen(x, i, v, p);
      }
    }
    return s;
  }

  private prefixSums(): { i: Float64Array; v: Float64Array; p: Float64Array; extremes: Extremes } | null {
    const period = this.signal.period;
    if (period === 0 || period > MAX_PREFIX_PERIOD) return null;
    if (this.prefix !== null) return this.prefix;
    const i = new Float64Array(period + 1);
    const v = new Float64Array(period + 1);
    const p = new Float64Array(period + 1);
    const x: Extremes = { iMin: Infinity, iMax: -Infinity, vMin: Infinity, vMax: -Infinity, pMin: Infinity, pMax: -Infinity };
    for (let a = 0; a < period; a += CHUNK) {
      const n = Math.min(CHUNK, period - a);
      this.signal.fill(a, n, this.current, this.voltage, this.gpi);
      for (let k = 0; k < n; k++) {
        const ci = this.current[k];
        const cv = this.voltage[k];
        const cp = ci * cv;
        i[a + k + 1] = i[a + k] + ci;
        v[a + k + 1] = v[a + k] + cv;
        p[a + k + 1] = p[a + k] + cp;
        widen(x, ci, cv, cp);
      }
    }
    this.prefix = { i, v, p, extremes: x };
    return this.prefix;
  }
}
