/** Parsers of the command-line values: each throws commander's InvalidArgumentError (exit 2). */
import { InvalidArgumentError } from 'commander';
import { REDUCTION_FREQUENCIES, bufferParameterValue } from '../buffer-parameters';
import { SAMPLING_FREQUENCIES } from '../_stream-buffer';

/** Seconds: a positive finite number, e.g. `3`, `0.5`, `1e3`. */
export function parseSeconds(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`expected a positive number of seconds, got "${text}"`);
  }
  return value;
}

/** A frequency with an optional SI prefix and unit: `1000`, `1k`, `1 kHz`, `2MHz`. */
function parseHertz(text: string): number | null {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([kKM]?)\s*(?:Hz)?\s*$/.exec(text);
  if (m === null) return null;
  const scale = m[2] === 'M' ? 1e6 : m[2] === '' ? 1 : 1e3;
  return Math.round(Number(m[1]) * scale * 1e6) / 1e6;
}

/** A statistics rate of `REDUCTION_FREQUENCIES` (1 Hz to 1 kHz). */
export function parseStatisticsFrequency(text: string): number {
  const hz = parseHertz(text);
  if (hz === null || !REDUCTION_FREQUENCIES.some((f) => f.value === hz)) {
    throw new InvalidArgumentError(`expected one of ${REDUCTION_FREQUENCIES.map((f) => String(f.value)).join(', ')} Hz, got "${text}"`);
  }
  return hz;
}

/** A sampling frequency the buffer supports: 2 MHz, or a downsampled rate down to 10 Hz. */
export function parseSamplingFrequency(text: string): number {
  const hz = parseHertz(text);
  try {
    if (hz !== null) return bufferParameterValue('sampling_frequency', hz);
  } catch {
    // reported below
  }
  const allowed = SAMPLING_FREQUENCIES.filter((f) => {
    try {
      return bufferParameterValue('sampling_frequency', f) === f;
    } catch {
      return false;
    }
  });
  throw new InvalidArgumentError(`expected one of ${allowed.join(', ')} Hz, got "${text}"`);
}
