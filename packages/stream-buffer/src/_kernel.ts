/**
 * The kernel loader (docs/stream-buffer.md, "The kernel"): the WebAssembly SIMD module built
 * from assembly/stream-buffer/ ships inlined as base64, is compiled once per process and
 * instantiated per StreamBuffer over a memory of its own (so a ring is limited to the 4 GiB of
 * a wasm32 memory). A browser's main thread may refuse to compile synchronously; there,
 * `await StreamBuffer.ready()` once first (it compiles asynchronously). Workers and Node
 * compile synchronously on first use.
 */
import { SuppressType, suppressWindows } from '@joulescope/codec';
import type { SuppressConfig } from '@joulescope/codec';
import { checkBudget, tooBig } from './_ring-size';
import type { RingSize } from './_ring-size';
import { STREAM_BUFFER_WASM_BASE64 } from './_stream-buffer-wasm';
import { StreamBufferKernelError } from './errors';

/** The kernel's exports (pointers are byte offsets into its memory; ids are numbers). */
export interface KernelExports {
  layout(length: number, physical: number, levels: number, runs: number, grow: boolean): number;
  factorsInput(): number;
  setFilter(type: number, pre: number, window: number, post: number, matrix: boolean): void;
  setCallbackEnabled(on: boolean): void;
  setCalibrationCount(count: number): void;
  reset(): void;
  ingest(device: number): number;
  processed(): number;
  preprocessed(): number;
  processVoltageRange(): number;
  missingCount(): number;
  skipCount(): number;
  syncCount(): number;
  contiguousCount(): number;
  voltageRangeFill(id: number, count: number, voltageRange: number): void;
  gather(count: number, device: number): void;
  stagePointer(): number;
  gatherPointer(): number;
  statistics(xs: number, xe: number): number;
  rows(start: number, increment: number, count: number, lo: number, hi: number, edges: boolean): void;
  sampleRows(start: number, count: number): void;
  derive(start: number, count: number, power: boolean, bits: boolean): void;
  rawPointer(): number;
  levelPointer(level: number): number;
  matrixPointer(): number;
  calTablesPointer(): number;
  calLogPointer(): number;
  scratchCurrentPointer(): number;
  scratchVoltagePointer(): number;
  scratchPowerPointer(): number;
  scratchBitsPointer(): number;
  rowsPointer(): number;
  runsSize(): number;
  runsCapacity(): number;
}

/** Samples per `derive` call and rows per `rows` call (the kernel's scratch sizes). */
export const KERNEL_CHUNK = 16384;
export const KERNEL_ROWS = 1024;
/** USB packets the kernel's staging area holds. */
export const KERNEL_STAGE_PACKETS = 512;
/** Calibration tables and log entries the kernel holds. */
export const KERNEL_CAL_TABLES = 64;
export const KERNEL_CAL_ENTRIES = 256;
/** Float32 slots between calibration tables. */
export const KERNEL_CAL_TABLE_FLOATS = 24;
/** Bytes of one override run. */
export const KERNEL_RUN_BYTES = 24;
/** Bytes of a wasm32 memory at most: the ceiling of one ring. */
export const KERNEL_MAX_BYTES = 2 ** 32 - 2 ** 16;

// The few WebAssembly names used here (the ES library types do not declare them).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
type Imports = { env: { memory: WasmMemory; onEntry: (record: number, endId: number) => void } };
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Imports) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

/** A module with one function returning a v128 constant: valid only where SIMD is. */
const SIMD_PROBE = new Uint8Array([
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 0x0a, 0x16, 1, 0x14, 0, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b,
]);

let compiled: object | null = null;
let pending: Promise<void> | null = null;

function api(): WasmApi {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) {
    throw new StreamBufferKernelError('this JavaScript engine has no WebAssembly; the StreamBuffer needs WebAssembly with SIMD (Node 16.4+, Chrome 91+, Firefox 89+, Safari 16.4+)');
  }
  if (!wasm.validate(SIMD_PROBE)) {
    throw new StreamBufferKernelError(
      'this JavaScript engine has WebAssembly without SIMD; the StreamBuffer needs WebAssembly SIMD (Node 16.4+, Chrome 91+, Firefox 89+, Safari 16.4+)',
    );
  }
  return wasm;
}

function kernelBytes(): Uint8Array {
  return Uint8Array.from(atob(STREAM_BUFFER_WASM_BASE64), (c) => c.charCodeAt(0));
}

/** The error for a compile or instantiation the runtime refused. */
function refused(e: unknown, what: string): unknown {
  if (e instanceof StreamBufferKernelError || !(e instanceof Error)) return e;
  if (e instanceof RangeError) {
    // Chrome's main thread refuses to compile modules above its size limit synchronously.
    return new StreamBufferKernelError(
      `this thread refuses to ${what} WebAssembly synchronously (${e.message}); call \`await StreamBuffer.ready()\` once before constructing a StreamBuffer, or construct it in a Worker`,
      { cause: e },
    );
  }
  // A content security policy without 'wasm-unsafe-eval' forbids compiling WebAssembly.
  return new StreamBufferKernelError(
    `the StreamBuffer's WebAssembly kernel could not ${what} here (${e.message}); a content security policy must allow 'wasm-unsafe-eval'`,
    { cause: e },
  );
}

