// Runs each example as a program, on the emulated JS110 in real time, and checks what it prints.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'joulescope-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(example: string, ...args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', join(import.meta.dirname, '..', example), ...args], {
    cwd: join(import.meta.dirname, '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n');
}

// The emulator runs in real time: on a loaded machine some packets may be lost (as on a real
// JS110 whose host stalls), so the values are checked elsewhere; here the programs' output.
describe('examples', () => {
  it('statistics.ts prints twice per second, then the totals', () => {
    const lines = run('statistics.ts', '2');
    expect(lines).toHaveLength(5);
    lines.slice(0, 4).forEach((l, n) => expect(l).toMatch(new RegExp(`^${((n + 1) / 2).toFixed(1)} s  I \\d\\.\\d{3} mA \\(max \\d+\\.\\d mA\\)  P \\d\\.\\d{3} mW  Q \\d\\.\\d{3} mC$`)));
    expect(lines[4]).toMatch(/^4 updates, mean \d\.\d{3} mA, \d+ samples missing$/);
  });

  it('read.ts reads exactly the samples asked for', () => {
    const lines = run('read.ts', '0.25');
    expect(lines[0]).toBe('500000 samples in 0.25 s');
    expect(lines[1]).toMatch(/^current [\d.]+ µA to [\d.]+ [µm]A, charge [\d.]+ µC, mean voltage 3\.\d{3} V$/);
  });

  it('capture.ts writes CSV and JLS files of exactly the duration', () => {
    const csv = join(dir, 'a.csv');
    expect(run('capture.ts', csv, '0.25')[0]).toMatch(/a\.csv: 500000 samples, \d+ missing, charge/);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(500_001);
    const jls = join(dir, 'a.jls');
    expect(run('capture.ts', jls, '0.25')[0]).toMatch(/a\.jls: 500000 samples/);
    expect(statSync(jls).size).toBeGreaterThan(500_000 * 12);
  });

  it('long-log.ts keeps an hour at 1 kHz and queries it as it fills', () => {
    const lines = run('long-log.ts', '2');
    expect(lines[0]).toBe('3600000 samples of history at 1000 Hz');
    expect(lines.slice(1)).toHaveLength(20);
    // The 1 kHz samples trail the 2 MHz stream by the decimation filters' delay.
    const m = /^samples (\d+) to (\d+): mean \d\.\d{3} mA$/.exec(lines[20] ?? '');
    expect(Number(m?.[2]) - Number(m?.[1])).toBe(100);
    expect(Number(m?.[2])).toBeGreaterThan(1900);
    expect(Number(m?.[2])).toBeLessThanOrEqual(2000);
  });
});
