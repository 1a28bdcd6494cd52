/**
 * The multimeter panel: exact statistics of the visible window, and the marker readout.
 * Every figure also carries its full-precision value in `data-value` (for automation).
 */
import { FIELD, type StatsArray } from '@joulescope/stats';
import { seconds, si } from './format';

const ROWS = [
  { field: FIELD.current, label: 'Current', units: 'A' },
  { field: FIELD.voltage, label: 'Voltage', units: 'V' },
  { field: FIELD.power, label: 'Power', units: 'W' },
] as const;

const COLUMNS = ['mean', 'std', 'min', 'max', 'p2p'] as const;

/** Sets an element's text and its exact value. */
export function show(el: HTMLElement, text: string, value: number): void {
  if (el.textContent !== text) el.textContent = text;
  el.dataset.value = String(value);
}

/** The five figures of one field of row 0 of `stats`. */
function figures(stats: StatsArray, field: number): Record<(typeof COLUMNS)[number], number> {
  const i = field;
  const empty = !(stats.count[i] > 0);
  const mean = empty ? NaN : stats.mean[i];
  const min = empty ? NaN : stats.min[i];
  const max = empty ? NaN : stats.max[i];
  return { mean, std: empty ? NaN : Math.sqrt(stats.variance[i]), min, max, p2p: max - min };
}

/** The table of mean, std, min, max and p2p for current, voltage and power. */
export class Multimeter {
  private readonly cells: HTMLTableCellElement[][] = [];

  constructor(table: HTMLTableElement) {
    const body = table.tBodies[0];
    for (const row of ROWS) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.textContent = row.label;
      tr.appendChild(th);
      const cells: HTMLTableCellElement[] = [];
      for (const column of COLUMNS) {
        const td = tr.insertCell();
        td.id = `meter-${row.label.toLowerCase()}-${column}`;
        td.textContent = '—';
        cells.push(td);
      }
      this.cells.push(cells);
    }
  }

  /** Shows row 0 of `stats`. */
  update(stats: StatsArray): void {
    for (let r = 0; r < ROWS.length; r++) {
      const f = figures(stats, ROWS[r].field);
      for (let c = 0; c < COLUMNS.length; c++) {
        const value = f[COLUMNS[c]];
        show(this.cells[r][c], si(value, ROWS[r].units), value);
      }
    }
  }
}

/** The marker elements. */
export interface MarkerReadout {
  dt: HTMLElement;
  current: HTMLElement;
  voltage: HTMLElement;
  power: HTMLElement;
  charge: HTMLElement;
  energy: HTMLElement;
}

/**
 * Shows Δt, the means, and charge and energy between the markers (`range` in sample ids at
 * `samplingFrequency`; charge = mean current × Δt, energy = mean power × Δt), or dashes.
 */
export function showMarkers(el: MarkerReadout, stats: StatsArray | null, range: [number, number] | null, samplingFrequency: number): void {
  if (stats === null || range === null) {
    for (const e of Object.values(el) as HTMLElement[]) show(e, '—', NaN);
    return;
  }
  const dt = (range[1] - range[0]) / samplingFrequency;
  const i = stats.count[FIELD.current] > 0 ? stats.mean[FIELD.current] : NaN;
  const v = stats.count[FIELD.voltage] > 0 ? stats.mean[FIELD.voltage] : NaN;
  const p = stats.count[FIELD.power] > 0 ? stats.mean[FIELD.power] : NaN;
  show(el.dt, seconds(dt), dt);
  show(el.current, si(i, 'A'), i);
  show(el.voltage, si(v, 'V'), v);
  show(el.power, si(p, 'W'), p);
  show(el.charge, si(i * dt, 'C'), i * dt);
  show(el.energy, si(p * dt, 'J'), p * dt);
}

