/** A one-line progress bar on a terminal (stderr), redrawn in place at most 10 times a second. */
import type { TextOutput } from './_io';
import { duration } from './_si';

const WIDTH = 30;

export class ProgressBar {
  private readonly out: TextOutput;
  private readonly samplingFrequency: number;
  private lastDraw = -Infinity;
  private shown = false;

  constructor(out: TextOutput, samplingFrequency: number) {
    this.out = out;
    this.samplingFrequency = samplingFrequency;
  }

  /** Shows `samples` of `total` (null: no end known). */
  update(samples: number, total: number | null): void {
    const t = performance.now();
    if (t - this.lastDraw < 100 && samples !== total) return;
    this.lastDraw = t;
    this.shown = true;
    this.out.write(`\r\x1b[2K${progressText(samples, total, this.samplingFrequency)}`);
  }

  /** Ends the line. */
  finish(): void {
    if (this.shown) this.out.write('\n');
  }
}

/** `[#######.......]  42%  1.3 s / 3.0 s` (or the elapsed time alone without a total). */
export function progressText(samples: number, total: number | null, samplingFrequency: number): string {
  const seconds = samples / samplingFrequency;
  if (total === null || total <= 0) return `${duration(seconds)} captured`;
  const fraction = Math.min(1, samples / total);
  const filled = Math.round(fraction * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${duration(seconds)} / ${duration(total / samplingFrequency)}`;
}
