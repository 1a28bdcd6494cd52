/**
 * The three parameters that shape a Device's buffer (docs/cli.md, "Buffer parameters"):
 * `buffer_duration` (seconds of history), `reduction_frequency` (statistics updates per second)
 * and `sampling_frequency` (the buffer's output rate). The driver only caches them; the Device
 * applies them.
 */
import { parameterValue, parameterValueName } from './_driver';

/** Names of the buffer parameters, as `parameterSet` takes them. */
export const BUFFER_PARAMETERS = Object.freeze(['buffer_duration', 'reduction_frequency', 'sampling_frequency'] as const);
/** `buffer_duration`, `reduction_frequency` or `sampling_frequency`. */
export type BufferParameter = (typeof BUFFER_PARAMETERS)[number];

/** A buffer's shape, in the units of the parameters. */
export interface BufferSettings {
  /** `buffer_duration`: seconds the buffer holds (whole seconds ≥ 1). */
  readonly duration: number;
  /** `reduction_frequency`: statistics updates per second. */
  readonly reductionFrequency: number;
  /** `sampling_frequency`: samples per second the buffer keeps (2 MHz or a downsampled rate). */
  readonly samplingFrequency: number;
}

/** The reference's defaults: 30 s, 2 Hz statistics, 2 MHz. */
export const DEFAULT_BUFFER_SETTINGS: BufferSettings = Object.freeze({ duration: 30, reductionFrequency: 2, samplingFrequency: 2_000_000 });

/**
 * Statistics rates and their names: the reference's 1 to 100 Hz, and beyond it 200 Hz, 500 Hz
 * and 1 kHz (same rule, for logging fast statistics).
 */
export const REDUCTION_FREQUENCIES: readonly {
  /** The option name, e.g. `2 Hz`. */
  readonly name: string;
  /** Updates per second. */
  readonly value: number;
}[] = Object.freeze(
  [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map((value) => Object.freeze({ name: value === 1000 ? '1 kHz' : `${String(value)} Hz`, value })),
);

/**
 * The reductions for a statistics rate (docs/cli.md, "Buffer parameters"): `[200, 100, 100 / f]` below 50 Hz,
 * else `[200, 10000 / f]`; the last level's entries are the statistics updates.
 */
export function reductionsFor(frequency: number): number[] {
  const entry = REDUCTION_FREQUENCIES.find((f) => f.value === frequency);
  if (entry === undefined) {
    throw new RangeError(
      `reduction_frequency must be one of ${REDUCTION_FREQUENCIES.map((f) => String(f.value)).join(', ')} Hz, got ${String(frequency)}`,
    );
  }
  return frequency < 50 ? [200, 100, Math.floor(100 / frequency)] : [200, Math.floor(10000 / frequency)];
}

/** The value that `input` selects for buffer parameter `name`; bad input throws and changes nothing. */
export function bufferParameterValue(name: BufferParameter, input: unknown): number {
  switch (name) {
    case 'buffer_duration': {
      if (typeof input !== 'number' && typeof input !== 'string') {
        throw new TypeError(`buffer_duration takes seconds (a number) or an option name such as "30 seconds", got ${describe(input)}`);
      }
      const seconds = Number(parameterValue('buffer_duration', input));
      if (seconds < 1) throw new RangeError(`buffer_duration must be at least 1 s, got ${JSON.stringify(input)}`);
      return seconds;
    }
    case 'reduction_frequency': {
      const entry = REDUCTION_FREQUENCIES.find((f) => f.value === input || f.name === input);
      if (entry === undefined) {
        throw new RangeError(
          `reduction_frequency takes ${REDUCTION_FREQUENCIES.map((f) => `"${f.name}"`).join(', ')} (or the number of Hz), got ${describe(input)}`,
        );
      }
      return entry.value;
    }
    case 'sampling_frequency': {
      if (input !== null && typeof input !== 'number' && typeof input !== 'string') {
        throw new TypeError(`sampling_frequency takes Hz (a number) or an option name such as "2 MHz", got ${describe(input)}`);
      }
      return Number(parameterValue('sampling_frequency', input));
    }
  }
}

/** The option name of a buffer parameter's value (or the value when no option names it). */
export function bufferParameterName(name: BufferParameter, value: number): string | number {
  if (name === 'reduction_frequency') return REDUCTION_FREQUENCIES.find((f) => f.value === value)?.name ?? value;
  return parameterValueName(name, value);
}

/** The settings with one buffer parameter changed. */
export function withBufferParameter(settings: BufferSettings, name: BufferParameter, value: number): BufferSettings {
  switch (name) {
    case 'buffer_duration':
      return { ...settings, duration: value };
    case 'reduction_frequency':
      return { ...settings, reductionFrequency: value };
    case 'sampling_frequency':
      return { ...settings, samplingFrequency: value };
  }
}

/** The settings' value of one buffer parameter. */
export function bufferParameterOf(settings: BufferSettings, name: BufferParameter): number {
  switch (name) {
    case 'buffer_duration':
      return settings.duration;
    case 'reduction_frequency':
      return settings.reductionFrequency;
    case 'sampling_frequency':
      return settings.samplingFrequency;
  }
}

/** True for the names of the buffer parameters. */
export function isBufferParameter(name: string): name is BufferParameter {
  return (BUFFER_PARAMETERS as readonly string[]).includes(name);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}
