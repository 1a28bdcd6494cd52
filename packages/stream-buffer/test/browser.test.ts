// The package in a browser bundle: esbuild bundles it with no external and no fetch of the
// kernel (its bytes are inlined), and Chromium (where installed) runs it on a page's main thread
// after `await StreamBuffer.ready()` and in a Worker without it, with the same results as Node.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';

// The job each side runs: a stream with range switching, then a few queries.
const JOB = `
import { StreamBuffer } from '@joulescope/stream-buffer';
import { PACKET_SIZE, SAMPLES_PER_PACKET, rawSampleWord, writePacket } from '@joulescope/codec';
export async function job(ready) {
  if (ready) await StreamBuffer.ready();
  const b = new StreamBuffer(0.01, [20, 10]);
  b.calibrationSet([0, 0, 0, 0, 0, 0, 0], [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9], [0, 0], [1e-3, 1e-3]);
  const packets = 400;
  const words = new Uint32Array(packets * SAMPLES_PER_PACKET);
  for (let k = 0; k < words.length; k++) words[k] = rawSampleWord(3000 + (k * 7919) % 500, 9000 + (k % 13), Math.floor(k / 999) % 7, k & 1);
  const usb = new Uint8Array(packets * PACKET_SIZE);
  for (let p = 0; p < packets; p++) writePacket(usb, p * PACKET_SIZE, { index: p }, words, p * SAMPLES_PER_PACKET);
  let calls = 0;
  b.callback = () => calls++;
  for (let at = 0; at < usb.length; at += 8192) { b.insert(usb.subarray(at, at + 8192)); b.process(); }
  const [lo, hi] = b.sampleIdRange;
  const s = b.statisticsGet(lo, hi).stats;
  const rows = b.dataGet(lo, hi, 200);
  const cur = b.samplesGet(hi - 100, hi, 'current');
  return { status: b.status(), range: [lo, hi], mean: Array.from(s.mean), count: Array.from(s.count), rows: rows.rows, rowMean: Array.from(rows.mean.subarray(0, 12)), current: Array.from(cur), calls };
}
`;

let dir = '';
let pageBundle = '';
let workerBundle = '';
let nodeBundle = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stream-buffer-browser-'));
  writeFileSync(join(dir, 'job.js'), JOB);
  writeFileSync(join(dir, 'page.js'), `import { job } from './job.js';\nwindow.jobResult = job(true);\n`);
  writeFileSync(join(dir, 'worker.js'), `import { job } from './job.js';\njob(false).then((r) => postMessage(r), (e) => postMessage({ error: String(e) }));\n`);
  const bundle = async (entry: string, platform: 'browser' | 'node'): Promise<string> => {
    const r = await build({
      entryPoints: [join(dir, entry)],
      bundle: true,
      platform,
      format: platform === 'node' ? 'esm' : 'iife',
      write: false,
      logLevel: 'silent',
      conditions: ['source'],
      alias: { '@joulescope/stream-buffer': join(import.meta.dirname, '../src/index.ts') },
      nodePaths: [join(import.meta.dirname, '../node_modules')],
    });
    return r.outputFiles[0].text;
  };
  pageBundle = await bundle('page.js', 'browser');
  workerBundle = await bundle('worker.js', 'browser');
  nodeBundle = join(dir, 'node.mjs');
  writeFileSync(nodeBundle, await bundle('job.js', 'node'));
}, 60_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('a browser bundle', () => {
  it('builds with no externals and fetches nothing', () => {
    expect(pageBundle.length).toBeGreaterThan(20_000);
    expect(pageBundle).not.toMatch(/\bfetch\(|\.wasm['"]|require\(["']node:/);
  });

  it.skipIf(!existsSync(CHROMIUM))('runs in Chromium on the main thread (after ready()) and in a Worker, as in Node', { timeout: 120_000 }, async () => {
    const { job } = (await import(/* @vite-ignore */ pathToFileURL(nodeBundle).href)) as { job: (ready: boolean) => Promise<unknown> };
    const node = JSON.parse(JSON.stringify(await job(false))) as unknown;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto('about:blank');
      await page.addScriptTag({ content: pageBundle });
      const onPage = await page.evaluate(() => (globalThis as unknown as { jobResult: Promise<unknown> }).jobResult);
      expect(onPage).toEqual(node);
      const inWorker = await page.evaluate(
        (code) =>
          new Promise((resolve) => {
            // Browser globals (this function runs in the page).
            const { Worker: W } = globalThis as unknown as { Worker: new (url: string) => { onmessage: (e: { data: unknown }) => void } };
            const w = new W(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
            w.onmessage = (e) => resolve(e.data);
          }),
        workerBundle,
      );
      expect(inWorker).toEqual(node);
    } finally {
      await browser.close();
    }
  });
});
