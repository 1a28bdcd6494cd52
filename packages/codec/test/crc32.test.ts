import fc from 'fast-check';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../src/index';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// Reference bit-at-a-time CRC-32 (reflected 0xEDB88320), independent of the table code.
function bitwise(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('crc32', () => {
  it('matches the known check values', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii('a'))).toBe(0xe8b7be43);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad);
  });

  it('matches a bitwise CRC for every length and alignment', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(7), (data, skip) => {
        const view = data.subarray(Math.min(skip, data.length));
        expect(crc32(view)).toBe(bitwise(view));
      }),
    );
  });

  it('continues over chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        const ab = new Uint8Array([...a, ...b]);
        expect(crc32(b, crc32(a))).toBe(crc32(ab));
      }),
    );
  });

  it.runIf(typeof zlibCrc32 === 'function')('agrees with node:zlib on a large buffer', () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24);
    expect(crc32(big)).toBe(zlibCrc32(big));
  });
});
