import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

const blocks = [...readFileSync(join(import.meta.dirname, '../README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  it('type-check as written, with the strict options of `tsc --init` (noUncheckedIndexedAccess on)', () => {
    expect(blocks.length).toBe(4);
    const dir = mkdtempSync(join(import.meta.dirname, '.readme-types-'));
    try {
      const files = blocks.map((code, i) => {
        const file = join(dir, `block-${String(i)}.ts`);
        writeFileSync(file, code);
        return file;
      });
      const program = ts.createProgram(files, {
        // tsc --init (TypeScript 6), with bundler resolution to reach this workspace's sources
        target: ts.ScriptTarget.ESNext,
        module: ts.ModuleKind.Preserve,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        customConditions: ['source'],
        lib: ['lib.esnext.d.ts', 'lib.dom.d.ts', 'lib.dom.asynciterable.d.ts'],
        types: ['node', 'w3c-web-usb'],
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        noUncheckedSideEffectImports: true,
        moduleDetection: ts.ModuleDetectionKind.Force,
        skipLibCheck: true,
        noEmit: true,
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file === undefined || files.includes(d.file.fileName))
        .map((d) => {
          const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
          const name = d.file ? d.file.fileName.slice(dir.length + 1) : '';
          return `${name}:${where ? String(where.line + 1) : '?'} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        });
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the Node example (no JS110 here: it says so)', async () => {
    const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('nodeUsbProvider()'));
    expect(lines.at(-1)).toBe('no JS110 attached');
    expect(lines[0]).toMatch(/^info scan \(node\): no JS110 attached/);
  });

  it('runs the parameters example', async () => {
    const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes("parameterSet('i_range', '18 mA')"));
    expect(lines).toEqual(['5V 8', '0 3300 2019-01-01T00:00:00.000Z']);
  });

  // The README's emulator example must run as written.
  it('runs the emulator example', async () => {
    const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('EMULATOR_PUBLIC_KEY'));
    expect(lines[0]).toBe('Joulescope:EMU001 calibration signed: true');
    expect(lines[1]).toBe('stopped by the consumer: true');
    const range = /^current from ([\d.]+) µA to ([\d.]+) mA$/.exec(lines[2] ?? '');
    expect(range).not.toBeNull();
    expect(Number(range?.[1])).toBeGreaterThan(1);
    expect(Number(range?.[1])).toBeLessThan(6);
    expect(Number(range?.[2])).toBeGreaterThan(30);
    expect(Number(range?.[2])).toBeLessThan(34);
  });
});
