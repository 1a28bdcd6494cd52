#!/usr/bin/env node
/** The `joulescope` executable: runs the CLI on this process's arguments and streams. */
import { main } from './cli/main';
import type { TextOutput } from './cli/_io';

const interrupt = new AbortController();
process.on('SIGINT', () => {
  // The first Ctrl-C stops the device cleanly; a second one leaves at once.
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

function textOutput(stream: NodeJS.WriteStream): TextOutput {
  let open = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // A reader that went away (`| head`): stop writing, stop the device.
    if (error.code !== 'EPIPE') throw error;
    open = false;
    interrupt.abort();
  });
  return {
    write: (text) => {
      if (open) stream.write(text);
    },
    isTTY: stream.isTTY === true,
    columns: stream.columns ?? 80,
  };
}

main(process.argv.slice(2), { stdout: textOutput(process.stdout), stderr: textOutput(process.stderr), interrupt: interrupt.signal }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`joulescope: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
