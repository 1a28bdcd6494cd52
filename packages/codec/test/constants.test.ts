import { describe, expect, it } from 'vitest';
import {
  MISSING_BITS,
  MISSING_SAMPLE,
  OVERFLOW_BITS,
  PACKET_HEADER_SIZE,
  PACKET_SIZE,
  SAMPLES_PER_PACKET,
  SAMPLING_FREQUENCY,
  bitsOf,
  currentRangeOf,
} from '../src/index';

describe('device constants', () => {
  it('have the JS110 values', () => {
    expect(SAMPLING_FREQUENCY).toBe(2_000_000);
    expect(PACKET_SIZE).toBe(512);
    expect(PACKET_HEADER_SIZE).toBe(8);
    expect(SAMPLES_PER_PACKET).toBe(126);
    expect(PACKET_HEADER_SIZE + 4 * SAMPLES_PER_PACKET).toBe(PACKET_SIZE);
    expect(MISSING_SAMPLE).toBe(0xffffffff);
    expect(MISSING_BITS).toBe(0x38);
    expect(OVERFLOW_BITS).toBe(0xff);
  });

  it('agree with the sample decoders: a missing sample is range 8 with both LSB bits', () => {
    expect(currentRangeOf(MISSING_SAMPLE)).toBe(8);
    expect(bitsOf(MISSING_SAMPLE)).toBe(MISSING_BITS);
  });
});
