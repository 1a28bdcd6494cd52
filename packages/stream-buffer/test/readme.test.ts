import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';

// The README's example must run as written.
it('runs the README example', async () => {
  const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
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
  expect(lines.some((l) => l.startsWith('0.010 s:'))).toBe(true);
  expect(lines.some((l) => l.startsWith('mean current'))).toBe(true);
  expect(lines).toContain('100 rows');
});
