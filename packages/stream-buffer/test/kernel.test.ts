// The kernel as shipped: its inlined bytes are what the AssemblyScript sources compile to, it
// loads with no fetch, and a runtime without WebAssembly SIMD, or one that refuses to compile
// synchronously, gets a StreamBufferKernelError that says what to do.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Package from '../src/index';
import { compileKernel, kernelModuleSource } from '../scripts/build-kernel';
import { STREAM_BUFFER_WASM_BASE64 } from '../src/_stream-buffer-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The WebAssembly names used here (the ES library types do not declare them).
interface WasmLike {
  Module: { new (bytes: Uint8Array): object; imports(m: object): { module: string; name: string; kind: string }[] };
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  Instance: unknown;
  Memory: unknown;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmLike }).WebAssembly;

describe('the kernel bytes', () => {
  it('match a fresh compile of assembly/stream-buffer (run `pnpm build` after changing it)', { timeout: 120_000 }, async () => {
    const bytes = await compileKernel();
    expect(readFileSync(join(import.meta.dirname, '../src/_stream-buffer-wasm.ts'), 'utf8')).toBe(kernelModuleSource(bytes));
    expect(Buffer.from(STREAM_BUFFER_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });

  it('import only their memory and the entry callback', () => {
    const module = new wasm.Module(Buffer.from(STREAM_BUFFER_WASM_BASE64, 'base64'));
    expect(wasm.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`).sort()).toEqual(['env.memory:memory', 'env.onEntry:function']);
  });
});

describe('where the kernel cannot run', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  async function fresh(): Promise<typeof Package> {
    vi.resetModules();
    return import('../src/index');
  }

  it('says that WebAssembly is missing', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const { StreamBuffer, StreamBufferKernelError } = await fresh();
    expect(() => new StreamBuffer(0.01, [10])).toThrow(StreamBufferKernelError);
    expect(() => new StreamBuffer(0.01, [10])).toThrow(/no WebAssembly/);
  });

  it('says that WebAssembly SIMD is missing', async () => {
    vi.stubGlobal('WebAssembly', { ...wasm, validate: () => false });
    const { StreamBuffer, StreamBufferKernelError } = await fresh();
    expect(() => new StreamBuffer(0.01, [10])).toThrow(StreamBufferKernelError);
    expect(() => new StreamBuffer(0.01, [10])).toThrow(/without SIMD/);
  });

  it('says when a content security policy forbids WebAssembly', async () => {
    const Module = function (): never {
      throw new Error("WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source");
    };
    const compile = (): Promise<never> => Promise.reject(new Error('Refused to compile'));
    vi.stubGlobal('WebAssembly', Object.assign(Object.create(wasm) as object, { Module, compile }));
    const { StreamBuffer, StreamBufferKernelError } = await fresh();
    expect(() => new StreamBuffer(0.01, [10])).toThrow(StreamBufferKernelError);
    expect(() => new StreamBuffer(0.01, [10])).toThrow(/wasm-unsafe-eval/);
    await expect(StreamBuffer.ready()).rejects.toThrow(StreamBufferKernelError);
  });

  it('asks for StreamBuffer.ready() where synchronous compiling is refused, and works after it', async () => {
    const real = wasm;
    // A browser main thread: `new WebAssembly.Module(bytes)` of a large module is a RangeError.
    const Module = function (): never {
      throw new RangeError('WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 8MB');
    };
    vi.stubGlobal('WebAssembly', Object.assign(Object.create(real) as object, { Module }));
    const { StreamBuffer, StreamBufferKernelError } = await fresh();
    expect(() => new StreamBuffer(0.01, [10])).toThrow(StreamBufferKernelError);
    expect(() => new StreamBuffer(0.01, [10])).toThrow(/await StreamBuffer\.ready\(\)/);
    await StreamBuffer.ready();
    await StreamBuffer.ready(); // idempotent
    const b = new StreamBuffer(0.01, [10]);
    b.insertRaw(new Uint16Array(200));
    b.process();
    expect(b.status().sampleId).toBe(100);
  });
});
