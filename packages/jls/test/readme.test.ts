import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runReadmeExample } from '../../../readme-example.ts';

// The examples write into the temporary directory.
afterAll(() => {
  for (const name of ['example.jls', 'capture.jls']) rmSync(join(tmpdir(), name), { force: true });
});

// The README's examples must run as written.
it('runs the README write-and-read example', async () => {
  const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('JlsWriter.open(path)'));
  expect(lines).toEqual([
    'current: 2000000 samples at 2000000 Hz, A',
    'mean 0.001000 A, std 0.000354 A, range 0.000500 .. 0.001500 A',
    '100 rows; first mean 0.001023 A',
    'samples 0.001421 0.001421 0.001421',
    'vmarker 1 at 1000000',
  ]);
});

it('runs the README recorder example', async () => {
  const lines = await runReadmeExample(import.meta.dirname, (b) => b.includes('Js110Recorder.open(path'));
  expect(lines).toEqual(['JS110-000415 current:f32 voltage:f32 power:f32 current_range:u8 gpi[0]:u1 gpi[1]:u1']);
});
