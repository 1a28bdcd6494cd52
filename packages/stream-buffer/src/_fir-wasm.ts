/**
 * The decimator's hot loops: the WebAssembly SIMD kernel built from `assembly/fir.ts` (bytes in
 * `_fir-wasm-bytes.ts`), compiled once per process and instantiated per decimator over a memory
 * of its own, addressed by byte offsets (docs/downsampling.md, "Speed"). It stays under the
 * 4 KB that a browser's main thread compiles synchronously (a test checks).
 */
import { FIR_WASM_BASE64 } from './_fir-wasm-bytes';
import { StreamBufferKernelError } from './errors';

/** The kernel's functions (the layout of their arguments is assembly/fir.ts's). */
export interface FirKernel {
  /** The memory every offset points into. */
  readonly buffer: ArrayBuffer;
  /** x*[k] = float64 of the float32 current and voltage, and their float64 product, for k < n. */
  widen(cur: number, vol: number, n: number, xi: number, xv: number, xp: number): void;
  /**
   * For t = first, first + step, … < end: out*[k] = Σ h[j]·x*[t − taps + 1 + j] over j < taps
   * (an even number), for the three channels. Returns the count.
   */
  fir3(
    xi: number,
    xv: number,
    xp: number,
    h: number,
    taps: number,
    first: number,
    end: number,
    step: number,
    oi: number,
    ov: number,
    op: number,
  ): number;
  /**
   * Adds the n bits bytes to the sums at `state` (`BITS_STATE_BYTES`) and writes the floored
   * averages of each output completed (range × 16, LSBs × 255) to out*[k]. Returns the count.
   */
  sumBits(bits: number, n: number, state: number, factor: number, outRange: number, outCurrentLsb: number, outVoltageLsb: number): number;
  /** Empties the bit-field sums at `state`: the next input starts an output of `factor`. */
  resetBits(state: number, factor: number): void;
}

/** Bytes of the bit-field sums: i64 packed sums, i32 inputs the output still needs. */
export const BITS_STATE_BYTES = 16;

// The few WebAssembly names used here (the ES library types do not declare them).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: WasmMemory } }) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}

const PAGE = 65536;
let compiled: object | null = null;

function api(): WasmApi {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) {
    throw new StreamBufferKernelError('this JavaScript engine has no WebAssembly; the DownsamplingStreamBuffer needs WebAssembly with SIMD');
  }
  return wasm;
}

function firModule(wasm: WasmApi): object {
  if (compiled !== null) return compiled;
  const bytes = Uint8Array.from(atob(FIR_WASM_BASE64), (c) => c.charCodeAt(0));
  if (!wasm.validate(bytes)) {
    throw new StreamBufferKernelError('this JavaScript engine has WebAssembly without SIMD; the DownsamplingStreamBuffer needs WebAssembly SIMD');
  }
  compiled = new wasm.Module(bytes);
  return compiled;
}

/** A kernel over a fresh memory of at least `bytes`. */
export function firKernel(bytes: number): FirKernel {
  const wasm = api();
  const module = firModule(wasm);
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const e = new wasm.Instance(module, { env: { memory } }).exports as Omit<FirKernel, 'buffer' | 'resetBits'>;
  const view = new DataView(memory.buffer);
  return {
    buffer: memory.buffer,
    widen: e.widen,
    fir3: e.fir3,
    sumBits: e.sumBits,
    resetBits(state, factor) {
      view.setBigInt64(state, 0n, true);
      view.setInt32(state + 8, factor, true);
    },
  };
}
