import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

it('runs the README example', async () => {
  const lines = await runReadmeExample(import.meta.dirname);
  expect(lines.some((l) => /^0\.010 s: [\d.e-]+ A, [\d.e-]+ C$/.test(l))).toBe(true);
  expect(lines.some((l) => l.startsWith('mean current'))).toBe(true);
  expect(lines).toContain('100 rows');
  expect(lines).toContain('1000 samples copied without allocating');
});
