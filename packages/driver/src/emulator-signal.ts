import { SAMPLING_FREQUENCY } from '@joulescope/codec';
import { Js110RangeError, Js110TypeError } from './errors';

/** Signals for the emulated JS110: what its current and voltage inputs see. */

/** A signal at the emulated device's inputs, sampled at 2 MS/s. */
export interface EmulatorSignal {
  /**
   * Samples after which the signal repeats exactly, or 0 when it does not. A positive period
   * must be even (the sample toggle bit then repeats too); it lets the emulator encode one
   * period once and copy packets from it.
   */
  readonly period: number;
  /**
   * Writes samples [start, start + n): current in A, voltage in V and the GPI input levels
   * (bit 0 = gpi0, bit 1 = gpi1). Must not allocate: it runs for every packet when the signal
   * is not periodic.
   */
  fill(start: number, n: number, current: Float64Array, voltage: Float64Array, gpi: Uint8Array): void;
}

/** A constant current and voltage with constant GPI levels. */
export function constantSignal(current: number, voltage: number, gpi = 0): EmulatorSignal {
  if (typeof current !== 'number' || !Number.isFinite(current)) throw new Js110RangeError(`constantSignal current must be a finite number of amperes, got ${String(current)}`);
  if (typeof voltage !== 'number' || !Number.isFinite(voltage)) throw new Js110RangeError(`constantSignal voltage must be a finite number of volts, got ${String(voltage)}`);
  if (!Number.isInteger(gpi) || gpi < 0 || gpi > 3) throw new Js110RangeError(`constantSignal gpi must be an integer in 0..3 (bit 0 gpi0, bit 1 gpi1), got ${String(gpi)}`);
  return {
    period: 2,
    fill(_start, n, i, v, g) {
      i.fill(current, 0, n);
      v.fill(voltage, 0, n);
      g.fill(gpi, 0, n);
    },
  };
}

/** Options of `firmwareLikeSignal()`. */
export interface FirmwareLikeSignalOptions {
  /** Seconds between bursts (0.1). */
  period?: number;
  /** Sleep current, A (6 µA). */
  sleepCurrent?: number;
  /** Current while the CPU runs, A (8 mA). */
  activeCurrent?: number;
  /** Current while the radio transmits, A (32 mA). */
  radioCurrent?: number;
  /** Supply voltage without load, V (3.3). */
  supplyVoltage?: number;
  /** Supply source resistance, Ω (0.4): the voltage droops under load. */
  sourceResistance?: number;
}

const SIGNAL_OPTIONS = ['period', 'sleepCurrent', 'activeCurrent', 'radioCurrent', 'supplyVoltage', 'sourceResistance'];

/** Burst timeline within one period, in seconds from its start. */
const WAKE = 0.02;
const RAMP = 0.0002;
const RADIO_START = WAKE + RAMP + 0.003;
const RADIO_END = RADIO_START + 0.002;
const SLEEP_START = RADIO_END + 0.001;
const TAIL_TAU = 0.0004;
const RADIO_TAU = 0.00002;
const NOISE_SIZE = 8192;
/** Periods up to this many samples (0.13 s, 4.5 MB) are computed once and copied. */
const TABLE_MAX_PERIOD = 1 << 18;
/** The longest burst period, seconds. */
const MAX_PERIOD_SECONDS = 1000;

/**
 * A signal that looks like a battery-powered device's firmware: a microamp sleep current
 * with a slight 50 Hz ripple, and every period a burst: the CPU wakes (a few mA, gpi0 high),
 * the radio transmits (tens of mA, gpi1 high), then the current decays back to sleep. The
 * voltage droops with the load. Deterministic (fixed noise table) and periodic, so the
 * emulator encodes one period once.
 */
