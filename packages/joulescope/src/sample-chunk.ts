/** A block of consecutive samples, as a capture hands them to its writer. */
export interface SampleChunk {
  /** Sample id of the first sample, counted from the start of the capture. */
  readonly start: number;
  /** Samples in this chunk (the length of each array). */
  readonly length: number;
  /** Amperes (raw ADC codes without a usable calibration); NaN for a missing sample. */
  readonly current: Float32Array;
  /** Volts (raw ADC codes without a usable calibration); NaN for a missing sample. */
  readonly voltage: Float32Array;
  /** Watts: current × voltage. */
  readonly power: Float32Array;
  /**
   * At 2 MHz: current range in bits 0–3 (0 = 10 A … 6 = 18 µA, 7 = off, 8 = missing sample),
   * current LSB in bit 4, voltage LSB in bit 5. Null when downsampled (see `averaged`).
   */
  readonly bits: Uint8Array | null;
  /** When downsampled: the bit fields averaged over each output sample. Null at 2 MHz. */
  readonly averaged: {
    /** Mean current range index (0–8). */
    readonly currentRange: Float32Array;
    /** Fraction of samples with the current LSB set. */
    readonly currentLsb: Float32Array;
    /** Fraction of samples with the voltage LSB set. */
    readonly voltageLsb: Float32Array;
  } | null;
  /** The raw words (current, voltage interleaved), when the writer asked for them (2 MHz only). */
  readonly raw?: Uint16Array;
}
