// One measured run of the CLI in this process: CPU time and wall time of `main()` alone (the
// module loading before it is not the command's cost). stdout goes to the parent's pipe.
import { main } from '../src/cli/main';

let summary = '';
const t0 = performance.now();
const c0 = process.cpuUsage();
const code = await main(process.argv.slice(2), {
  stdout: { write: (text) => void process.stdout.write(text), isTTY: false, columns: 80 },
  stderr: { write: (text) => void (summary += text), isTTY: false, columns: 80 },
  interrupt: new AbortController().signal,
});
const cpu = process.cpuUsage(c0);
const wallMs = performance.now() - t0;
const missing = Number(/; (\d+) missing\)/.exec(summary)?.[1] ?? NaN);
process.stderr.write(`BENCH ${JSON.stringify({ code, cpuMs: (cpu.user + cpu.system) / 1000, wallMs, missing })}\n`);
process.exit(code);
