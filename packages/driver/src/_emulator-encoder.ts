import { rawSampleWord, type CalibrationData } from '@joulescope/codec';

/** The stream-shaping settings the emulator honours. */
export interface EncoderSettings {
  /** SETTINGS i_range byte: 0x80 auto, one-hot 0x01..0x40 fixed, 0x00 off. */
  iRange: number;
  /** 0 = 15 V, 1 = 5 V. */
  vRange: number;
  /** EXTIO current_lsb / voltage_lsb: 0 normal, 2 gpi0, 3 gpi1. */
  currentLsb: number;
  voltageLsb: number;
}

const CODE_MAX = 0x3fff;
const AUTO = -1;
const OFF = 7;

/** The current range a SETTINGS i_range byte selects: −1 auto, 0..6 fixed, 7 off. */
export function rangeOfSetting(iRange: number): number {
  if (iRange & 0x80) return AUTO;
  if ((iRange & 0x7f) === 0) return OFF;
  let r = 0;
  while (((iRange >> r) & 1) === 0) r++;
  return r;
}

/**
 * Turns current and voltage values into raw JS110 sample words (docs/samples.md) by
 * inverting the calibration: code = value / gain − offset, rounded and clamped to 14 bits,
 * so a host calibrating with the same record sees the intended signal.
 */
export class SampleEncoder {
  private readonly currentOffset = new Float64Array(7);
  private readonly currentInvGain = new Float64Array(7);
  private readonly voltageOffset = new Float64Array(2);
  private readonly voltageInvGain = new Float64Array(2);
  private fixedRange = AUTO;
  private vRange = 0;
  private currentLsbGpi = -1;
  private voltageLsbGpi = -1;

  constructor(calibration: CalibrationData) {
    for (let r = 0; r < 7; r++) {
      this.currentOffset[r] = calibration.currentOffset[r];
      this.currentInvGain[r] = 1 / calibration.currentGain[r];
    }
    for (let r = 0; r < 2; r++) {
      this.voltageOffset[r] = calibration.voltageOffset[r];
      this.voltageInvGain[r] = 1 / calibration.voltageGain[r];
    }
  }

  /** Applies the settings; returns true when the encoding changed. */
  configure(settings: EncoderSettings): boolean {
    const fixedRange = rangeOfSetting(settings.iRange);
    const lsb = (mapping: number): number => (mapping === 2 ? 0 : mapping === 3 ? 1 : -1);
    const currentLsbGpi = lsb(settings.currentLsb);
    const voltageLsbGpi = lsb(settings.voltageLsb);
    const vRange = settings.vRange & 1;
    const changed =
      fixedRange !== this.fixedRange || vRange !== this.vRange || currentLsbGpi !== this.currentLsbGpi || voltageLsbGpi !== this.voltageLsbGpi;
    this.fixedRange = fixedRange;
    this.vRange = vRange;
    this.currentLsbGpi = currentLsbGpi;
    this.voltageLsbGpi = voltageLsbGpi;
    return changed;
  }

  get voltageRange(): number {
    return this.vRange;
  }

  /** True when the current range is off (the device measures no current). */
  get currentOff(): boolean {
    return this.fixedRange === OFF;
  }

  /**
   * Encodes n samples into `out[offset..offset+n)`; the toggle bit of sample k is
   * (toggle0 + k) & 1.
   */
  encode(current: Float64Array, voltage: Float64Array, gpi: Uint8Array, n: number, out: Uint32Array, offset: number, toggle0: number): void {
    const fixed = this.fixedRange;
    const vOffset = this.voltageOffset[this.vRange];
    const vInvGain = this.voltageInvGain[this.vRange];
    const iLsb = this.currentLsbGpi;
    const vLsb = this.voltageLsbGpi;
    const cOffset = this.currentOffset;
    const cInvGain = this.currentInvGain;
    for (let k = 0; k < n; k++) {
      const i = current[k];
      let r = fixed;
      if (r === AUTO) {
        // One decade per range: the most sensitive range (10 A .. 18 µA) that holds |i|.
        const a = i < 0 ? -i : i;
        r = a < 18e-6 ? 6 : a < 180e-6 ? 5 : a < 0.0018 ? 4 : a < 0.018 ? 3 : a < 0.18 ? 2 : a < 2 ? 1 : 0;
      }
      let ci = 0;
      if (r !== OFF) {
        ci = Math.round(i * cInvGain[r] - cOffset[r]);
        ci = ci < 0 ? 0 : ci > CODE_MAX ? CODE_MAX : ci;
      }
      let cv = Math.round(voltage[k] * vInvGain - vOffset);
      cv = cv < 0 ? 0 : cv > CODE_MAX ? CODE_MAX : cv;
      if (iLsb >= 0) ci = (ci & ~1) | ((gpi[k] >> iLsb) & 1);
      if (vLsb >= 0) cv = (cv & ~1) | ((gpi[k] >> vLsb) & 1);
      out[offset + k] = rawSampleWord(ci, cv, r, (toggle0 + k) & 1);
    }
  }
}
