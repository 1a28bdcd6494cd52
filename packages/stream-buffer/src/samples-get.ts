/**
 * Sample fields read out of the buffer (docs/stream-buffer.md, "samplesGet"): the raw fields
 * are copies of the raw ring; current, voltage, power and the bit fields are derived by the
 * kernel chunk by chunk (calibration on read) and copied into fresh arrays, or into the
 * caller's for `samplesInto`.
 */
import { describe } from './_checks';
import { pointer } from './_kernel';
import type { Kernel } from './_kernel';
import type { SampleField, SampleFieldValue, SamplesInto } from './types';

/**
 * Samples derived per kernel call: the scratch arrays of a piece (32 KiB) stay in the L1 cache
 * until they are copied out (measured: 20 % faster than pieces of the whole scratch).
 */
const PIECE = 4096;

/** Every field `samplesGet` knows. */
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

/** The fields `samplesGet` returns when none are named (as the reference). */
export const DEFAULT_SAMPLE_FIELDS: readonly SampleField[] = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb', 'raw'];

/** Checks one field name. */
export function checkField(f: unknown, allowed: readonly SampleField[] = SAMPLE_FIELDS): SampleField {
  if (typeof f !== 'string') throw new TypeError(`sample field names are strings, got ${describe(f)}`);
  if (!(allowed as readonly string[]).includes(f)) throw new RangeError(`unknown sample field '${f}'; allowed: ${allowed.join(', ')}`);
  return f as SampleField;
}

/** Checks the `fields` argument of samplesGet: a name, a list of names, or undefined (the default list). */
export function checkFields(fields: unknown, defaults: readonly SampleField[], allowed: readonly SampleField[] = SAMPLE_FIELDS): SampleField[] {
  if (typeof fields === 'string') return [checkField(fields, allowed)];
  if (fields === undefined) return [...defaults];
  if (!Array.isArray(fields)) throw new TypeError(`fields must be a field name or an array of field names, got ${describe(fields)}`);
  return (fields as unknown[]).map((f) => checkField(f, allowed));
}

/**
 * Checks the arrays of `samplesInto` (each a Float32Array, or a Uint8Array for `bits`; at
 * least one) and `offset` within them; returns how many samples fit in all of them.
 */
export function checkSamplesInto(out: unknown, offset: number): number {
  if (out === null || typeof out !== 'object') throw new TypeError(`samplesInto: out must be an object of arrays, got ${describe(out)}`);
  const o = out as Record<string, unknown>;
  let room = Infinity;
  for (const [name, type] of [
    ['current', Float32Array],
    ['voltage', Float32Array],
    ['power', Float32Array],
    ['bits', Uint8Array],
  ] as const) {
    const a = o[name];
    if (a === undefined) continue;
    if (!(a instanceof type)) throw new TypeError(`samplesInto: out.${name} must be a ${type.name}, got ${describe(a)}`);
    room = Math.min(room, a.length - offset);
  }
  if (room === Infinity) throw new TypeError('samplesInto: out needs at least one of current, voltage, power, bits');
  if (room < 0) throw new RangeError(`samplesInto: offset ${String(offset)} is past the end of the output arrays`);
  return room;
}

/** Reads samples of held ids out of one kernel. */
export class SampleReader {
  private readonly physicalLength: number;
  // Offsets of the kernel's scratch arrays (fixed by its layout), in elements of their type.
  private readonly currentAt: number;
  private readonly voltageAt: number;
  private readonly powerAt: number;
  private readonly bitsAt: number;
  private readonly rawAt: number;

  constructor(private readonly kernel: Kernel) {
    this.physicalLength = kernel.physicalLength;
    const k = kernel.exports;
    this.currentAt = pointer(k.scratchCurrentPointer()) / 4;
    this.voltageAt = pointer(k.scratchVoltagePointer()) / 4;
    this.powerAt = pointer(k.scratchPowerPointer()) / 4;
    this.bitsAt = pointer(k.scratchBitsPointer());
    this.rawAt = pointer(k.rawPointer()) / 4;
  }

