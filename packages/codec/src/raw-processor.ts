import { calibrationTables } from './calibration-tables';
import { describeValue } from './_describe';
import { MISSING_BITS, MISSING_SAMPLE, OVERFLOW_BITS } from './raw-sample';
import { MATRIX_M, MATRIX_N } from './_suppress-matrices';
import { SuppressType, SUPPRESS_DEFAULT_MODE, formatSuppressMode, parseSuppressMode } from './suppress-mode';
import type { SuppressConfig } from './suppress-mode';

const fround = Math.fround;

/** History depth of the glitch filter (a power of two). */
const HISTORY = 64;
const MASK = HISTORY - 1;
/** Bits byte of a sample still held by an open window when `processBulk` ends: range 8 (missing). */
const FLUSH_BITS = 8;

/** Planar destination of calibrated samples: element k of each array is output sample k. */
export interface SampleOutput {
  current: Float32Array;
  voltage: Float32Array;
  bits: Uint8Array;
}

/** Result of `processBulk`: current/voltage interleaved, and one bits byte per sample. */
export interface BulkResult {
  cal: Float32Array;
  bits: Uint8Array;
}

/** The sample counters (docs/samples.md, "Sample counters"). */
export interface RawProcessorCounters {
  sampleMissingCount: number;
  skipCount: number;
  sampleSyncCount: number;
  contiguousCount: number;
}

/**
 * Turns raw JS110 samples into calibrated current and voltage (docs/samples.md): sample-skip
 * counters, float32 calibration, and the range-switch glitch filter.
 *
 * Raw samples are 32-bit words, current word in the low half and voltage word in the high half
 * (a little-endian view of the interleaved u16 stream); a missing sample is 0xFFFFFFFF.
 * Output stays 1:1 with input, though the filter may hold up to 63 samples while a
 * suppression window is open.
 */
export class RawProcessor {
  private vr = 0;

  private readonly iOffset = new Float32Array(9);
  private readonly iGain = new Float32Array(9);
  private readonly vOffset = new Float32Array(2);
  private readonly vGain = new Float32Array(2);

  private isCalibrated = false;
  private config: SuppressConfig = parseSuppressMode(SUPPRESS_DEFAULT_MODE);
  private table: Uint8Array | null = MATRIX_N;

  // Glitch filter state (docs/samples.md, "Glitch filter").
  private readonly histI = new Float32Array(HISTORY);
  private readonly histV = new Float32Array(HISTORY);
  private readonly histBits = new Uint8Array(HISTORY);
  private idxOut = 0;
  private idxSuppressStart = 0;
  private rangeLast = 7;
  private remaining = 0;
  private counter = 0;
  private calIPre = NaN;

  // Skip detection state (docs/samples.md, "Sample counters").
  private missing = 0;
  private skips = 0;
  private syncs = 0;
  private contiguous = 0;
  private isSkipping = 1;
  private toggleLast = 0;
  private toggleMask = 0;

  constructor() {
    this.calibrationClear();
    this.reset();
  }

  /** The glitch filter mode, e.g. `interp_1_n_1` (default), `mean_2_3_1`, `nan_0_m_0`, `off`. */
  get suppressMode(): string {
    return formatSuppressMode(this.config);
  }

  set suppressMode(value: string) {
    const config = parseSuppressMode(value); // throws before anything changes
    this.config = config;
    this.table = config.matrix === 'm' ? MATRIX_M : config.matrix === 'n' ? MATRIX_N : null;
  }

  /** Voltage range applied to the samples processed next: 0 = 15 V, 1 = 5 V (RangeError otherwise). */
  get voltageRange(): number {
    return this.vr;
  }

  set voltageRange(value: number) {
    if (value !== 0 && value !== 1) {
      const type = typeof value === 'number' ? RangeError : TypeError;
      throw new type(`voltageRange must be 0 (15 V) or 1 (5 V), got ${describeValue(value)}`);
    }
    this.vr = value;
  }

  /** True once `calibrationSet` succeeded (false for the identity calibration). */
  get calibrated(): boolean {
    return this.isCalibrated;
  }

  /** Identity calibration: offsets 0, gains 1, range 7 (off) gain 0; `calibrated` becomes false. */
  calibrationClear(): void {
    this.isCalibrated = false;
    this.iOffset.fill(0);
    this.iGain.fill(1);
    this.iGain[7] = 0;
    this.iOffset[8] = NaN;
    this.iGain[8] = NaN;
    this.vOffset.fill(0);
    this.vGain.fill(1);
  }

