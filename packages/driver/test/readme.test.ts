import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

// The README's emulator example must run as written.
it('runs the README emulator example', async () => {
  const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('new EmulatedJs110('));
  expect(lines[0]).toBe('Joulescope:EMU001 calibration signed: true');
  expect(lines[1]).toBe('stopped by the consumer: true');
  const range = /^current from ([\d.]+) µA to ([\d.]+) mA$/.exec(lines[2]);
  expect(range).not.toBeNull();
  expect(Number(range?.[1])).toBeGreaterThan(1);
  expect(Number(range?.[1])).toBeLessThan(6);
  expect(Number(range?.[2])).toBeGreaterThan(30);
  expect(Number(range?.[2])).toBeLessThan(34);
});
