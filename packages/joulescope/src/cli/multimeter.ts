/** The live multimeter of `joulescope statistics` on a terminal, redrawn in place. */
import type { StatisticsTotals } from '../statistics-summary';
import type { DeviceStatistics, SignalSummary } from '../statistics-update';
import type { TextOutput } from './_io';
import { CURRENT_RANGES, duration, si } from './_si';

/** At most this many redraws per second: a terminal cannot show more. */
const REDRAWS_PER_SECOND = 10;
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const CLEAR_LINE = '\x1b[2K';

const COLUMN = 14;

function row(label: string, s: SignalSummary): string {
  const cell = (v: number): string => si(v, s.units).padStart(COLUMN);
  return `${label.padEnd(8)}${cell(s.mean)}${cell(s.std)}${cell(s.min)}${cell(s.max)}`;
}

/** The range field's extremes as range names: "18 mA … 180 µA". */
function ranges(s: SignalSummary): string {
  if (!Number.isFinite(s.min)) return '—';
  const name = (i: number): string => CURRENT_RANGES[Math.round(i)] ?? String(i);
  return s.min === s.max ? name(s.min) : `${name(s.min)} … ${name(s.max)}`;
}

/** The display's lines for one update (or the totals of a run). */
export function multimeterLines(title: string, u: DeviceStatistics | StatisticsTotals): string[] {
  const timeEnd = 'time' in u ? u.time.range[1] : u.timeRange[1];
  const { current, voltage, power } = u.signals;
  const lines = [
    `${title}  ${duration(timeEnd)}`,
    `${''.padEnd(8)}${'mean'.padStart(COLUMN)}${'std'.padStart(COLUMN)}${'min'.padStart(COLUMN)}${'max'.padStart(COLUMN)}`,
    row('current', current),
    row('voltage', voltage),
    row('power', power),
    `${'charge'.padEnd(8)}${si(u.accumulators.charge.value, u.accumulators.charge.units).padStart(COLUMN)}    energy ${si(u.accumulators.energy.value, u.accumulators.energy.units)}`,
    `${'range'.padEnd(8)}${ranges(u.signals.current_range).padStart(COLUMN)}    dropped ${String(u.loss.missing)} samples`,
  ];
  if (!u.calibrated) lines.push('UNCALIBRATED: no usable calibration, values are raw ADC codes (LSB)');
  return lines;
}

/** Redraws the multimeter in place, throttled; `finish()` draws the last state and restores the cursor. */
export class Multimeter {
  private readonly out: TextOutput;
  private readonly title: string;
  private drawn = 0;
  private lastDraw = -Infinity;
  private latest: DeviceStatistics | null = null;
  private pending = false;
  private readonly now: () => number;

  constructor(out: TextOutput, title: string, now: () => number = () => performance.now()) {
    this.out = out;
    this.title = title;
    this.now = now;
    out.write(HIDE_CURSOR);
  }

  update(u: DeviceStatistics): void {
    this.latest = u;
    this.pending = true;
    const t = this.now();
    if (t - this.lastDraw < 1000 / REDRAWS_PER_SECOND) return;
    this.lastDraw = t;
    this.draw(u);
  }

  /** Draws the latest update (if not yet shown) and shows the cursor again. */
  finish(): void {
    if (this.pending && this.latest !== null) this.draw(this.latest);
    this.out.write(SHOW_CURSOR);
  }

  private draw(u: DeviceStatistics): void {
    this.pending = false;
    const lines = multimeterLines(this.title, u);
    let text = this.drawn > 0 ? `\x1b[${String(this.drawn)}A` : '';
    for (const line of lines) text += `\r${CLEAR_LINE}${line}\n`;
    this.drawn = lines.length;
    this.out.write(text);
  }
}
