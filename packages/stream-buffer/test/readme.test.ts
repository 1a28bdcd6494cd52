import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

it('runs the README example', async () => {
  const lines = await runReadmeExample(import.meta.dirname);
  expect(lines.some((l) => l.startsWith('0.010 s:'))).toBe(true);
  expect(lines.some((l) => l.startsWith('mean current'))).toBe(true);
  expect(lines).toContain('100 rows');
});
