/**
 * Which calibration each buffered sample has (docs/stream-buffer.md, "Storage"): the ring
 * keeps raw words and calibrates on read, so a `calibrationSet` while streaming must not
 * change the samples already processed. The log says from which sample id each calibration
 * applies; its float32 tables (checked by codec's `calibrationTables`) live in the kernel's
 * table slots, identical tables sharing one. Slot 0 is the identity (no calibration set).
 */
import type { CalibrationTables } from '@joulescope/codec';
import { KERNEL_CAL_ENTRIES, KERNEL_CAL_TABLES, KERNEL_CAL_TABLE_FLOATS, pointer } from './_kernel';
import type { Kernel } from './_kernel';

interface Entry {
  /** First sample id (input and output ids match) of this calibration. */
  from: number;
  slot: number;
}

/** The identity calibration: offsets 0, gains 1, range 7 gain 0, range 8 NaN. */
function identity(): CalibrationTables {
  const currentGain = new Float32Array(9).fill(1);
  currentGain[7] = 0;
  currentGain[8] = NaN;
  const currentOffset = new Float32Array(9);
  currentOffset[8] = NaN;
  return { currentOffset, currentGain, voltageOffset: new Float32Array(2), voltageGain: new Float32Array(2).fill(1) };
}

function flatten(t: CalibrationTables): Float32Array {
  const out = new Float32Array(KERNEL_CAL_TABLE_FLOATS);
  out.set(t.currentOffset, 0);
  out.set(t.currentGain, 9);
  out.set(t.voltageOffset, 18);
  out.set(t.voltageGain, 20);
  return out;
}

function same(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export class CalibrationLog {
  private entries: Entry[] = [{ from: 0, slot: 0 }];
  /** Tables per slot (null: free). */
  private readonly slots: (Float32Array | null)[] = new Array<Float32Array | null>(KERNEL_CAL_TABLES).fill(null);
  /** First sample id calibrated with a set calibration (Infinity: none set). */
  private calibratedFrom = Infinity;

  constructor(private readonly kernel: Kernel) {
    const id = flatten(identity());
    this.slots[0] = id;
    kernel.f32.set(id, pointer(kernel.exports.calTablesPointer()) / 4);
    this.write();
  }

  /** True once a calibration was set. */
  get calibrated(): boolean {
    return this.calibratedFrom !== Infinity;
  }

  /** True when every sample from `id` on was calibrated with a set calibration. */
  calibratedAt(id: number): boolean {
    return id >= this.calibratedFrom;
  }

  /**
   * Applies `tables` from sample id `from` on; entries wholly older than `oldest` are
   * dropped. RangeError, nothing changed, when the kernel cannot hold another calibration.
   */
  set(tables: CalibrationTables, from: number, oldest: number): void {
    const flat = flatten(tables);
    const kept = this.entries.filter((e, i) => i + 1 >= this.entries.length || this.entries[i + 1].from > oldest);
    const last = kept[kept.length - 1];
    if (last.from === from) kept.pop();
    else if (last.slot !== 0 && same(this.slots[last.slot] as Float32Array, flat)) {
      this.entries = kept;
      this.write();
      return;
    }
    if (kept.length >= KERNEL_CAL_ENTRIES) {
      throw new RangeError(
        `calibrationSet: the buffered samples already span ${String(kept.length)} calibrations, the most a StreamBuffer holds; let the ring move on (or reset) before changing the calibration again`,
      );
    }
    const used = new Set(kept.map((e) => e.slot));
    let slot = this.slots.findIndex((s, i) => i !== 0 && s !== null && same(s, flat));
    if (slot < 0) slot = this.slots.findIndex((s, i) => i !== 0 && (s === null || !used.has(i)));
    if (slot < 0) {
      throw new RangeError(`calibrationSet: the buffered samples already use ${String(KERNEL_CAL_TABLES - 1)} different calibrations, the most a StreamBuffer holds`);
    }
    this.slots[slot] = flat;
    this.kernel.f32.set(flat, pointer(this.kernel.exports.calTablesPointer()) / 4 + slot * KERNEL_CAL_TABLE_FLOATS);
    kept.push({ from, slot });
    this.entries = kept;
    if (this.calibratedFrom === Infinity) this.calibratedFrom = from;
    this.write();
  }

  /** After a reset: the calibration in force applies from id 0. */
  reset(): void {
    const slot = this.entries[this.entries.length - 1].slot;
    this.entries = [{ from: 0, slot }];
    if (this.calibratedFrom !== Infinity) this.calibratedFrom = 0;
    this.write();
  }

  private write(): void {
    const k = this.kernel;
    const at = pointer(k.exports.calLogPointer());
    const f64 = k.f64;
    const u32 = k.u32;
    this.entries.forEach((e, i) => {
      f64[at / 8 + 2 * i] = e.from;
      u32[at / 4 + 4 * i + 2] = e.slot;
    });
    k.exports.setCalibrationCount(this.entries.length);
  }
}
