/**
 * Raw JS110 sample words (docs/samples.md, "Raw sample words"). One sample is two u16 words,
 * current then voltage; this package handles a sample as one u32 (current word in the low
 * half), the little-endian view of the interleaved stream.
 */
import { describeValue } from './_describe';

/** Samples per second of the JS110 stream, per signal (current and voltage): 2 MS/s. */
export const SAMPLING_FREQUENCY = 2_000_000;

/** The raw word of a missing sample: both u16 words 0xFFFF (the fill of a packet gap). */
export const MISSING_SAMPLE = 0xffffffff;

/** The bits byte of a missing sample: range 8, both LSB bits set. */
export const MISSING_BITS = 0x38;

/**
 * The bits byte of a sample that fell out of an overlong suppression window (docs/samples.md,
 * "Glitch filter"): every bit set; its current and voltage are NaN.
 */
export const OVERFLOW_BITS = 0xff;

/** `word` when it is a u32 sample word; the decoders below throw RangeError for anything else. */
function sampleWord(what: string, word: number): number {
  if (word >>> 0 !== word) throw new RangeError(`${what} needs a 32-bit unsigned sample word, got ${describeValue(word)}`);
  return word;
}

/** Current range index of a sample word: 0..6 ranges, 7 off, 8 missing. */
export function currentRangeOf(word: number): number {
  sampleWord('currentRangeOf', word);
  if (word === MISSING_SAMPLE) return 8;
  return (word & 3) | ((word >>> 14) & 4);
}

/** The bits byte: range in bits 3..0, current LSB in bit 4, voltage LSB in bit 5 (`MISSING_BITS` when missing). */
export function bitsOf(word: number): number {
  sampleWord('bitsOf', word);
  const range = word === MISSING_SAMPLE ? 8 : (word & 3) | ((word >>> 14) & 4);
  return range | ((word & 4) << 2) | ((word >>> 13) & 0x20);
}

/** The alternating sample toggle bit (voltage word bit 1). */
export function toggleOf(word: number): number {
  return (sampleWord('toggleOf', word) >>> 17) & 1;
}

/** 14-bit current ADC code. */
export function currentCodeOf(word: number): number {
  return (sampleWord('currentCodeOf', word) >>> 2) & 0x3fff;
}

/** 14-bit voltage ADC code. */
export function voltageCodeOf(word: number): number {
  return sampleWord('voltageCodeOf', word) >>> 18;
}

/** `x` when it is an integer in [0, max] (cheap enough for a per-sample encoder). */
function field(name: string, x: number, max: number): number {
  if (x >>> 0 !== x || x > max) {
    throw new RangeError(`rawSampleWord: ${name} must be an integer in [0, ${String(max)}], got ${describeValue(x)}`);
  }
  return x;
}

/**
 * Builds a raw sample word from its fields (used by emulators and tests): 14-bit codes, range
 * 0..7, toggle 0..1. Throws RangeError for a field outside its range.
 */
export function rawSampleWord(currentCode: number, voltageCode: number, range: number, toggle: number): number {
  field('currentCode', currentCode, 0x3fff);
  field('voltageCode', voltageCode, 0x3fff);
  field('range', range, 7);
  field('toggle', toggle, 1);
  const i = ((currentCode & 0x3fff) << 2) | (range & 3);
  const v = ((voltageCode & 0x3fff) << 2) | ((toggle & 1) << 1) | ((range >> 2) & 1);
  return (i | (v << 16)) >>> 0;
}
