// Runs the `joulescope` command as a user would: a child process, from source or from dist/.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const PACKAGE_DIR = join(import.meta.dirname, '..');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
}

/** Starts the CLI from its TypeScript sources; `onStdout` sees output as it comes. */
export function startCli(args: readonly string[], options: { bin?: string; onStdout?: (text: string, child: ChildProcess) => void } = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const command = options.bin === undefined ? ['--conditions=source', '--import', 'tsx', join(PACKAGE_DIR, 'src/bin.ts')] : [options.bin];
  const t0 = performance.now();
  const child = spawn(process.execPath, [...command, ...args], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    options.onStdout?.(text, child);
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 }));
  });
  return { child, done };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], bin?: string): Promise<CliRun> {
  return startCli(args, bin === undefined ? {} : { bin }).done;
}
