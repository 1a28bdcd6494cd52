/**
 * The decimator: full-rate calibrated samples in, output samples into the ring
 * (docs/downsampling.md, "Pipeline"). Current, voltage and their float64 product pass the
 * chain of FIR stages; the bit fields are summed over the `factor` input samples of each
 * output and stored as floored averages. Output k covers input samples
 * `[k·factor, (k + 1)·factor)` and is written once input sample `(k + 1)·factor − 1` arrived.
 *
 * Each stage is polyphase: only the outputs it keeps are computed, each a dot product of the
 * taps with the newest `L` inputs. A stage's inputs are written after its `L − 1` inputs of
 * history, so every window is contiguous. The loops run in the WebAssembly kernel
 * (`_fir-wasm.ts`) and every array lives in its memory; the block the caller fills
 * (`current`, `voltage`, `bits`) is part of it, so samples are copied in once.
 */
import { FIR_FILTERS } from './_fir-coefficients';
import { BITS_STATE_BYTES, firKernel } from './_fir-wasm';
import type { FirKernel } from './_fir-wasm';
import type { DecimatorRing } from './_decimator-ring';

/** One stage's layout: byte offsets of its taps and of its three input arrays. */
interface Stage {
  readonly taps: number;
  readonly decimation: number;
  readonly h: number;
  readonly xi: number;
  readonly xv: number;
  readonly xp: number;
  /** Inputs taken since the stage's last output (0 … decimation − 1). */
  phase: number;
}

export class Decimator {
  /** Input samples per output sample (the product of the stage decimations). */
  readonly factor: number;
  /** Most input samples one `push` takes. */
  readonly block: number;
  /** Where the caller writes up to `block` input samples before `push`. */
  readonly current: Float32Array;
  readonly voltage: Float32Array;
  readonly bits: Uint8Array;
  /** Input samples before the newest that an output depends on: Σ (taps − 1) × input spacing. */
  readonly reach: number;
  /** Output samples written since the last reset. */
  produced = 0;
  private readonly kernel: FirKernel;
  private readonly f64: Float64Array;
  private readonly u8: Uint8Array;
  private readonly stages: readonly Stage[];
  private readonly curAt: number;
  private readonly volAt: number;
  private readonly bitsAt: number;
  private readonly state: number;
  // The last stage's outputs and the bit averages of one push.
  private readonly oi: number;
  private readonly ov: number;
  private readonly op: number;
  private readonly oRange: number;
  private readonly oCurrentLsb: number;
  private readonly oVoltageLsb: number;

  /** @param chain filter numbers, first stage first; @param block most inputs per push */
  constructor(chain: readonly number[], block: number) {
    let top = 0;
    const take = (bytes: number): number => {
      const at = top;
      top += Math.ceil(bytes / 16) * 16;
      return at;
    };
    this.curAt = take(4 * block);
    this.volAt = take(4 * block);
    this.bitsAt = take(block);
    this.state = take(BITS_STATE_BYTES);
    const stages: Stage[] = [];
    let capacity = block;
    let factor = 1;
    let reach = 0;
    for (const id of chain) {
      const { taps, decimation } = FIR_FILTERS[id];
      reach += (taps.length - 1) * factor;
      const size = 8 * (taps.length - 1 + capacity);
      stages.push({ taps: taps.length, decimation, h: take(8 * taps.length), xi: take(size), xv: take(size), xp: take(size), phase: 0 });
      capacity = Math.floor((capacity + decimation - 1) / decimation);
      factor *= decimation;
    }
    this.oi = take(8 * capacity);
    this.ov = take(8 * capacity);
    this.op = take(8 * capacity);
    this.oRange = take(capacity);
    this.oCurrentLsb = take(capacity);
    this.oVoltageLsb = take(capacity);

    this.kernel = firKernel(top);
    const buffer = this.kernel.buffer;
    this.f64 = new Float64Array(buffer);
    this.u8 = new Uint8Array(buffer);
    this.current = new Float32Array(buffer, this.curAt, block);
    this.voltage = new Float32Array(buffer, this.volAt, block);
    this.bits = new Uint8Array(buffer, this.bitsAt, block);
    chain.forEach((id, s) => this.f64.set(FIR_FILTERS[id].taps, stages[s].h >> 3));
    this.stages = stages;
    this.factor = factor;
    this.reach = reach;
    this.block = block;
    this.reset();
  }

