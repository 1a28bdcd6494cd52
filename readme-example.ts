// Runs a package README's TypeScript example as written (for the packages' readme tests) and
// returns what it logged. The code is written next to the tests so that workspace packages
// resolve as they do for a user.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';

export async function runReadmeExample(testDir: string, pick: (block: string) => boolean = () => true): Promise<string[]> {
  const readme = readFileSync(join(testDir, '../README.md'), 'utf8');
  const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find(pick);
  if (code === undefined) throw new Error('the README has no matching ```ts example');
  const dir = mkdtempSync(join(testDir, '.readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, code);
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
  return lines;
}
