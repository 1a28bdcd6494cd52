// The CLI in this process (main() with captured outputs): the terminal displays, the JLS info,
// and the formatting helpers, which the subprocess tests only see from outside.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main';
import type { CliIo } from '../src/cli/_io';
import { Multimeter, multimeterLines } from '../src/cli/multimeter';
import { progressText } from '../src/cli/progress-bar';
import { duration, si } from '../src/cli/_si';
import { summaryText } from '../src/cli/statistics-command';
import { parseSamplingFrequency, parseSeconds, parseStatisticsFrequency } from '../src/cli/_arguments';
import { scan } from '../src/index';
import type { DeviceStatistics } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'joulescope-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(tty = false, interrupt = new AbortController().signal): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t) => void (out += t), isTTY: tty, columns: 100 },
    stderr: { write: (t) => void (err += t), isTTY: tty, columns: 100 },
    interrupt,
    out: () => out,
    err: () => err,
  };
}

describe('main() in-process', () => {
  it('draws the live multimeter in place on a terminal, then the summary below it', async () => {
    const t = io(true);
    expect(await main(['statistics', '--emulated', '--duration', '1', '--frequency', '10'], t)).toBe(0);
    const out = t.out();
    expect(out.startsWith('\x1b[?25l')).toBe(true);
    expect(out).toContain('\x1b[7A'); // redrawn in place: up 7 lines
    expect(out).toMatch(/EMU001 \(emulated\) {2}10 Hz {2}calibration signed {2}1\.0 s/);
    expect(out).toMatch(/current +\d+\.\d{4} mA/);
    expect(out).toContain('\x1b[?25h\nsummary: 10 updates at 10 Hz over 1.0 s');
    expect(t.err()).toBe('');
  });

  it('a capture to JLS, then info FILE.jls in text and JSON', async () => {
    const file = join(dir, 'r.jls');
    const t = io(true);
    expect(await main(['capture', '--emulated', '--duration', '0.2', '--out', file], t)).toBe(0);
    expect(t.err()).toMatch(/\[#+\] 100%/);
    expect(t.out()).toMatch(/r\.jls: 400000 samples at 2000000 Hz, 0\.2 s/);
    const info = io();
    expect(await main(['info', file], info)).toBe(0);
    expect(info.out()).toMatch(/^.*r\.jls\nsource 1 {2}JS110-EMU001 {2}\(Jetperch LLC JS110, serial EMU001, version \{"hw": "H", "fw": "1\.3\.4", "fpga": "0x00010005"\}\)\n/);
    expect(info.out()).toMatch(/signal 1 {2}current {2}f32 {2}2 MHz {2}400000 samples {2}0\.2 s\n {4}mean [\d.]+ [mµ]A/);
    expect(info.out()).toMatch(/signal 6 {2}gpi\[1\] {2}u1/);
    const json = io();
    expect(await main(['info', file, '--json'], json)).toBe(0);
    const contents = JSON.parse(json.out()) as { signals: { name: string; length: number; duration: number }[] };
    expect(contents.signals.map((s) => [s.name, s.length, s.duration])).toEqual(
      ['current', 'voltage', 'power', 'current_range', 'gpi[0]', 'gpi[1]'].map((n) => [n, 400_000, 0.2]),
    );
  });

  it('info and scan of the emulated JS110, as text and JSON', async () => {
    const t = io();
    expect(await main(['info', '--emulated', '--serial', 'INFO1'], t)).toBe(0);
    expect(t.out()).toMatch(/^serial number {4}INFO1\nmodel {12}JS110 \(emulated\)\nhardware serial {2}[0-9a-f]{32}\nfirmware {9}1\.3\.4\n/);
    const json = io();
    expect(await main(['info', '--emulated', '--json'], json)).toBe(0);
    const details = JSON.parse(json.out()) as { calibration: Record<string, unknown>; firmwareVersion: string };
    expect(details.firmwareVersion).toBe('1.3.4');
    expect(details.calibration).not.toHaveProperty('values');
    const list = io();
    expect(await main(['scan', '--emulated'], list)).toBe(0);
    expect(list.out()).toBe('EMU001  JS110  firmware 1.3.4, FPGA 0x00010005  (emulated)\n');
  });

  it('usage errors found by a command (the output type) are exit 2, before any device is opened', async () => {
    const t = io();
    expect(await main(['capture', '--duration', '1', '--out', join(dir, 'x.txt')], t)).toBe(2);
    expect(t.err()).toMatch(/^joulescope: error: --out must end in \.csv, \.raw, \.jls, got ".*x\.txt"\n\(run with --help for usage\)\n$/);
    expect(await main(['statistics', '--frequency', 'x'], io())).toBe(2);
    expect(await main(['--help'], io())).toBe(0);
  });

  it('a downsampled JLS capture records the averaged range and inputs', async () => {
    const file = join(dir, 'd.jls');
    expect(await main(['capture', '--emulated', '--duration', '0.2', '--sampling-frequency', '10 kHz', '--out', file], io())).toBe(0);
    const info = io();
    expect(await main(['info', file, '--json'], info)).toBe(0);
    const contents = JSON.parse(info.out()) as { signals: { name: string; length: number; sampleRate: number; statistics: { min: number; max: number } }[] };
    expect(contents.signals.map((s) => [s.name, s.length, s.sampleRate])).toEqual(
      ['current', 'voltage', 'power', 'current_range', 'gpi[0]', 'gpi[1]'].map((n) => [n, 2000, 10_000]),
    );
    const range = contents.signals[3].statistics;
    expect(range.min).toBeGreaterThanOrEqual(0);
    expect(range.max).toBeLessThanOrEqual(8);
  });

  it('a missing or unreadable file is an error with its reason (exit 1)', async () => {
    const t = io();
    expect(await main(['info', join(dir, 'nope.jls')], t)).toBe(1);
    expect(t.err()).toMatch(/^joulescope: error: .*nope\.jls/);
  });

  it('an interrupt before streaming starts ends with 130 and an empty summary', async () => {
    const c = new AbortController();
    c.abort();
    const t = io(false, c.signal);
    expect(await main(['statistics', '--emulated'], t)).toBe(130);
    expect(t.err()).toBe('no statistics update arrived\n');
    const cap = io(false, c.signal);
    expect(await main(['capture', '--emulated', '--duration', '1', '--out', join(dir, 'x.csv')], cap)).toBe(130);
    expect(cap.out()).toMatch(/0 samples .*stopped early/);
  });

  it('scan of USB with no JS110 says so and what to check: the cable, the udev rule (exit 0)', async () => {
    const t = io();
    expect(await main(['scan'], t)).toBe(0);
    expect(t.out()).toMatch(/^no JS110 found\ncheck that the JS110 is plugged in with a data cable/);
    expect(t.out()).toContain('SUBSYSTEM=="usb", ATTRS{idVendor}=="16d0", ATTRS{idProduct}=="0e88", MODE="0666"');
    const serial = io();
    expect(await main(['scan', '--serial', 'X1'], serial)).toBe(0);
    expect(serial.out()).toMatch(/^no JS110 with serial number X1 found\n/);
    const json = io();
    expect(await main(['scan', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toEqual([]);
  });
});

describe('the USB path in a browser', () => {
  it('scans navigator.usb where it exists, and says there is no USB access where neither it nor Node is', async () => {
    vi.stubGlobal('navigator', { usb: { getDevices: () => Promise.resolve([]), addEventListener: () => undefined, removeEventListener: () => undefined } });
    try {
      expect(await scan()).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
    vi.stubGlobal('process', { ...process, versions: {} });
    let error: unknown;
    try {
      error = await scan().catch((e: unknown) => e);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('no WebUSB') as unknown });
  });
});

describe('formatting', () => {
  it('si() picks the prefix, keeps the width and marks non-SI and empty values', () => {
    expect(si(0.00123, 'A')).toBe('1.2300 mA');
    expect(si(3.3, 'V')).toBe('3.3000 V');
    expect(si(6e-6, 'A')).toBe('6.0000 µA');
    expect(si(-2e-9, 'W')).toBe('-2.0000 nW');
    expect(si(1e-15, 'C')).toBe('0.0010 pC');
    expect(si(2e6, 'Hz', 0)).toBe('2 MHz');
    expect(si(0, 'A')).toBe('0.0000 A');
    expect(si(NaN, 'A')).toBe('— A');
    expect(si(1234.5, 'LSB')).toBe('1234.5000 LSB');
    expect(si(3, '')).toBe('3.0000');
    expect(si(0.99999, 'A')).toBe('1.0000 A');
  });

  it('durations, progress', () => {
    expect(duration(3)).toBe('3.0 s');
    expect(duration(125)).toBe('2 min 05 s');
    expect(duration(3725)).toBe('1 h 02 min');
    expect(progressText(1e6, 2e6, 2e6)).toBe(`[${'#'.repeat(15)}${'.'.repeat(15)}]  50%  0.5 s / 1.0 s`);
    expect(progressText(4e6, null, 2e6)).toBe('2.0 s captured');
  });

  it('the multimeter marks raw codes, and draws at most 10 times a second', () => {
    const u = {
      time: { range: [0, 0.5], delta: 0.5, samples: 10, sampleRange: [0, 1e6] },
      signals: Object.fromEntries(['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'].map((n) => [n, { mean: 1, std: 0, variance: 0, min: 3, max: 3, p2p: 0, units: 'LSB' }])),
      accumulators: { charge: { value: 1, units: 'LSB·s', pico: 1n }, energy: { value: 1, units: 'LSB²·s', pico: 1n } },
      loss: { missing: 5, skips: 1, sync: 0 },
      calibrated: false,
    } as unknown as DeviceStatistics;
    const lines = multimeterLines('T', u);
    expect(lines[lines.length - 1]).toMatch(/^UNCALIBRATED/);
    expect(lines[6]).toMatch(/18 mA {4}dropped 5 samples/);
    let written = '';
    let now = 0;
    const m = new Multimeter({ write: (t) => void (written += t), isTTY: true, columns: 80 }, 'T', () => now);
    m.update(u);
    now = 50;
    m.update(u); // too soon: not drawn
    expect(written.split('dropped').length - 1).toBe(1);
    now = 150;
    m.update(u);
    m.finish();
    expect(written.split('dropped').length - 1).toBe(2);
    expect(summaryText(null, 2)).toBe('no statistics update arrived\n');
  });

  it('argument parsers', () => {
    expect(parseSeconds('0.5')).toBe(0.5);
    expect(() => parseSeconds('')).toThrow(/positive number of seconds/);
    expect(() => parseSeconds('abc')).toThrow();
    expect(parseStatisticsFrequency('1k')).toBe(1000);
    expect(parseStatisticsFrequency('1 kHz')).toBe(1000);
    expect(parseStatisticsFrequency('50Hz')).toBe(50);
    expect(() => parseStatisticsFrequency('3')).toThrow();
    expect(parseSamplingFrequency('2M')).toBe(2e6);
    expect(parseSamplingFrequency('2 MHz')).toBe(2e6);
    expect(parseSamplingFrequency('500 kHz')).toBe(5e5);
    expect(parseSamplingFrequency('10')).toBe(10);
    expect(() => parseSamplingFrequency('5')).toThrow(/expected one of/);
    expect(() => parseSamplingFrequency('fast')).toThrow(/expected one of/);
  });
});
