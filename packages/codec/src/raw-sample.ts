/**
 * Raw JS110 sample words (js110-facts §5). One sample is two u16 words, current then voltage;
 * this package handles a sample as one u32 (current word in the low half), the little-endian
 * view of the interleaved stream.
 */

/** A missing sample: both words 0xFFFF (the packet-gap fill). */
export const MISSING_SAMPLE = 0xffffffff;

/** Current range index of a sample: 0..6 ranges, 7 off, 8 missing. */
export function currentRangeOf(word: number): number {
  if (word === MISSING_SAMPLE) return 8;
  return (word & 3) | ((word >>> 14) & 4);
}

/** The bits byte: range in bits 3..0, current LSB in bit 4, voltage LSB in bit 5 (§5.2). */
export function bitsOf(word: number): number {
  return currentRangeOf(word) | ((word & 4) << 2) | ((word >>> 13) & 0x20);
}

/** The alternating sample toggle bit (voltage word bit 1). */
export function toggleOf(word: number): number {
  return (word >>> 17) & 1;
}

/** 14-bit current ADC code. */
export function currentCodeOf(word: number): number {
  return (word >>> 2) & 0x3fff;
}

/** 14-bit voltage ADC code. */
export function voltageCodeOf(word: number): number {
  return word >>> 18;
}

/** Builds a raw sample word from its fields (used by emulators and tests). */
export function rawSampleWord(currentCode: number, voltageCode: number, range: number, toggle: number): number {
  const i = ((currentCode & 0x3fff) << 2) | (range & 3);
  const v = ((voltageCode & 0x3fff) << 2) | ((toggle & 1) << 1) | ((range >> 2) & 1);
  return (i | (v << 16)) >>> 0;
}
