/** What the commands need from their process: two text outputs and the Ctrl-C signal. */

/** A text output (stdout or stderr). */
export interface TextOutput {
  write(text: string): void;
  /** True for a terminal: live displays instead of JSON lines / plain progress. */
  readonly isTTY: boolean;
  /** Terminal width in characters (80 when unknown). */
  readonly columns: number;
}

/** The environment of one CLI run. */
export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Aborted at the first Ctrl-C (SIGINT): commands stop cleanly and keep what they have. */
  readonly interrupt: AbortSignal;
}

/** A command-line mistake: reported with the usage and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of the `joulescope` command. */
export const EXIT = Object.freeze({
  OK: 0,
  /** A device or file error. */
  ERROR: 1,
  /** Bad arguments. */
  USAGE: 2,
  /** Stopped with Ctrl-C (128 + SIGINT). */
  INTERRUPTED: 130,
});
