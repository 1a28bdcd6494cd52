// The library bundles for the browser with esbuild (platform browser, no externals) and pulls
// in no Node.js builtin, no `usb`, no CLI; the bundle then runs the emulated JS110.
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type * as Joulescope from '../src/index';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const NODE_ONLY = /node_modules\/(usb|commander)\/|src\/cli\/|src\/bin\.ts|driver\/src\/(node|node-provider|libusb|_libusb-device)\.ts|^node:/;

describe('a browser bundle of joulescope', () => {
  it('has no Node-only module and streams the emulated JS110', async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, '../src/index.ts')],
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
    expect(inputs).toContain('src/device.ts');
    expect(inputs.some((p) => p.endsWith('jls/src/recorder.ts'))).toBe(true);
    expect(inputs.some((p) => p.endsWith('stream-buffer/src/downsampling-stream-buffer.ts'))).toBe(true);
    expect(inputs.filter((p) => NODE_ONLY.test(p) || BUILTINS.has(p))).toEqual([]);
    expect(Object.values(result.metafile.outputs).flatMap((o) => o.imports)).toEqual([]);
    const [output] = result.outputFiles;
    // The one import left is the computed one of the Node provider, never reached in a browser.
    expect([...output.text.matchAll(/\b(?:import|require)\s*\(\s*["']([^"']+)["']/g)].map((m) => m[1])).toEqual([]);

    const dir = mkdtempSync(join(tmpdir(), 'joulescope-bundle-'));
    try {
      const file = join(dir, 'joulescope.mjs');
      writeFileSync(file, output.text);
      const js = (await import(pathToFileURL(file).href)) as typeof Joulescope;
      const device = await js.open(undefined, { emulated: { pacing: 'fast', serialNumber: 'BUNDLE' } });
      try {
        await device.parameterSet('buffer_duration', 1);
        const r = await device.read({ samples: 10_000 });
        expect(r.current.length).toBe(10_000);
        expect(r.calibrated).toBe(true);
      } finally {
        await device.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