  /**
   * Sets the calibration: ≥ 7 current entries (ranges 0..6), ≥ 2 voltage entries (15 V, 5 V),
   * each a finite number within the float32 range (it is rounded to float32). Range 7 (off) is
   * forced to offset 0, gain 0; extra entries are ignored. A bad value throws TypeError or
   * RangeError (see `calibrationTables`) and leaves the calibration as it was.
   */
  calibrationSet(
    currentOffset: ArrayLike<number>,
    currentGain: ArrayLike<number>,
    voltageOffset: ArrayLike<number>,
    voltageGain: ArrayLike<number>,
  ): void {
    const t = calibrationTables(currentOffset, currentGain, voltageOffset, voltageGain);
    this.iOffset.set(t.currentOffset);
    this.iGain.set(t.currentGain);
    this.vOffset.set(t.voltageOffset);
    this.vGain.set(t.voltageGain);
    this.isCalibrated = true;
  }

  /** Clears the counters and the filter state; the mode, calibration and voltage range stay. */
  reset(): void {
    this.histI.fill(NaN);
    this.histV.fill(NaN);
    this.histBits.fill(0xff);
    this.idxOut = 0;
    this.idxSuppressStart = 0;
    this.rangeLast = 7;
    this.remaining = 0;
    this.counter = 0;
    this.calIPre = NaN;
    this.missing = 0;
    this.skips = 0;
    this.syncs = 0;
    this.contiguous = 0;
    this.isSkipping = 1;
    this.toggleLast = 0;
    this.toggleMask = 0;
  }

  /** Missing samples processed since reset. */
  get sampleMissingCount(): number {
    return this.missing;
  }
  /** Skips since reset: runs of missing samples after valid ones, and sync errors. */
  get skipCount(): number {
    return this.skips;
  }
  /** Valid samples whose toggle bit did not alternate. */
  get sampleSyncCount(): number {
    return this.syncs;
  }
  /** Valid samples since the last missing one. */
  get contiguousCount(): number {
    return this.contiguous;
  }

  /** The four counters as one object. */
  counters(): RawProcessorCounters {
    return {
      sampleMissingCount: this.missing,
      skipCount: this.skips,
      sampleSyncCount: this.syncs,
      contiguousCount: this.contiguous,
    };
  }

  /**
   * Drops the samples held by an open suppression window (for a stream gap: the data they
   * belong to is lost); the counters and the last range stay.
   */
  discardPending(): void {
    this.counter = 0;
    this.remaining = 0;
    this.calIPre = NaN;
  }

  /** Number of input samples currently held by an open suppression window (0..63). */
  get pending(): number {
    return this.counter;
  }

  /**
   * Processes `raw[start..end)` and writes the emitted samples to `out` from index `outStart`.
   * Returns how many were emitted: at most `end − start + pending`, so `out` needs room for
   * that many (`end − start + 63` always suffices). Throws TypeError/RangeError, changing
   * nothing, for arguments outside these rules.
   */
  process(raw: Uint32Array, start: number, end: number, out: SampleOutput, outStart: number): number {
    this.checkProcess(raw, start, end, out, outStart);
    const outI = out.current;
    const outV = out.voltage;
    const outBits = out.bits;
    let o = outStart;
    let j = start;
    while (j < end) {
      const r = this.rangeLast;
      if (this.remaining === 0 && r < 8 && this.toggleMask !== 0) {
        // Fast path: same range, no window open, toggle alternating, not missing.
        // Output equals the calibrated input; only the history tail needs refreshing after.
        const offI = this.iOffset[r];
        const gainI = this.iGain[r];
        const vr = this.vr;
        const offV = this.vOffset[vr];
        const gainV = this.vGain[vr];
        let pattern = (r & 3) | ((r & 4) << 14) | ((this.toggleLast ^ 1) << 17);
        const j0 = j;
        for (; j < end; j++) {
          const w = raw[j];
          if ((w & 0x30003) !== pattern || w === MISSING_SAMPLE) break;
          pattern ^= 0x20000;
          outI[o] = fround(fround(((w >>> 2) & 0x3fff) + offI) * gainI);
          outV[o] = fround(fround((w >>> 18) + offV) * gainV);
          outBits[o] = r | ((w & 4) << 2) | ((w >>> 13) & 0x20);
          o++;
        }
        const n = j - j0;
        if (n > 0) {
          this.contiguous += n;
          this.isSkipping = 0;
          this.toggleLast = (raw[j - 1] >>> 17) & 1;
          this.counter = 0;
          this.calIPre = outI[o - 1];
          // Refresh the history entries a later window start can read (pre ≤ 8).
          const m = n < 8 ? n : 8;
          let h = (this.idxOut + n - m) & MASK;
          for (let k = o - m; k < o; k++) {
            this.histI[h] = outI[k];
            this.histV[h] = outV[k];
            this.histBits[h] = outBits[k];
            h = (h + 1) & MASK;
          }
          this.idxOut = h;
        }
        if (j >= end) break;
      }
      o = this.step(raw[j], outI, outV, outBits, o);
      j++;
    }
    return o - outStart;
  }

