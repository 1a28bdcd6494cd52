/**
 * The demo in a real browser: builds the page for production, serves the static folder on a
 * free loopback port, drives Debian's Chromium (headless, a fresh profile, never a downloaded
 * browser) through the page as a user would, and checks what the issue lists. Prints the
 * measured figures (not asserted: the machine is shared) and "N passed, N failed".
 *
 *   pnpm test:e2e                  (DEMO_SCREENSHOT=1 also refreshes apps/demo/screenshot.png)
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { JlsReader } from '@joulescope/jls';
import { fixtureExpected } from './jls-fixture';
import { serveStatic } from './static-server';
import { browserPid, threadSeconds } from './thread-cpu';

const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(APP, 'test-output', 'e2e');
const FIXTURE = join(APP, 'e2e', 'fixtures', 'pyjls_small.jls');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const FS = 2_000_000;

const results: { name: string; ok: boolean; detail: string }[] = [];
/** The page under test, for a screenshot when a check fails. */
let current: Page | null = null;
const figures: [string, string][] = [];

async function check(name: string, fn: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  try {
    await fn();
    results.push({ name, ok: true, detail: '' });
    console.log(`  ok   ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, detail });
    console.log(`  FAIL ${name}: ${detail}`);
    const shot = join(OUT, `failed-${String(results.length)}.png`);
    await current?.screenshot({ path: shot }).catch(() => undefined);
    console.log(`       screenshot: ${shot}`);
  }
}

function figure(name: string, value: string): void {
  figures.push([name, value]);
  console.log(`  ---- ${name}: ${value}`);
}

/** Seconds summed over the thread entries whose key starts with `prefix`. */
function sum(cpu: Map<string, number>, prefix: string): number {
  let t = 0;
  for (const [k, v] of cpu) if (k.startsWith(prefix)) t += v;
  return t;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function value(page: Page, id: string): Promise<number> {
  const v = await page.locator(`#${id}`).getAttribute('data-value');
  return v === null ? NaN : Number(v);
}

/** `window.joulescopeDemo.snapshot()` (src/app.ts, DemoSnapshot). */
interface Snapshot {
  info: { name: string; samplingFrequency: number } | null;
  status: { streaming: boolean; held: [number, number]; sampleRate: number; missing: number; queryLoad: number } | null;
  view: { follow: boolean; start: number; stop: number };
  markers: [number, number] | null;
  lastView: { increment: number; held: [number, number]; capacity: number; markerRange: [number, number] | null } | null;
  frames: number;
  drawMs: number;
  firstDataMs: number | null;
}

/** Reads the page's state and applies `fn` to it here, in the test. */
async function state<T>(page: Page, fn: (h: Snapshot) => T): Promise<T> {
  return fn(await page.evaluate<Snapshot>('window.joulescopeDemo.snapshot()'));
}

/** Pixels of each plot canvas with a saturated colour: the signals (axes and grid are grey). */
async function signalPixels(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLCanvasElement>('#plots canvas')].map((c) => {
      const ctx = c.getContext('2d');
      if (ctx === null) return 0;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        const hi = Math.max(d[i], d[i + 1], d[i + 2]);
        const lo = Math.min(d[i], d[i + 1], d[i + 2]);
        if (d[i + 3] > 40 && hi - lo > 50) n++;
      }
      return n;
    }),
  );
}

async function overBox(page: Page, plot = 'current'): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator(`.plot-${plot} .u-over`).boundingBox();
  if (box === null) throw new Error(`no plot area for ${plot}`);
  return box;
}

