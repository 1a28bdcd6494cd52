// Compiles the StreamBuffer kernel (assembly/stream-buffer/) with the AssemblyScript compiler
// and writes its bytes, base64, into src/_stream-buffer-wasm.ts: the package then loads it in
// Node and in browser bundles with no fetch. Run by `pnpm build` (and `pnpm kernel`);
// `--check` exits 1 when the file is not what the sources compile to.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import asc from 'assemblyscript/asc';

const root = join(import.meta.dirname, '..');
export const KERNEL_SOURCE = join(root, 'assembly/stream-buffer/index.ts');
export const KERNEL_MODULE = join(root, 'src/_stream-buffer-wasm.ts');

/** SIMD; no runtime (the host owns and imports the memory); no abort import; -O3. */
const FLAGS = ['--enable', 'simd', '--runtime', 'stub', '--noAssert', '--importMemory', '--noExportMemory', '--use', 'abort=', '-O3', '--converge'];

export async function compileKernel(): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const { error, stderr } = await asc.main([KERNEL_SOURCE, ...FLAGS, '--outFile', 'stream-buffer.wasm'], {
    writeFile(name: string, contents: Uint8Array | string) {
      if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
    },
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${(stderr as { toString(): string }).toString()}`);
  if (binary === null) throw new Error('asc wrote no .wasm');
  return binary;
}

/** The source of src/_stream-buffer-wasm.ts for `bytes`. */
export function kernelModuleSource(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 100) lines.push(`  '${b64.slice(i, i + 100)}'`);
  return [
    '// Generated from assembly/stream-buffer/ by scripts/build-kernel.ts (`pnpm build`); do not edit.',
    '// A test checks that it matches a fresh compile.',
    '',
    '/** The StreamBuffer kernel: WebAssembly with SIMD, base64. */',
    'export const STREAM_BUFFER_WASM_BASE64 =',
    `${lines.join(' +\n')};`,
    '',
  ].join('\n');
}

function current(): string | null {
  try {
    return readFileSync(KERNEL_MODULE, 'utf8');
  } catch {
    return null;
  }
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith('build-kernel.ts')) {
  const source = kernelModuleSource(await compileKernel());
  if (process.argv.includes('--check')) {
    if (current() !== source) {
      process.stderr.write(`${KERNEL_MODULE} is stale: run pnpm --filter @joulescope/stream-buffer build\n`);
      process.exit(1);
    }
  } else if (current() !== source) {
    writeFileSync(KERNEL_MODULE, source);
    console.log(`wrote ${KERNEL_MODULE} (${String(source.length)} characters)`);
  }
}
