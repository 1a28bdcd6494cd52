import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';

// The README's emulator example must run as written.
it('runs the README emulator example', async () => {
  const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const code = blocks.find((b) => b.includes('new EmulatedJs110('));
  expect(code).toBeDefined();
  const dir = mkdtempSync(join(import.meta.dirname, '.readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, code ?? '');
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    await import(file);
  } finally {
    log.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  }
  expect(lines[0]).toBe('Joulescope:EMU001 calibration signed: true');
  expect(lines[1]).toBe('stopped by the consumer: true');
  const range = /^current from ([\d.]+) µA to ([\d.]+) mA$/.exec(lines[2]);
  expect(range).not.toBeNull();
  expect(Number(range?.[1])).toBeGreaterThan(1);
  expect(Number(range?.[1])).toBeLessThan(6);
  expect(Number(range?.[2])).toBeGreaterThan(30);
  expect(Number(range?.[2])).toBeLessThan(34);
});
