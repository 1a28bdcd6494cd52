/** Signals for the emulated JS110: what its current and voltage inputs see. */

/** Samples per second of the emulated device. */
export const EMULATOR_SAMPLE_RATE = 2_000_000;

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
  return {
    period: 2,
    fill(_start, n, i, v, g) {
      i.fill(current, 0, n);
      v.fill(voltage, 0, n);
      g.fill(gpi, 0, n);
    },
  };
}

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

/** Burst timeline within one period, in seconds from its start. */
const WAKE = 0.02;
const RAMP = 0.0002;
const RADIO_START = WAKE + RAMP + 0.003;
const RADIO_END = RADIO_START + 0.002;
const SLEEP_START = RADIO_END + 0.001;
const TAIL_TAU = 0.0004;
const RADIO_TAU = 0.00002;
const NOISE_SIZE = 8192;

/**
 * A signal that looks like a battery-powered device's firmware: a microamp sleep current
 * with a slight 50 Hz ripple, and every period a burst: the CPU wakes (a few mA, gpi0 high),
 * the radio transmits (tens of mA, gpi1 high), then the current decays back to sleep. The
 * voltage droops with the load. Deterministic (fixed noise table) and periodic, so the
 * emulator encodes one period once.
 */
export function firmwareLikeSignal(options: FirmwareLikeSignalOptions = {}): EmulatorSignal {
  const periodSeconds = options.period ?? 0.1;
  const sleep = options.sleepCurrent ?? 6e-6;
  const active = options.activeCurrent ?? 8e-3;
  const radio = options.radioCurrent ?? 32e-3;
  const supply = options.supplyVoltage ?? 3.3;
  const resistance = options.sourceResistance ?? 0.4;
  let period = Math.round(periodSeconds * EMULATOR_SAMPLE_RATE);
  period += period & 1;
  if (!(period >= 2 * Math.round(0.03 * EMULATOR_SAMPLE_RATE))) {
    throw new RangeError(`firmwareLikeSignal period must be at least 0.06 s to hold a burst, got ${String(periodSeconds)}`);
  }
  const noise = noiseTable(NOISE_SIZE, 0x4a533131);
  const dt = 1 / EMULATOR_SAMPLE_RATE;
  // Phase boundaries in whole samples, so each phase lasts exactly its duration.
  const at = (seconds: number): number => Math.round(seconds * EMULATOR_SAMPLE_RATE);
  const wake = at(WAKE);
  const awake = at(WAKE + RAMP);
  const radioStart = at(RADIO_START);
  const radioEnd = at(RADIO_END);
  const sleepStart = at(SLEEP_START);
  const ripple = (2 * Math.PI * 50) / EMULATOR_SAMPLE_RATE;
  const activeRipple = (2 * Math.PI * 2000) / EMULATOR_SAMPLE_RATE;
  return {
    period,
    fill(start, n, current, voltage, gpi) {
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
