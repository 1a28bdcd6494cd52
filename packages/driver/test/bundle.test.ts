// The main entry and /browser bundle for the browser with esbuild and with Vite, with no
// `external` setting, and pull in neither the `usb` package nor any Node.js builtin.
import { builtinModules } from 'node:module';
import { build as esbuild } from 'esbuild';
import { build as viteBuild, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

const ENTRY = "export * from '@joulescope/driver';\nexport * from '@joulescope/driver/browser';\n";
const CONDITIONS = ['source', 'browser', 'module', 'import', 'default'];
const NODE_ONLY = /node_modules\/usb\/|node-provider|libusb|emulat|node:/;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Import specifiers left in bundled code (static and dynamic): a self-contained bundle has none. */
function importsLeft(code: string): string[] {
  const statics = [...code.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm)];
  const calls = [...code.matchAll(/\b(?:import|require)\s*\(\s*["']([^"']+)["']/g)];
  return [...statics, ...calls].map((m) => m[1]);
}

describe('browser bundles of @joulescope/driver and @joulescope/driver/browser', () => {
  it('esbuild: bundles with platform browser and no externals', async () => {
    const result = await esbuild({
      stdin: { contents: ENTRY, resolveDir: import.meta.dirname, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      conditions: ['source'],
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith('src/js110.ts'))).toBe(true);
    expect(inputs.some((p) => p.endsWith('src/browser-provider.ts'))).toBe(true);
    expect(inputs.filter((p) => NODE_ONLY.test(p) || BUILTINS.has(p))).toEqual([]);
    const [output] = result.outputFiles;
    expect(Object.values(result.metafile.outputs).flatMap((o) => o.imports)).toEqual([]);
    expect(importsLeft(output.text)).toEqual([]);
  });

  it('Vite: builds the library with write: false and no externals', async () => {
    const virtual = '\0driver-bundle-entry';
    const result = await viteBuild({
      configFile: false,
      logLevel: 'silent',
      root: import.meta.dirname,
      resolve: { conditions: CONDITIONS },
      plugins: [
        {
          name: 'driver-bundle-entry',
          resolveId: (id) => (id.endsWith('driver-bundle-entry') ? virtual : null),
          load: (id) => (id === virtual ? ENTRY : null),
        },
      ],
      build: { write: false, minify: false, lib: { entry: 'driver-bundle-entry', formats: ['es'], fileName: 'driver' } },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
    const chunks = outputs.flatMap((o) => o.output).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
    expect(chunks.length).toBe(1);
    const [chunk] = chunks;
    const modules = Object.keys(chunk.modules);
    expect(modules.some((m) => m.endsWith('src/js110.ts'))).toBe(true);
    expect(modules.filter((m) => NODE_ONLY.test(m))).toEqual([]);
    expect([...chunk.imports, ...chunk.dynamicImports]).toEqual([]);
    expect(importsLeft(chunk.code)).toEqual([]);
  });
});
