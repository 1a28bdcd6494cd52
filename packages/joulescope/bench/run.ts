// CPU share of `joulescope statistics --emulated` (process CPU time / wall time) at 2 Hz and
// at 1 kHz statistics: each run a child process streaming the emulated JS110 in real time for
// a few seconds, JSON lines into a pipe. Runs alternate between the two rates; the first of
// each is a warm-up. Prints min / median / max of the measured runs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHILD = join(import.meta.dirname, '_cpu-child.ts');

interface Result {
  code: number;
  cpuMs: number;
  wallMs: number;
  missing: number;
}

function once(frequency: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const args = ['--conditions=source', '--import', 'tsx', CHILD, 'statistics', '--emulated', '--json', '--duration', String(SECONDS), '--frequency', String(frequency)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const b of chunk) if (b === 0x0a) lines++;
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('close', () => {
      const m = /BENCH (\{.*\})/.exec(stderr);
      if (m === null) return reject(new Error(`no measurement: ${stderr}`));
      const r = JSON.parse(m[1]) as Result;
      if (r.code !== 0 || lines !== SECONDS * frequency) return reject(new Error(`run failed: exit ${String(r.code)}, ${String(lines)} updates`));
      resolve(r);
    });
  });
}

const share = (r: Result): number => (100 * r.cpuMs) / r.wallMs;
const stats = (x: number[]): string => {
  const s = [...x].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} %, median ${s[Math.floor(s.length / 2)].toFixed(1)} %, max ${s[s.length - 1].toFixed(1)} %`;
};

const frequencies = [2, 1000];
const results = new Map<number, Result[]>(frequencies.map((f) => [f, []]));
for (let run = 0; run <= RUNS; run++) {
  for (const f of frequencies) {
    const r = await once(f);
    if (run > 0) results.get(f)?.push(r);
  }
}
for (const f of frequencies) {
  const rs = results.get(f) ?? [];
  const missing = rs.map((r) => r.missing);
  console.log(
    `statistics --emulated at ${f === 1000 ? '1 kHz' : `${String(f)} Hz`}: CPU share ${stats(rs.map(share))} of one core ` +
      `(${String(rs.length)} runs of ${String(SECONDS)} s; samples missing per run: ${missing.join(', ')})`,
  );
}