  private checkProcess(raw: Uint32Array, start: number, end: number, out: SampleOutput, outStart: number): void {
    if (!(raw instanceof Uint32Array)) throw new TypeError(`RawProcessor.process: raw must be a Uint32Array of sample words, got ${describeValue(raw)}`);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end > raw.length) {
      throw new RangeError(
        `RawProcessor.process: [start, end) = [${describeValue(start)}, ${describeValue(end)}) must be integers within [0, ${String(raw.length)}]`,
      );
    }
    if (
      out === null ||
      typeof out !== 'object' ||
      !(out.current instanceof Float32Array) ||
      !(out.voltage instanceof Float32Array) ||
      !(out.bits instanceof Uint8Array)
    ) {
      throw new TypeError('RawProcessor.process: out must be { current: Float32Array, voltage: Float32Array, bits: Uint8Array }');
    }
    if (!Number.isSafeInteger(outStart) || outStart < 0) {
      throw new RangeError(`RawProcessor.process: outStart must be a non-negative integer, got ${describeValue(outStart)}`);
    }
    const need = outStart + end - start + this.counter;
    const room = Math.min(out.current.length, out.voltage.length, out.bits.length);
    if (room < need) {
      throw new RangeError(
        `RawProcessor.process: out needs room for ${String(need)} samples (outStart + end − start + ${String(this.counter)} held), its arrays hold ${String(room)}`,
      );
    }
  }

  /** The general per-sample path: skip detection, calibration, and the filter state machine. */
  private step(w: number, outI: Float32Array, outV: Float32Array, outBits: Uint8Array, o: number): number {
    let r: number;
    let calI: number;
    let calV: number;
    let bits: number;
    const isMissing = w === MISSING_SAMPLE;
    if (isMissing) {
      r = 8;
      calI = NaN;
      calV = NaN;
      bits = MISSING_BITS;
      this.missing++;
      this.contiguous = 0;
      if (this.isSkipping === 0) {
        this.skips++;
        this.isSkipping = 1;
      }
    } else {
      r = (w & 3) | ((w >>> 14) & 4);
      this.isSkipping = 0;
      this.contiguous++;
      const vr = this.vr;
      calI = fround(fround(((w >>> 2) & 0x3fff) + this.iOffset[r]) * this.iGain[r]);
      calV = fround(fround((w >>> 18) + this.vOffset[vr]) * this.vGain[vr]);
      bits = r | ((w & 4) << 2) | ((w >>> 13) & 0x20);
    }
    const toggle = (w >>> 17) & 1;
    if (((toggle ^ this.toggleLast ^ 1) & this.toggleMask) !== 0 && !isMissing) {
      this.skips++;
      this.isSkipping = 1;
      this.syncs++;
    }
    this.toggleLast = toggle;
    this.toggleMask = 1;

    const histI = this.histI;
    const histV = this.histV;
    const histBits = this.histBits;
    const cfg = this.config;
    const h = this.idxOut;
    histI[h] = calI;
    histV[h] = calV;
    histBits[h] = bits;

    if (r !== this.rangeLast) {
      let width = 0;
      if (cfg.type !== SuppressType.Off) width = this.table === null ? cfg.window : this.table[r * 9 + this.rangeLast];
      if (width > 0) {
        const armed = width + cfg.post;
        if (armed > this.remaining) this.remaining = armed;
        if (this.counter === 0) {
          this.idxSuppressStart = h;
          if (cfg.type === SuppressType.Mean) {
            let sum = 0;
            for (let k = 0; k < cfg.pre; k++) sum = fround(sum + histI[(h - cfg.pre + k) & MASK]);
            this.calIPre = sum;
          } else {
            this.calIPre = histI[(h - 1) & MASK];
          }
        }
      }
    }

    if (this.remaining > 0) {
      this.counter++;
      if (this.counter >= HISTORY) {
        // The oldest held sample left the history: it can only become NaN (emitted eagerly and
        // without the reference's extra sample, so output stays 1:1: docs/samples.md, "Overflow").
        outI[o] = NaN;
        outV[o] = NaN;
        outBits[o] = OVERFLOW_BITS;
        o++;
        this.counter = HISTORY - 1;
        this.idxSuppressStart = (this.idxSuppressStart + 1) & MASK;
        this.calIPre = NaN;
      }
      if (this.remaining === 1) o = this.closeWindow(calI, h, outI, outV, outBits, o);
      this.remaining--;
    } else {
      this.calIPre = calI;
      outI[o] = calI;
      outV[o] = calV;
      outBits[o] = bits;
      o++;
      this.counter = 0;
    }
    this.idxOut = (h + 1) & MASK;
    this.rangeLast = r;
    return o;
  }

  /** Emits the `counter` held samples at the last sample of a window (docs/samples.md, "Closing a window"). */
  private closeWindow(
    calI: number,
    h: number,
    outI: Float32Array,
    outV: Float32Array,
    outBits: Uint8Array,
    o: number,
  ): number {
    const cfg = this.config;
    const histI = this.histI;
    const histV = this.histV;
    const histBits = this.histBits;
    const counter = this.counter;
    const s = this.idxSuppressStart;
    if (cfg.type === SuppressType.Interp) {
      let pre = this.calIPre;
      if (!Number.isFinite(pre)) pre = calI;
      const step = counter > 0 ? fround(fround(calI - pre) / counter) : 0;
      for (let k = 0; k < counter - 1; k++) {
        pre = fround(pre + step);
        const e = (s + k) & MASK;
        outI[o] = pre;
        outV[o] = histV[e];
        outBits[o] = histBits[e];
        o++;
      }
      this.calIPre = pre;
    } else if (cfg.type === SuppressType.Mean) {
      let n = cfg.pre;
      let sum = this.calIPre;
      if (!Number.isFinite(sum)) {
        n = 0;
        sum = 0;
      }
      for (let k = 0; k < cfg.post; k++) {
        sum = fround(sum + histI[(h - k) & MASK]);
        n++;
      }
      const mean = n > 0 ? fround(sum / n) : NaN;
      this.calIPre = mean;
      for (let k = 0; k < counter - cfg.post; k++) {
        const e = (s + k) & MASK;
        outI[o] = mean;
        outV[o] = histV[e];
        outBits[o] = histBits[e];
        o++;
      }
    } else {
      for (let k = 0; k < counter; k++) {
        outI[o] = NaN;
        outV[o] = NaN;
        outBits[o] = histBits[(s + k) & MASK];
        o++;
      }
    }
    for (let k = 0; k < cfg.post; k++) {
      const e = (h + 1 - cfg.post + k) & MASK;
      outI[o] = histI[e];
      outV[o] = histV[e];
      outBits[o] = histBits[e];
      o++;
    }
    this.counter = 0;
    return o;
  }

  /**
   * Processes one complete block of raw u16 words (current, voltage interleaved) from a fresh
   * filter state (calibration, mode and voltage range are kept) and returns N calibrated
   * samples; samples still held by an open window at the end are (NaN, NaN, bits 8).
   */
  processBulk(raw: Uint16Array): BulkResult {
    if (!(raw instanceof Uint16Array)) throw new TypeError('processBulk expects a Uint16Array of raw words');
    if (raw.length % 2 !== 0) {
      throw new RangeError(`processBulk needs an even number of u16 words (current, voltage pairs), got ${String(raw.length)}`);
    }
    const n = raw.length / 2;
    const words =
      raw.byteOffset % 4 === 0
        ? new Uint32Array(raw.buffer, raw.byteOffset, n)
        : new Uint32Array(raw.slice().buffer, 0, n);
    this.reset();
    const out: SampleOutput = {
      current: new Float32Array(n + HISTORY),
      voltage: new Float32Array(n + HISTORY),
      bits: new Uint8Array(n + HISTORY),
    };
    const emitted = this.process(words, 0, n, out, 0);
    out.current.fill(NaN, emitted, n);
    out.voltage.fill(NaN, emitted, n);
    out.bits.fill(FLUSH_BITS, emitted, n);
    const cal = new Float32Array(2 * n);
    for (let k = 0; k < n; k++) {
      cal[2 * k] = out.current[k];
      cal[2 * k + 1] = out.voltage[k];
    }
    return { cal, bits: out.bits.slice(0, n) };
  }
}
