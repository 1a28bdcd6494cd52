// The `joulescope` command as a subprocess on the emulated JS110 (real time): JSON statistics,
// captures with exact row counts, Ctrl-C keeping a valid file, exit codes.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, runCli, startCli } from './_cli';

const dir = mkdtempSync(join(tmpdir(), 'joulescope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NO_STACK = /\n\s+at /;

describe('joulescope statistics', () => {
  it('--emulated --duration 3 --json streams 6 updates over about 3 s, then a summary on stderr', async () => {
    const run = await runCli(['statistics', '--emulated', '--duration', '3', '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    const updates = lines.map((l) => JSON.parse(l) as { time: { sampleRange: [number, number] }; signals: Record<string, { mean: number; std: number; min: number; max: number; units: string }>; accumulators: { charge: { value: number; units: string; pico: string } }; calibrated: boolean });
    updates.forEach((u, n) => {
      expect(u.time.sampleRange).toEqual([n * 1e6, (n + 1) * 1e6]);
      expect(u.signals.current.units).toBe('A');
      expect(u.signals.voltage.mean).toBeCloseTo(3.3, 1);
      expect(u.signals.current.std).toBeGreaterThan(0);
      expect(BigInt(u.accumulators.charge.pico)).toBeGreaterThan(0n);
      expect(u.calibrated).toBe(true);
    });
    // Real time: the last update covers samples up to 3 s, so it cannot come much sooner.
    expect(run.ms).toBeGreaterThan(2900);
    expect(run.ms).toBeLessThan(15_000);
    expect(run.stderr).toMatch(/^summary: 6 updates at 2 Hz over 3\.0 s \(samples 0 to 6000000; \d+ missing\)/);
  });

  it('keeps up at --frequency 1000: exactly 1000 updates per second of samples', async () => {
    const run = await runCli(['statistics', '--emulated', '--duration', '1', '--frequency', '1 kHz', '--json']);
    expect(run.code).toBe(0);
    const ends = run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { time: { sampleRange: number[] } }).time.sampleRange[1]);
    expect(ends).toEqual(Array.from({ length: 1000 }, (_, k) => (k + 1) * 2000));
    // (Samples may go missing when the test machine is busy: the update count stays exact.)
    expect(run.stderr).toMatch(/^summary: 1000 updates at 1000 Hz over 1\.0 s \(samples 0 to 2000000; \d+ missing\)/);
  });

  it('Ctrl-C stops cleanly: the summary, exit 130, no stack trace', async () => {
    let sent = false;
    const { done } = startCli(['statistics', '--emulated', '--json'], {
      onStdout: (_text, child) => {
        if (!sent) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    const run = await done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/^summary: 1 update at 2 Hz over 0\.5 s/);
    expect(run.stderr).not.toMatch(NO_STACK);
  });
});

describe('joulescope capture', () => {
  it('writes a CSV file with exactly duration × 2 MHz rows', async () => {
    const out = join(dir, 'a.csv');
    const run = await runCli(['capture', '--emulated', '--duration', '0.5', '--out', out]);
    expect(run.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('time (s),current (A),voltage (V),power (W),current_range,current_lsb,voltage_lsb');
    expect(lines.length - 2).toBe(1_000_000);
    expect(lines[lines.length - 1]).toBe('');
    expect(lines[1_000_000]).toMatch(/^0\.4999995,/);
    expect(run.stdout).toMatch(/a\.csv: 1000000 samples at 2000000 Hz, 0\.5 s\n\s+missing \d+ samples\n\s+mean current .* mean power .*\n\s+charge .* energy /);
  });

  it('writes .raw words (4 bytes per sample) and downsampled CSV rows', async () => {
    const raw = join(dir, 'b.raw');
    expect((await runCli(['capture', '--emulated', '--duration', '0.25', '--out', raw])).code).toBe(0);
    expect(statSync(raw).size).toBe(4 * 500_000);
    const csv = join(dir, 'c.csv');
    expect((await runCli(['capture', '--emulated', '--duration', '1', '--sampling-frequency', '1kHz', '--out', csv])).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines.length - 1).toBe(1000);
    expect(lines[1000]).toMatch(/^0\.999,/);
  });

  it('Ctrl-C mid-capture keeps a valid file of whole rows and exits 130', async () => {
    const out = join(dir, 'interrupted.csv');
    const { child, done } = startCli(['capture', '--emulated', '--duration', '20', '--out', out]);
    // Interrupt once rows are being written (a busy machine starts the process slowly).
    for (let t = 0; t < 300 && !(existsSync(out) && statSync(out).size > 1_000_000); t++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    expect(run.stderr).not.toMatch(NO_STACK);
    const samples = Number(/(\d+) samples at/.exec(run.stdout)?.[1]);
    expect(samples).toBeGreaterThan(0);
    expect(samples).toBeLessThan(40_000_000);
    expect(run.stdout).toMatch(/stopped early/);
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n');
    expect(lines.length - 2).toBe(samples);
    expect(lines[samples]).toMatch(/^\d+\.\d{7},[^,]+,[^,]+,[^,]+,\d,[01],[01]$/);
  });
});

describe('joulescope scan and info', () => {
  it('scan --emulated lists the device with its firmware', async () => {
    const run = await runCli(['scan', '--emulated']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('EMU001  JS110  firmware 1.3.4, FPGA 0x00010005  (emulated)\n');
    const json = await runCli(['scan', '--emulated', '--serial', 'EMU777', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ serialNumber: 'EMU777', firmwareVersion: '1.3.4', emulated: true })]);
  });

  it('info --emulated shows the calibration: signed, date, serial', async () => {
    const run = await runCli(['info', '--emulated']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^serial number\s+EMU001\n/);
    expect(run.stdout).toMatch(/\ncalibration\s+signed: signed calibration of 2024-01-01\n/);
    expect(run.stdout).toMatch(/\n {2}serial\s+[0-9a-f]{32}\n {2}date\s+2024-01-01\n {2}version\s+1\.0\.0\n {2}signed\s+yes\n$/);
    const json = JSON.parse((await runCli(['info', '--emulated', '--json'])).stdout) as { calibration: { state: string; time: string } };
    expect(json.calibration).toMatchObject({ state: 'signed', time: '2024-01-01T00:00:00.000Z' });
  });

  it('a device error is its reason and exit 1 (no JS110 on USB here)', async () => {
    const run = await runCli(['info']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^joulescope: error: /);
    expect(run.stderr).not.toMatch(NO_STACK);
  });
});

describe('bad arguments: usage and exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['statistics', '--emulated', '--bogus'], /unknown option '--bogus'/],
    ['a statistics rate that does not exist', ['statistics', '--frequency', '3'], /expected one of 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 Hz, got "3"/],
    ['a negative duration', ['statistics', '--duration', '-1'], /expected a positive number of seconds/],
    ['an unknown sampling frequency', ['capture', '--duration', '1', '--out', 'x.csv', '--sampling-frequency', '3000'], /expected one of 2000000, 1000000/],
    ['a capture without --out', ['capture', '--duration', '1'], /required option '--out <file>' not specified/],
    ['a capture without --duration', ['capture', '--out', 'x.csv'], /required option '--duration <seconds>'/],
    ['an output of unknown type', ['capture', '--emulated', '--duration', '1', '--out', 'x.txt'], /--out must end in \.csv, \.raw, \.jls/],
    ['.raw downsampled', ['capture', '--emulated', '--duration', '1', '--out', 'x.raw', '--sampling-frequency', '1000'], /\.raw holds the 2 MHz raw words/],
    ['an extra argument', ['statistics', 'now'], /too many arguments/],
    ['an unknown command', ['measure'], /unknown command 'measure'/],
    ['no command', [], /Usage: joulescope/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(existsSync(join(PACKAGE_DIR, 'x.txt'))).toBe(false);
  });

  it('--help and --version exit 0; "--" before options is ignored (pnpm start -- --duration 1)', async () => {
    const help = await runCli(['statistics', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--sampling-frequency <hz>/);
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version);
    const passThrough = await runCli(['statistics', '--emulated', '--', '--duration', '0.5', '--json']);
    expect(passThrough.code).toBe(0);
    expect(passThrough.stdout.trim().split('\n')).toHaveLength(1);
  });
});

const BUILT = join(PACKAGE_DIR, 'dist/bin.js');
describe.runIf(existsSync(BUILT))('the built executable (dist/bin.js, after pnpm build)', () => {
  it('starts with a shebang, is executable, and runs', async () => {
    expect(readFileSync(BUILT, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BUILT).mode & 0o111).not.toBe(0);
    const run = await runCli(['scan', '--emulated'], BUILT);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^EMU001 {2}JS110/);
  });
});
