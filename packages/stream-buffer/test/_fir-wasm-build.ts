// Compiles assembly/fir.ts (the decimator kernel) with the AssemblyScript compiler. The test
// checks that src/_fir-wasm-bytes.ts holds exactly these bytes; after changing the kernel run
// `node --import tsx test/_fir-wasm-build.ts --write` to regenerate that file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import asc from 'assemblyscript/asc';

const root = join(import.meta.dirname, '..');
const BYTES_FILE = join(root, 'src/_fir-wasm-bytes.ts');

/** The compiler flags: SIMD, no runtime (the host owns the memory and imports it), -O3. */
const FLAGS = ['--enable', 'simd', '--runtime', 'stub', '--noAssert', '--importMemory', '--noExportMemory', '--use', 'abort=', '-O3'];

export async function compileFirWasm(): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main([join(root, 'assembly/fir.ts'), ...FLAGS, '--outFile', 'fir.wasm'], {
    stderr,
    writeFile(name, contents) {
      if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
    },
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
  if (binary === null) throw new Error('asc wrote no .wasm');
  return binary;
}

/** The TypeScript source of src/_fir-wasm-bytes.ts for `bytes`. */
export function bytesModule(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 96) lines.push(`  '${b64.slice(i, i + 96)}'`);
  return [
    '// Generated from assembly/fir.ts by `node --import tsx test/_fir-wasm-build.ts --write`; do not edit.',
    '// A test checks that it matches a fresh compile.',
    '',
    '/** The WebAssembly SIMD decimator kernel, base64. */',
    'export const FIR_WASM_BASE64 =',
    `${lines.join(' +\n')};`,
    '',
  ].join('\n');
}

if (process.argv.includes('--write')) {
  writeFileSync(BYTES_FILE, bytesModule(await compileFirWasm()));
  console.log(`wrote ${BYTES_FILE}`);
}
