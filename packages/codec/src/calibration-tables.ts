/**
 * The float32 tables that calibrate raw samples (docs/samples.md, "Calibration"): per current
 * range an offset and a gain (ranges 0..6; 7 = off; 8 = missing), per voltage range
 * (0 = 15 V, 1 = 5 V) an offset and a gain. The one place where calibration values are checked.
 */
import { describeValue } from './_describe';

/** Entries used from each current table: ranges 0..6. */
const CURRENT_USED = 7;
/** Entries used from each voltage table: 15 V and 5 V. */
const VOLTAGE_USED = 2;

/** Calibration as the sample math uses it: float32, indexed by range. */
export interface CalibrationTables {
  /** Float32Array(9): ranges 0..6, then 0 for range 7 (off) and NaN for range 8 (missing). */
  currentOffset: Float32Array;
  /** Float32Array(9): ranges 0..6, then 0 for range 7 (off: current 0) and NaN for range 8. */
  currentGain: Float32Array;
  /** Float32Array(2): 15 V, 5 V. */
  voltageOffset: Float32Array;
  /** Float32Array(2): 15 V, 5 V. */
  voltageGain: Float32Array;
}

function table(name: string, values: ArrayLike<number>, used: number, size: number): Float32Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new TypeError(`calibration ${name} must be an array of numbers, got ${describeValue(values)}`);
  }
  if (values.length < used) {
    throw new RangeError(`calibration ${name} needs at least ${String(used)} entries, got ${String(values.length)}`);
  }
  const out = new Float32Array(size);
  for (let i = 0; i < used; i++) {
    const x: unknown = values[i];
    if (typeof x !== 'number') throw new TypeError(`calibration ${name}[${String(i)}] must be a number, got ${describeValue(x)}`);
    const f = Math.fround(x);
    if (!Number.isFinite(f)) {
      const why = Number.isFinite(x) ? 'beyond the float32 range (±3.4028235e38)' : 'not finite';
      throw new RangeError(`calibration ${name}[${String(i)}] is ${String(x)}, ${why}; every used entry must be a finite float32`);
    }
    out[i] = f;
  }
  return out;
}

/**
 * Checks a calibration and returns its float32 tables. Entries 0..6 of the current arrays and
 * 0..1 of the voltage arrays are used (later entries, such as the NaN at index 8 of a device
 * record, are ignored); range 7 gets offset 0 and gain 0, range 8 NaN. Throws TypeError for a
 * non-array or non-number entry and RangeError for too few entries or a used entry that is not
 * finite once rounded to float32.
 */
export function calibrationTables(
  currentOffset: ArrayLike<number>,
  currentGain: ArrayLike<number>,
  voltageOffset: ArrayLike<number>,
  voltageGain: ArrayLike<number>,
): CalibrationTables {
  const tables: CalibrationTables = {
    currentOffset: table('currentOffset', currentOffset, CURRENT_USED, 9),
    currentGain: table('currentGain', currentGain, CURRENT_USED, 9),
    voltageOffset: table('voltageOffset', voltageOffset, VOLTAGE_USED, VOLTAGE_USED),
    voltageGain: table('voltageGain', voltageGain, VOLTAGE_USED, VOLTAGE_USED),
  };
  tables.currentOffset[8] = NaN;
  tables.currentGain[8] = NaN;
  return tables;
}
