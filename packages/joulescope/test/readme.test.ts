// The README's examples: all type-check as written under the strict options of `tsc --init`;
// the Node ones run and print what the README says they do.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

const blocks = [...readFileSync(join(import.meta.dirname, '../README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  it('type-check with the strict options of tsc --init (noUncheckedIndexedAccess, exactOptionalPropertyTypes)', () => {
    expect(blocks.length).toBe(3);
    const dir = mkdtempSync(join(import.meta.dirname, '.readme-types-'));
    try {
      const files = blocks.map((code, i) => {
        const file = join(dir, `block-${String(i)}.ts`);
        writeFileSync(file, code);
        return file;
      });
      const program = ts.createProgram(files, {
        target: ts.ScriptTarget.ESNext,
        module: ts.ModuleKind.Preserve,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        customConditions: ['source'],
        lib: ['lib.esnext.d.ts', 'lib.dom.d.ts', 'lib.dom.asynciterable.d.ts'],
        types: ['node'],
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        moduleDetection: ts.ModuleDetectionKind.Force,
        skipLibCheck: true,
        noEmit: true,
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file === undefined || files.includes(d.file.fileName))
        .map((d) => `${d.file?.fileName.slice(dir.length + 1) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the read and statistics example', async () => {
    const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('device.read({ duration: 0.1 })'));
    expect(lines[0]).toBe('EMU001: calibration signed');
    expect(lines[1]).toMatch(/^200000 samples, peak 3\d\.\d\d mA$/);
    expect(lines.slice(2)).toHaveLength(3);
    lines.slice(2).forEach((l, n) => expect(l).toMatch(new RegExp(`^${String((n + 1) * 0.5)}(\\.0)? s: \\d\\.\\d{3} mA at 3\\.\\d{3} V, \\d\\.\\d{3} mC$`)));
  });

  it('runs the capture example', async () => {
    const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('jlsWriter('));
    expect(lines[0]).toMatch(/^1000000 samples, mean \d\.\d{3} mA, 0 missing$/);
    expect(lines.slice(1)).toEqual([
      'current: 1000000 samples at 2000000 Hz',
      'voltage: 1000000 samples at 2000000 Hz',
      'power: 1000000 samples at 2000000 Hz',
      'current_range: 1000000 samples at 2000000 Hz',
      'gpi[0]: 1000000 samples at 2000000 Hz',
      'gpi[1]: 1000000 samples at 2000000 Hz',
    ]);
  });
});