async function waitFrames(page: Page, n: number): Promise<void> {
  const start = await state(page, (h) => h.frames);
  await page.waitForFunction(`window.joulescopeDemo.snapshot().frames >= ${String(start + n)}`, undefined, { timeout: 10_000 });
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    console.error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; a browser is never downloaded`);
    return 1;
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const t0 = performance.now();
  await build({ root: APP, logLevel: 'warn', build: { outDir: join(APP, 'dist'), emptyOutDir: true } });
  figure('production build', `${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { server, url } = await serveStatic(join(APP, 'dist'));
  const profile = mkdtempSync(join(tmpdir(), 'joulescope-demo-chromium-'));
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1480, height: 900 },
      acceptDownloads: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    current = page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await run(page, context, url, profile);
    await check('no errors on the page', () => {
      assert.deepEqual(errors, []);
      return Promise.resolve();
    });
  } finally {
    await context?.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log('\nmeasured:');
  for (const [k, v] of figures) console.log(`  ${k}: ${v}`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`\n${String(passed)} passed, ${String(failed)} failed`);
  return failed === 0 ? 0 : 1;
}

async function run(page: Page, context: BrowserContext, url: string, profile: string): Promise<void> {
  await check('loads and streams the emulated JS110', async () => {
    await page.goto(url);
    await page.waitForFunction('window.joulescopeDemo?.snapshot().firstDataMs != null', undefined, { timeout: 30_000 });
    const first = await state(page, (h) => h.firstDataMs);
    figure('page load to first data', `${(first ?? NaN).toFixed(0)} ms`);
    assert.match((await page.locator('#source-name').textContent()) ?? '', /Emulated JS110/);
  });

  await check('plots are drawn (signal pixels on every canvas)', async () => {
    await sleep(2500);
    const pixels = await signalPixels(page);
    assert.equal(pixels.length, 3);
    for (const n of pixels) assert.ok(n > 400, `signal pixels per canvas: ${pixels.join(', ')}`);
    await page.screenshot({ path: join(OUT, '1-streaming.png') });
    if (process.env.DEMO_SCREENSHOT === '1') copyFileSync(join(OUT, '1-streaming.png'), join(APP, 'screenshot.png'));
  });

  await check("multimeter shows finite values in the emulator's range", async () => {
    const mean = await value(page, 'meter-current-mean');
    const max = await value(page, 'meter-current-max');
    const min = await value(page, 'meter-current-min');
    const v = await value(page, 'meter-voltage-mean');
    const p = await value(page, 'meter-power-mean');
    const std = await value(page, 'meter-current-std');
    // 6 µA sleep, 8 mA CPU and 32 mA radio bursts every 100 ms, 3.3 V with 0.4 Ω droop.
    assert.ok(mean > 2e-4 && mean < 5e-3, `mean current ${String(mean)}`);
    assert.ok(max > 0.02 && max < 0.04, `max current ${String(max)}`);
    assert.ok(min > -1e-4 && min < 2e-5, `min current ${String(min)}`);
    assert.ok(std > 0 && Number.isFinite(std), `std ${String(std)}`);
    assert.ok(v > 3.28 && v < 3.302, `mean voltage ${String(v)}`);
    assert.ok(p > mean * 3.25 && p < mean * 3.31, `mean power ${String(p)}`);
    const charge = await value(page, 'charge');
    assert.ok(charge > 0, `charge ${String(charge)}`);
  });

  await check('streaming keeps up: measured frame rate, sample rate and worker CPU', async () => {
    const root = browserPid(profile);
    const h0 = await state(page, (h) => ({ frames: h.frames, drawMs: h.drawMs, held: h.status?.held[1] ?? 0, missing: h.status?.missing ?? 0 }));
    const cpu0 = root === null ? null : threadSeconds(root);
    const w0 = performance.now();
    await sleep(8000);
    const wall = (performance.now() - w0) / 1000;
    const h1 = await state(page, (h) => ({ frames: h.frames, drawMs: h.drawMs, held: h.status?.held[1] ?? 0, status: h.status }));
    const cpu1 = root === null ? null : threadSeconds(root);
    figure('plot frame rate while streaming', `${((h1.frames - h0.frames) / wall).toFixed(1)} fps, ${((h1.drawMs - h0.drawMs) / Math.max(1, h1.frames - h0.frames)).toFixed(1)} ms to draw a frame`);
    const rate = (h1.held - h0.held) / wall;
    const missing = (h1.status?.missing ?? 0) - h0.missing;
    figure('achieved sample rate', `${(rate / 1e6).toFixed(3)} MS/s (page: ${((h1.status?.sampleRate ?? 0) / 1e6).toFixed(3)} MS/s); missing samples: ${String(missing)} in these ${wall.toFixed(1)} s, ${String(h1.status?.missing)} since the start`);
    figure('worker time answering queries (page figure)', `${((h1.status?.queryLoad ?? NaN) * 100).toFixed(1)} %`);
    if (cpu0 !== null && cpu1 !== null) {
      const share = (name: string): string => `${((((cpu1.get(name) ?? 0) - (cpu0.get(name) ?? 0)) / wall) * 100).toFixed(1)} %`;
      figure('worker thread CPU share (/proc: renderer/DedicatedWorker)', share('renderer/DedicatedWorker'));
      figure('page main thread CPU share (/proc: renderer/chromium)', share('renderer/chromium'));
      figure('renderer process CPU share, all threads', `${((sum(cpu1, 'renderer/') - sum(cpu0, 'renderer/')) / wall * 100).toFixed(1)} %`);
    }
    if (root !== null) {
      // The same with the page in a background tab: no frames, so no queries; the worker only ingests.
      const other = await context.newPage();
      await other.bringToFront();
      await sleep(500);
      const c0 = threadSeconds(root);
      const t0 = performance.now();
      await sleep(5000);
      const c1 = threadSeconds(root);
      const w = (performance.now() - t0) / 1000;
      const k = 'renderer/DedicatedWorker';
      figure('worker thread CPU share, page in a background tab (ingest only)', `${((((c1.get(k) ?? 0) - (c0.get(k) ?? 0)) / w) * 100).toFixed(1)} %`);
      await other.close();
      await page.bringToFront();
    }
    // Lost packets are filled as missing samples, so sample ids advance at 2 MS/s even on a busy machine.
    assert.ok(rate > 1.5e6, `sample rate ${String(rate)}`);
  });

  await check('zooming changes the time axis and the row increment, down to single samples', async () => {
    const box = await overBox(page);
    const before = await state(page, (h) => ({ view: h.view, inc: h.lastView?.increment ?? NaN }));
    const axisBefore = await page.locator('#window-span').textContent();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.wheel(0, -400);
    await waitFrames(page, 3);
    const after = await state(page, (h) => ({ view: h.view, inc: h.lastView?.increment ?? NaN }));
    assert.ok(after.view.stop - after.view.start < (before.view.stop - before.view.start) / 1.5, 'the window narrowed');
    assert.ok(after.inc < before.inc, `increment ${String(before.inc)} → ${String(after.inc)}`);
    assert.notEqual(await page.locator('#window-span').textContent(), axisBefore);
    for (let k = 0; k < 40; k++) {
      await page.mouse.wheel(0, -600);
      await sleep(20);
    }
    await waitFrames(page, 3);
    const deep = await state(page, (h) => ({ view: h.view, inc: h.lastView?.increment ?? NaN }));
    assert.equal(deep.inc, 1, 'single samples at the deepest zoom');
    assert.ok(deep.view.stop - deep.view.start <= 16);
    await page.screenshot({ path: join(OUT, '2-single-samples.png') });
  });

  await check('markers give the statistics that statisticsGet gives for their range', async () => {
    await page.click('#pause');
    const box = await overBox(page);
    // A few milliseconds of history, between two bursts.
    await page.dblclick(`.plot-current .u-over`, { position: { x: box.width / 2, y: 20 } });
    for (let k = 0; k < 40; k++) await page.mouse.wheel(0, -120);
    await waitFrames(page, 2);
    await page.click('#markers');
    await waitFrames(page, 2);
    const marker = await page.locator('.plot-current .marker-1 span').boundingBox();
    assert.ok(marker !== null, 'marker 1 is shown');
    await page.mouse.move(marker.x + marker.width / 2, marker.y + marker.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.12, box.y + 10, { steps: 8 });
    await page.mouse.up();
    await waitFrames(page, 3);
    const markers = await state(page, (h) => h.markers);
    assert.ok(markers !== null);
    const lo = Math.round(Math.min(...markers));
    const hi = Math.round(Math.max(...markers));
    assert.ok(hi - lo > 100, `markers ${String(lo)}..${String(hi)}`);
    const stats = await page.evaluate<{ mean: number[]; range: [number, number] }>(`window.joulescopeDemo.statistics(${String(lo)}, ${String(hi)})`);
    const dt = (stats.range[1] - stats.range[0]) / FS;
    assert.equal(await value(page, 'marker-dt'), dt);
    assert.equal(await value(page, 'marker-current'), stats.mean[0]);
    assert.equal(await value(page, 'marker-voltage'), stats.mean[1]);
    assert.equal(await value(page, 'marker-power'), stats.mean[2]);
    assert.equal(await value(page, 'marker-charge'), stats.mean[0] * dt);
    assert.equal(await value(page, 'marker-energy'), stats.mean[2] * dt);
    await page.screenshot({ path: join(OUT, '3-markers.png') });
    await page.click('#markers');
    await page.click('#follow');
  });

  await check('zooming a 30 s buffer: frame rate', async () => {
    const full = (): Promise<boolean> => state(page, (h) => (h.lastView !== null ? h.lastView.held[1] - h.lastView.held[0] >= h.lastView.capacity : false));
    const deadline = performance.now() + 40_000;
    while (!(await full()) && performance.now() < deadline) await sleep(500);
    assert.ok(await full(), 'the 30 s buffer filled');
    await page.click('#pause');
    const box = await overBox(page);
    await page.dblclick(`.plot-current .u-over`, { position: { x: box.width / 2, y: 20 } });
    await waitFrames(page, 2);
    const span = await state(page, (h) => h.view.stop - h.view.start);
    assert.equal(span, 60_000_000);
    await page.mouse.move(box.x + box.width * 0.37, box.y + box.height / 2);
    const f0 = await state(page, (h) => ({ frames: h.frames, drawMs: h.drawMs }));
    const w0 = performance.now();
    // Wheel steps back to back (each waits for the browser to take it): zoom in 1000×, out again, 4 times.
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < 30; j++) await page.mouse.wheel(0, -154);
      for (let j = 0; j < 30; j++) await page.mouse.wheel(0, 154);
    }
    const wall = (performance.now() - w0) / 1000;
    const f1 = await state(page, (h) => ({ frames: h.frames, drawMs: h.drawMs }));
    const frames = f1.frames - f0.frames;
    figure('plot frame rate while zooming a 30 s buffer', `${(frames / wall).toFixed(1)} fps over ${wall.toFixed(1)} s (240 wheel steps), ${((f1.drawMs - f0.drawMs) / Math.max(1, frames)).toFixed(1)} ms to draw a frame`);
    await page.screenshot({ path: join(OUT, '4-zoom-30s.png') });
  });

  await check('stop freezes the sample counter', async () => {
    await page.click('#stop');
    await page.waitForFunction("document.body.dataset.streaming === 'false'", undefined, { timeout: 10_000 });
    await sleep(300);
    const a = await value(page, 'samples');
    await sleep(1500);
    const b = await value(page, 'samples');
    assert.ok(a > 0);
    assert.equal(b, a);
  });

  await check('device controls apply: buffer duration, fixed current range, voltage range, glitch filter', async () => {
    await page.selectOption('#buffer-duration', '10');
    await page.click('#follow');
    await page.click('#start');
    await page.waitForFunction("document.body.dataset.streaming === 'true'", undefined, { timeout: 10_000 });
    await waitFrames(page, 3);
    assert.equal(await state(page, (h) => h.lastView?.capacity), 20_000_000);
    await page.selectOption('#current-range', '180 mA');
    await page.selectOption('#voltage-range', '5V');
    await page.selectOption('#glitch-filter', 'off');
    // Statistics updates come twice a second: after 1.5 s the newest covers only the fixed range.
    await sleep(1500);
    assert.equal(await page.locator('#range').textContent(), '180 mA');
    const v = await value(page, 'meter-voltage-mean');
    assert.ok(v > 3.2 && v < 3.4, `mean voltage on the 5 V range ${String(v)}`);
    assert.equal(await page.locator('#message').isHidden(), true, (await page.locator('#message').textContent()) ?? '');
    await page.selectOption('#current-range', 'auto');
    await page.selectOption('#voltage-range', '15V');
    await page.selectOption('#glitch-filter', 'interp_1_n_1');
    await sleep(1500);
    assert.match((await page.locator('#range').textContent()) ?? '', /^auto: 18 µA … /);
  });

  await check('a recording made on the page reads back with @joulescope/jls', async () => {
    await page.click('#record');
    await page.waitForFunction("document.getElementById('recording').dataset.value > 0", undefined, { timeout: 10_000 });
    await sleep(1500);
    const download = page.waitForEvent('download', { timeout: 20_000 });
    await page.click('#record');
    const file = await download;
    const path = join(OUT, 'recording.jls');
    await file.saveAs(path);
    const recorded = (await page.locator('#message').textContent()) ?? '';
    const reader = await JlsReader.open(path);
    try {
      const current = reader.signals.find((s) => s.name === 'current');
      const voltage = reader.signals.find((s) => s.name === 'voltage');
      assert.ok(current !== undefined && voltage !== undefined, 'current and voltage signals');
      assert.equal(current.sampleRate, FS);
      const n = current.length ?? 0;
      assert.ok(n > 1e6, `${String(n)} samples`);
      assert.match(recorded, new RegExp(`Recorded ${n.toLocaleString('en-US')} samples .*origin-private file system`));
      const i = (await reader.fsr(current.signalId, 0, n)) as Float32Array;
      const v = (await reader.fsr(voltage.signalId, 0, n)) as Float32Array;
      let sum = 0;
      let finite = 0;
      for (let k = 0; k < n; k++) {
        if (Number.isFinite(i[k])) {
          sum += i[k];
          finite++;
          assert.ok(i[k] > -1e-4 && i[k] < 0.04, `current ${String(i[k])} at ${String(k)}`);
          assert.ok(v[k] > 3.28 && v[k] < 3.31, `voltage ${String(v[k])} at ${String(k)}`);
        }
      }
      const mean = sum / finite;
      assert.ok(mean > 2e-4 && mean < 5e-3, `mean current ${String(mean)}`);
      figure('recording', `${String(n)} samples (${(n / FS).toFixed(3)} s), mean current ${(mean * 1e3).toFixed(4)} mA`);
    } finally {
      await reader.close();
    }
  });

  await check('a .jls fixture opened by file input shows its duration and mean', async () => {
    await page.setInputFiles('#file-input', FIXTURE);
    await page.waitForFunction("document.body.dataset.source === 'recording'", undefined, { timeout: 15_000 });
    await page.waitForFunction("Number(document.getElementById('held').dataset.value) > 0", undefined, { timeout: 15_000 });
    await waitFrames(page, 2);
    const expected = fixtureExpected();
    assert.match((await page.locator('#source-name').textContent()) ?? '', /pyjls_small\.jls/);
    assert.equal(await value(page, 'held'), expected.duration);
    assert.equal(await value(page, 'window-span'), expected.duration);
    const i = await value(page, 'meter-current-mean');
    const v = await value(page, 'meter-voltage-mean');
    assert.ok(Math.abs(i - expected.current) < 1e-9, `mean current ${String(i)}, expected ${String(expected.current)}`);
    assert.ok(Math.abs(v - expected.voltage) < 1e-6, `mean voltage ${String(v)}, expected ${String(expected.voltage)}`);
    const pixels = await signalPixels(page);
    for (const n of pixels) assert.ok(n > 400, `signal pixels per canvas: ${pixels.join(', ')}`);
    await page.screenshot({ path: join(OUT, '5-recording.png') });
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
