import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

// The README's examples must run as written and print what they say.
it('runs the samples example', async () => {
  const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('new UsbBulkProcessor()'));
  const m = /^(\d+) samples, (\S+) A, (\S+) V$/.exec(lines[0] ?? '');
  expect(m).not.toBeNull();
  // 252 samples in; the default filter holds the first 8 at stream start and releases them with the 9th.
  expect(Number(m?.[1])).toBe(252);
  expect(Number(m?.[2])).toBeCloseTo((5000 - 2822.6) * 1.4937617e-6, 7);
  expect(Number(m?.[3])).toBeCloseTo((9000 - 1150.6) * 0.00094681, 3);
});

it('runs the calibration example', async () => {
  const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('serializeCalibration(cal'));
  expect(lines).toEqual(['0123456789abcdef0123456789abcdef true verified 0 NaN', 'untrusted_key']);
});

it('runs the datafile example', async () => {
  const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('new DatafileWriter()'));
  expect(lines).toEqual(['SGS 0 40 ', 'HDR 0 40 ', 'CLS 0 26 ', 'ABN 1 4096 ', 'CLE 0 0 ', 'SGE 0 64 verified', 'END 0 0 ']);
});
