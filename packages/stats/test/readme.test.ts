import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

// The README's example must run as written and print what its comments say.
it('runs the README example', async () => {
  const lines = await runReadmeExample(import.meta.dirname);
  expect(lines).toEqual(['4 40 10', '3', '0 NaN', '{"count":5,"mean":4,"variance":10,"min":0,"max":8} A', '4']);
});