/** Compiles the kernel asynchronously (needed once on a browser's main thread). */
export function kernelReady(): Promise<void> {
  if (compiled !== null) return Promise.resolve();
  pending ??= (async () => {
    try {
      compiled = await api().compile(kernelBytes());
    } catch (e) {
      throw refused(e, 'compile');
    } finally {
      pending = null;
    }
  })();
  return pending;
}

function kernelModule(): object {
  if (compiled !== null) return compiled;
  const wasm = api();
  try {
    compiled = new wasm.Module(kernelBytes());
  } catch (e) {
    throw refused(e, 'compile');
  }
  return compiled;
}

/** Raw slots beyond the ring: inserted samples not yet processed do not overwrite held ones. */
function slackOf(length: number): number {
  return Math.min(2 ** 17, Math.max(4096, length));
}

/** Initial room of the override log: about one run per 512 samples, grown on demand. */
function runsOf(physical: number): number {
  return Math.ceil(physical / 512) + 4096;
}

const FILTER_TYPE: Record<SuppressType, number> = { [SuppressType.Off]: 0, [SuppressType.Nan]: 1, [SuppressType.Interp]: 2, [SuppressType.Mean]: 3 };

/** One kernel instance over its own memory, with views that follow the memory as it grows. */
export class Kernel {
  /**
   * A kernel laid out for a ring of `size` with the pyramid's internal `factors`: refused with
   * a StreamBufferAllocationError, before the memory grows, when it needs more than a wasm32
   * memory or the memory available.
   */
  static forRing(size: RingSize, factors: readonly number[], onEntry: (record: number, endId: number) => void): Kernel {
    let kernel: Kernel;
    try {
      kernel = new Kernel(onEntry, size.length + slackOf(size.length));
    } catch (e) {
      // Not even a one-page memory: the address space is exhausted (many buffers alive at once).
      if (e instanceof RangeError && !(e instanceof StreamBufferKernelError)) throw tooBig(size, size.length * 5.3, `no WebAssembly memory could be created (${e.message})`);
      throw e;
    }
    const k = kernel.exports;
    kernel.u32.set(factors, pointer(k.factorsInput()) / 4);
    const runs = runsOf(kernel.physicalLength);
    const bytes = k.layout(size.length, kernel.physicalLength, factors.length, runs, false);
    if (bytes > KERNEL_MAX_BYTES) throw tooBig(size, bytes, 'more than the 4 GiB one WebAssembly memory can hold');
    checkBudget(size, bytes);
    if (k.layout(size.length, kernel.physicalLength, factors.length, runs, true) < 0) throw tooBig(size, bytes, 'the memory could not grow that far');
    return kernel;
  }

  readonly exports: KernelExports;
  private readonly memory: WasmMemory;
  private buffer: ArrayBuffer;
  private u32View: Uint32Array;
  private f32View: Float32Array;
  private f64View: Float64Array;
  private u8View: Uint8Array;

  private constructor(
    onEntry: (record: number, endId: number) => void,
    /** Slots of the raw ring: the ring's length plus slack. */
    readonly physicalLength: number,
  ) {
    const wasm = api();
    const module = kernelModule();
    // No maximum: the engine's own limit (4 GiB where it can), so small devices are not refused.
    this.memory = new wasm.Memory({ initial: 1 });
    let instance: { exports: unknown };
    try {
      instance = new wasm.Instance(module, { env: { memory: this.memory, onEntry } });
    } catch (e) {
      throw refused(e, 'instantiate');
    }
    this.exports = instance.exports as KernelExports;
    this.buffer = this.memory.buffer;
    this.u32View = new Uint32Array(this.buffer);
    this.f32View = new Float32Array(this.buffer);
    this.f64View = new Float64Array(this.buffer);
    this.u8View = new Uint8Array(this.buffer);
  }

  /** Growing the memory detaches the old buffer (views read length 0): then make new views. */
  private refresh(): void {
    if (this.u8View.length !== 0) return;
    this.buffer = this.memory.buffer;
    this.u32View = new Uint32Array(this.buffer);
    this.f32View = new Float32Array(this.buffer);
    this.f64View = new Float64Array(this.buffer);
    this.u8View = new Uint8Array(this.buffer);
  }

  /** The memory as words (index = byte offset / 4). */
  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  get f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  get f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }

  get u8(): Uint8Array {
    this.refresh();
    return this.u8View;
  }

  /** Sets the glitch filter (a parsed suppress mode), after any window open now. */
  setFilter(config: SuppressConfig): void {
    const matrix = config.matrix === null ? null : suppressWindows(config.matrix);
    // The kernel takes the new matrix from its second slot when the mode takes over.
    if (matrix !== null) this.u8.set(matrix, pointer(this.exports.matrixPointer()) + 96);
    this.exports.setFilter(FILTER_TYPE[config.type], config.pre, config.window, config.post, matrix !== null);
  }

  /** Bytes of the memory. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }
}

/** A kernel pointer as an unsigned byte offset (wasm returns i32). */
export function pointer(p: number): number {
  return p >>> 0;
}
