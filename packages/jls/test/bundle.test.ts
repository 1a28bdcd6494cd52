// The main entry bundles for the browser with no Node.js module reachable: Node file access is
// looked up at call time (process.getBuiltinModule), never imported.
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

describe('browser bundle of @joulescope/jls', () => {
  it('esbuild, platform browser, no externals: no Node module, no import left', async () => {
    const result = await build({
      stdin: { contents: "export * from '@joulescope/jls';\n", resolveDir: import.meta.dirname, loader: 'ts' },
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
    expect(inputs.some((p) => p.endsWith('src/reader.ts'))).toBe(true);
    expect(inputs.filter((p) => BUILTINS.has(p) || p.includes('node:'))).toEqual([]);
    expect(Object.values(result.metafile.outputs).flatMap((o) => o.imports)).toEqual([]);
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/\bimport\s*\(|\brequire\s*\(|from\s*["']node:/);
  });

  it('a path in a browser gives a TypeError that says what to pass instead', async () => {
    const { JlsReader, JlsWriter } = await import('../src/index');
    const holder = process as { getBuiltinModule?: unknown };
    const saved = holder.getBuiltinModule;
    holder.getBuiltinModule = undefined;
    try {
      await expect(JlsReader.open('x.jls')).rejects.toThrow(/Blob, File/);
      await expect(JlsWriter.open('x.jls')).rejects.toThrow(/JlsSink/);
    } finally {
      holder.getBuiltinModule = saved;
    }
  });
});
