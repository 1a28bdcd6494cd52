import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RawProcessor } from '../src/index';

const dir = join(import.meta.dirname, 'fixtures/conformance/raw_processor_a');

interface Expected {
  samples: number;
  calibration: {
    current_offset: number[];
    current_gain: number[];
    voltage_offset: number[];
    voltage_gain: number[];
  };
  modes: Record<string, { file: string; mode_readback: string }>;
}

const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
const rawBytes = readFileSync(join(dir, 'raw.bin'));
const raw = new Uint16Array(rawBytes.buffer.slice(rawBytes.byteOffset, rawBytes.byteOffset + rawBytes.byteLength));

function processor(mode: string): RawProcessor {
  const p = new RawProcessor();
  const c = expected.calibration;
  p.calibrationSet(c.current_offset, c.current_gain, c.voltage_offset, c.voltage_gain);
  p.suppressMode = mode;
  return p;
}

describe('RawProcessor conformance (raw_processor_a)', () => {
  const n = expected.samples;
  it('has the expected input size', () => {
    expect(raw.length).toBe(2 * n);
  });

  for (const [mode, { file, mode_readback }] of Object.entries(expected.modes)) {
    it(`mode ${mode}: readback '${mode_readback}' and every output bit-exact`, () => {
      const p = processor(mode);
      expect(p.suppressMode).toBe(mode_readback);
      const bytes = readFileSync(join(dir, file));
      const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const cal = new Float32Array(buf, 0, 2 * n);
      const bits = new Uint8Array(buf, 8 * n, n);
      const out = p.processBulk(raw);
      expect(out.cal.length).toBe(2 * n);
      expect(out.bits.length).toBe(n);
      // Compare bit patterns so NaN == NaN and -0 != 0.
      const got = new Uint32Array(out.cal.buffer);
      const want = new Uint32Array(cal.slice().buffer);
      let firstBad = -1;
      for (let k = 0; k < 2 * n; k++) {
        if (got[k] !== want[k] && !(Number.isNaN(out.cal[k]) && Number.isNaN(cal[k]))) {
          firstBad = k;
          break;
        }
      }
      expect(firstBad, firstBad >= 0 ? `sample ${String(firstBad >> 1)} ${firstBad & 1 ? 'voltage' : 'current'}: got ${String(out.cal[firstBad])}, want ${String(cal[firstBad])}` : '').toBe(-1);
      expect(Buffer.from(out.bits).equals(Buffer.from(bits))).toBe(true);
    });
  }
});