  /** Bytes of filter history and scratch (for memory reports). */
  get byteLength(): number {
    return this.kernel.buffer.byteLength;
  }

  /** Zero filter history and bit sums: the next input is sample 0 of output 0. */
  reset(): void {
    for (const s of this.stages) {
      this.f64.fill(0, s.xi >> 3, (s.xi >> 3) + s.taps - 1);
      this.f64.fill(0, s.xv >> 3, (s.xv >> 3) + s.taps - 1);
      this.f64.fill(0, s.xp >> 3, (s.xp >> 3) + s.taps - 1);
      s.phase = 0;
    }
    this.kernel.resetBits(this.state, this.factor);
    this.produced = 0;
  }

  /**
   * Feeds the `n ≤ block` input samples written to `current`, `voltage` and `bits`; writes
   * the output samples they complete into `ring`. Returns how many.
   */
  push(n: number, ring: DecimatorRing): number {
    const k = this.kernel;
    const stages = this.stages;
    const first = stages[0];
    const back = 8 * (first.taps - 1);
    k.widen(this.curAt, this.volAt, n, first.xi + back, first.xv + back, first.xp + back);
    // The bit averages and the last stage complete the same outputs (both every `factor` inputs).
    const count = k.sumBits(this.bitsAt, n, this.state, this.factor, this.oRange, this.oCurrentLsb, this.oVoltageLsb);
    let inputs = n;
    for (let s = 0; s < stages.length; s++) {
      const st = stages[s];
      const next = s + 1 < stages.length ? stages[s + 1] : null;
      const to = next === null ? 0 : 8 * (next.taps - 1);
      const M = st.decimation;
      const L = st.taps;
      const end = L - 1 + inputs;
      const outputs = k.fir3(
        st.xi,
        st.xv,
        st.xp,
        st.h,
        L,
        L - 1 + M - 1 - st.phase,
        end,
        M,
        next === null ? this.oi : next.xi + to,
        next === null ? this.ov : next.xv + to,
        next === null ? this.op : next.xp + to,
      );
      st.phase = (st.phase + inputs) % M;
      // The newest L − 1 inputs are the next block's history.
      this.f64.copyWithin(st.xi >> 3, (st.xi >> 3) + inputs, (st.xi >> 3) + end);
      this.f64.copyWithin(st.xv >> 3, (st.xv >> 3) + inputs, (st.xv >> 3) + end);
      this.f64.copyWithin(st.xp >> 3, (st.xp >> 3) + inputs, (st.xp >> 3) + end);
      inputs = outputs;
    }
    this.store(count, ring);
    return count;
  }

  /** Copies `count` outputs into the ring from slot `produced % length` on, wrapping. */
  private store(count: number, ring: DecimatorRing): void {
    const L = ring.length;
    let done = 0;
    while (done < count) {
      const slot = (this.produced + done) % L;
      const run = Math.min(count - done, L - slot);
      const a = done;
      const b = done + run;
      ring.current.set(this.f64.subarray((this.oi >> 3) + a, (this.oi >> 3) + b), slot);
      ring.voltage.set(this.f64.subarray((this.ov >> 3) + a, (this.ov >> 3) + b), slot);
      ring.power.set(this.f64.subarray((this.op >> 3) + a, (this.op >> 3) + b), slot);
      ring.currentRange.set(this.u8.subarray(this.oRange + a, this.oRange + b), slot);
      ring.currentLsb.set(this.u8.subarray(this.oCurrentLsb + a, this.oCurrentLsb + b), slot);
      ring.voltageLsb.set(this.u8.subarray(this.oVoltageLsb + a, this.oVoltageLsb + b), slot);
      done = b;
    }
    this.produced += count;
  }
}