  /** Fresh arrays of `fields` for the `n` samples from id `from` (all held). */
  read(fields: readonly SampleField[], from: number, n: number): Partial<Record<SampleField, SampleFieldValue[SampleField]>> {
    const out: Partial<Record<SampleField, SampleFieldValue[SampleField]>> = {};
    let power = false;
    let bits = false;
    let derived = false;
    for (const f of fields) {
      if (out[f] !== undefined) continue;
      switch (f) {
        case 'raw':
          out[f] = this.raw(from, n);
          break;
        case 'raw_current':
        case 'raw_voltage':
          out[f] = this.rawCode(f, from, n);
          break;
        case 'current':
        case 'voltage':
        case 'power':
          out[f] = new Float32Array(n);
          derived = true;
          power ||= f === 'power';
          break;
        case 'current_voltage':
          out[f] = new Float32Array(2 * n);
          derived = true;
          break;
        default:
          out[f] = new Uint8Array(n);
          derived = true;
          bits = true;
      }
    }
    if (!derived) return out;
    const k = this.kernel.exports;
    // The memory does not grow while deriving: one view of each type serves every piece.
    const f32 = this.kernel.f32;
    const u8 = this.kernel.u8;
    const ci = this.currentAt;
    const cv = this.voltageAt;
    const cp = this.powerAt;
    const cb = this.bitsAt;
    for (let done = 0; done < n; done += PIECE) {
      const c = Math.min(PIECE, n - done);
      k.derive(from + done, c, power, bits);
      for (const f of fields) {
        const a = out[f];
        switch (f) {
          case 'current':
            (a as Float32Array).set(f32.subarray(ci, ci + c), done);
            break;
          case 'voltage':
            (a as Float32Array).set(f32.subarray(cv, cv + c), done);
            break;
          case 'power':
            (a as Float32Array).set(f32.subarray(cp, cp + c), done);
            break;
          case 'current_voltage': {
            const cvOut = a as Float32Array;
            for (let j = 0, o = 2 * done; j < c; j++, o += 2) {
              cvOut[o] = f32[ci + j];
              cvOut[o + 1] = f32[cv + j];
            }
            break;
          }
          case 'bits':
            (a as Uint8Array).set(u8.subarray(cb, cb + c), done);
            break;
          case 'current_range': {
            const r = a as Uint8Array;
            for (let j = 0; j < c; j++) r[done + j] = u8[cb + j] & 0x0f;
            break;
          }
          case 'current_lsb':
          case 'voltage_lsb': {
            const r = a as Uint8Array;
            const shift = f === 'current_lsb' ? 4 : 5;
            for (let j = 0; j < c; j++) r[done + j] = (u8[cb + j] >> shift) & 1;
            break;
          }
          default:
            break; // raw fields: read above
        }
      }
    }
    return out;
  }

  /**
   * Copies the `n` samples from id `from` (held) into the caller's arrays at `offset`.
   */
  into(out: SamplesInto, offset: number, from: number, n: number): void {
    const { current, voltage, power, bits } = out;
    const k = this.kernel.exports;
    const f32 = this.kernel.f32;
    const u8 = this.kernel.u8;
    for (let done = 0; done < n; done += PIECE) {
      const c = Math.min(PIECE, n - done);
      k.derive(from + done, c, power !== undefined, bits !== undefined);
      const at = offset + done;
      if (current !== undefined) current.set(f32.subarray(this.currentAt, this.currentAt + c), at);
      if (voltage !== undefined) voltage.set(f32.subarray(this.voltageAt, this.voltageAt + c), at);
      if (power !== undefined) power.set(f32.subarray(this.powerAt, this.powerAt + c), at);
      if (bits !== undefined) bits.set(u8.subarray(this.bitsAt, this.bitsAt + c), at);
    }
  }

  /** The raw words of ids [from, from + n), current word first (a copy of the ring). */
  private raw(from: number, n: number): Uint16Array {
    const words = new Uint32Array(n);
    const P = this.physicalLength;
    const u32 = this.kernel.u32;
    const base = this.rawAt;
    const a = from % P;
    const first = Math.min(n, P - a);
    words.set(u32.subarray(base + a, base + a + first));
    if (first < n) words.set(u32.subarray(base, base + n - first), first);
    return new Uint16Array(words.buffer, 0, 2 * n);
  }

  /** The 14-bit current or voltage codes of ids [from, from + n). */
  private rawCode(field: 'raw_current' | 'raw_voltage', from: number, n: number): Uint16Array {
    const out = new Uint16Array(n);
    const P = this.physicalLength;
    const u32 = this.kernel.u32;
    const base = this.rawAt;
    const voltage = field === 'raw_voltage';
    for (let k = 0, j = from % P; k < n; k++, j = j + 1 === P ? 0 : j + 1) {
      const w = u32[base + j];
      out[k] = voltage ? w >>> 18 : (w & 0xffff) >>> 2;
    }
    return out;
  }
}