export function firmwareLikeSignal(options: FirmwareLikeSignalOptions = {}): EmulatorSignal {
  if (typeof options !== 'object' || options === null) throw new Js110TypeError('firmwareLikeSignal(options) takes an options object');
  for (const [key, value] of Object.entries(options)) {
    if (!SIGNAL_OPTIONS.includes(key)) throw new Js110RangeError(`unknown firmwareLikeSignal option "${key}"; the options are ${SIGNAL_OPTIONS.join(', ')}`);
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new Js110RangeError(`firmwareLikeSignal ${key} must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
  const periodSeconds = options.period ?? 0.1;
  const sleep = options.sleepCurrent ?? 6e-6;
  const active = options.activeCurrent ?? 8e-3;
  const radio = options.radioCurrent ?? 32e-3;
  const supply = options.supplyVoltage ?? 3.3;
  const resistance = options.sourceResistance ?? 0.4;
  let period = Math.round(periodSeconds * SAMPLING_FREQUENCY);
  period += period % 2;
  if (!(period >= 2 * Math.round(0.03 * SAMPLING_FREQUENCY)) || periodSeconds > MAX_PERIOD_SECONDS) {
    throw new Js110RangeError(`firmwareLikeSignal period must be at least 0.06 s (to hold a burst) and at most ${String(MAX_PERIOD_SECONDS)} s, got ${String(periodSeconds)}`);
  }
  const noise = noiseTable(NOISE_SIZE, 0x4a533131);
  const dt = 1 / SAMPLING_FREQUENCY;
  // Phase boundaries in whole samples, so each phase lasts exactly its duration.
  const at = (seconds: number): number => Math.round(seconds * SAMPLING_FREQUENCY);
  const wake = at(WAKE);
  const awake = at(WAKE + RAMP);
  const radioStart = at(RADIO_START);
  const radioEnd = at(RADIO_END);
  const sleepStart = at(SLEEP_START);
  const ripple = (2 * Math.PI * 50) / SAMPLING_FREQUENCY;
  const activeRipple = (2 * Math.PI * 2000) / SAMPLING_FREQUENCY;
  const compute = (start: number, n: number, current: Float64Array, voltage: Float64Array, gpi: Uint8Array): void => {
    for (let k = 0; k < n; k++) {
      const phase = (start + k) % period;
      const z = noise[phase & (NOISE_SIZE - 1)];
      let i: number;
      let g = 0;
      if (phase < wake) {
        i = sleep * (1 + 0.15 * Math.sin(ripple * phase)) + 0.3e-6 * z;
      } else if (phase < awake) {
        i = sleep + ((active - sleep) * (phase - wake)) / (awake - wake) + 20e-6 * z;
        g = 1;
      } else if (phase < radioStart) {
        i = active * (1 + 0.05 * Math.sin(activeRipple * phase)) + 40e-6 * z;
        g = 1;
      } else if (phase < radioEnd) {
        i = active + (radio - active) * (1 - Math.exp(-((phase - radioStart) * dt) / RADIO_TAU)) + 150e-6 * z;
        g = 3;
      } else if (phase < sleepStart) {
        i = active + (radio - active) * Math.exp(-((phase - radioEnd) * dt) / RADIO_TAU) + 40e-6 * z;
        g = 1;
      } else {
        i = sleep + (active - sleep) * Math.exp(-((phase - sleepStart) * dt) / TAIL_TAU) + 0.3e-6 * z;
      }
      current[k] = i;
      voltage[k] = supply - resistance * i + 0.4e-3 * noise[(phase + 4099) & (NOISE_SIZE - 1)];
      gpi[k] = g;
    }
  };
  if (period > TABLE_MAX_PERIOD) return { period, fill: compute };
  // One period computed on first use, then copied: the same values, without sin/exp per sample.
  let table: { current: Float64Array; voltage: Float64Array; gpi: Uint8Array } | null = null;
  return {
    period,
    fill(start, n, current, voltage, gpi) {
      if (table === null) {
        table = { current: new Float64Array(period), voltage: new Float64Array(period), gpi: new Uint8Array(period) };
        compute(0, period, table.current, table.voltage, table.gpi);
      }
      for (let k = 0; k < n; ) {
        const phase = (start + k) % period;
        const m = Math.min(n - k, period - phase);
        current.set(table.current.subarray(phase, phase + m), k);
        voltage.set(table.voltage.subarray(phase, phase + m), k);
        gpi.set(table.gpi.subarray(phase, phase + m), k);
        k += m;
      }
    },
  };
}

/** Deterministic approximately normal noise (sum of four uniforms, unit variance). */
function noiseTable(size: number, seed: number): Float64Array {
  const table = new Float64Array(size);
  let x = seed >>> 0 || 1;
  const uniform = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
  for (let k = 0; k < size; k++) table[k] = (uniform() + uniform() + uniform() + uniform() - 2) * Math.sqrt(3);
  return table;
}
