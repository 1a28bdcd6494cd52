/**
 * Sample fields copied out of the ring (docs/stream-buffer.md, "samplesGet"). Every field is a
 * fresh typed array; a contiguous range is one `slice`, a range across the ring end two copies.
 */
import type { SampleField, SampleFieldValue } from '../../src/types';

/** The ring arrays a field is read from. */
export interface SampleRing {
  length: number;
  raw: Uint32Array;
  current: Float32Array;
  voltage: Float32Array;
  bits: Uint8Array;
}

export const SAMPLE_FIELDS: readonly SampleField[] = [
  'raw',
  'raw_current',
  'raw_voltage',
  'current',
  'voltage',
  'current_voltage',
  'power',
  'bits',
  'current_range',
  'current_lsb',
  'voltage_lsb',
];

export const DEFAULT_SAMPLE_FIELDS: readonly SampleField[] = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb', 'raw'];


type Copyable = Uint32Array | Float32Array | Uint8Array;

/** Copies `n` ring elements starting at slot `a`, wrapping at the ring end. */
function ringCopy<T extends Copyable>(src: T, a: number, n: number, make: (n: number) => T): T {
  const first = Math.min(n, src.length - a);
  if (first === n) return src.slice(a, a + n) as T;
  const out = make(n);
  out.set(src.subarray(a, a + first));
  out.set(src.subarray(0, n - first), first);
  return out;
}

/** The value of `field` for the `n` samples starting at ring slot `a`. */
export function readField<F extends SampleField>(ring: SampleRing, field: F, a: number, n: number): SampleFieldValue[F];
export function readField(ring: SampleRing, field: SampleField, a: number, n: number): SampleFieldValue[SampleField] {
  const L = ring.length;
  switch (field) {
    case 'raw': {
      const words = ringCopy(ring.raw, a, n, (m) => new Uint32Array(m));
      return new Uint16Array(words.buffer, words.byteOffset, 2 * n);
    }
    case 'raw_current':
    case 'raw_voltage': {
      const out = new Uint16Array(n);
      const raw = ring.raw;
      const voltage = field === 'raw_voltage';
      for (let k = 0, j = a; k < n; k++, j = j + 1 === L ? 0 : j + 1) {
        const w = raw[j];
        out[k] = voltage ? w >>> 18 : (w & 0xffff) >>> 2;
      }
      return out;
    }
    case 'current':
      return ringCopy(ring.current, a, n, (m) => new Float32Array(m));
    case 'voltage':
      return ringCopy(ring.voltage, a, n, (m) => new Float32Array(m));
    case 'current_voltage': {
      const out = new Float32Array(2 * n);
      for (let k = 0, j = a; k < n; k++, j = j + 1 === L ? 0 : j + 1) {
        out[2 * k] = ring.current[j];
        out[2 * k + 1] = ring.voltage[j];
      }
      return out;
    }
    case 'power': {
      const out = new Float32Array(n);
      const cur = ring.current;
      const vol = ring.voltage;
      for (let k = 0, j = a; k < n; k++, j = j + 1 === L ? 0 : j + 1) out[k] = cur[j] * vol[j];
      return out;
    }
    case 'bits':
      return ringCopy(ring.bits, a, n, (m) => new Uint8Array(m));
    case 'current_range':
    case 'current_lsb':
    case 'voltage_lsb': {
      const bits = ringCopy(ring.bits, a, n, (m) => new Uint8Array(m));
      if (field === 'current_range') for (let k = 0; k < n; k++) bits[k] &= 0x0f;
      else {
        const shift = field === 'current_lsb' ? 4 : 5;
        for (let k = 0; k < n; k++) bits[k] = (bits[k] >> shift) & 1;
      }
      return bits;
    }
  }
}
