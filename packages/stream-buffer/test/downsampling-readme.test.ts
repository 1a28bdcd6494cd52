import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

it('runs the README example of the DownsamplingStreamBuffer (one hour at 1 kHz)', async () => {
  const lines = await runReadmeExample(import.meta.dirname, (block) => block.includes('new DownsamplingStreamBuffer('));
  expect(lines).toEqual([
    '3600 s of 3600000 samples at 1000 Hz',
    '999 output samples, 99 statistics updates',
    'mean 1.943 mA, min -0.088 mA, max 3.175 mA',
    '90 rows, the 6th: 1.001 mA',
    'newest: 3.000 mA',
  ]);
});
