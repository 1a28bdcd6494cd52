/**
 * The three plots (current, voltage, power against time): the mean as a line and the min/max of
 * each row as a band, uPlot over plain arrays filled from the rows (a missing row is `null`: a
 * gap). The x and y ranges are set here, every frame, from the query's window.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { FIELD, type StatsArray } from '@joulescope/stats';
import { fillColumns, yRange, type Column } from './plot-columns';
import { axisValues } from './format';
import type { ViewWindow } from './view-window';
import { rowTime } from './view-window';

/** One signal's plot settings. */
interface SignalSpec {
  field: number;
  label: string;
  units: string;
  color: string;
  band: string;
}

const SIGNALS: readonly SignalSpec[] = [
  { field: FIELD.current, label: 'Current', units: 'A', color: '#e8a33d', band: 'rgba(232,163,61,0.30)' },
  { field: FIELD.voltage, label: 'Voltage', units: 'V', color: '#4aa3df', band: 'rgba(74,163,223,0.30)' },
  { field: FIELD.power, label: 'Power', units: 'W', color: '#8fd16a', band: 'rgba(143,209,106,0.30)' },
];

/** One uPlot with a mean line and a min/max band. */
class SignalPlot {
  readonly u: uPlot;
  readonly min: Column = [];
  readonly max: Column = [];
  readonly mean: Column = [];

  constructor(
    readonly spec: SignalSpec,
    parent: HTMLElement,
    x: number[],
    width: number,
    height: number,
  ) {
    const opts: uPlot.Options = {
      width,
      height,
      class: `plot-${spec.label.toLowerCase()}`,
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
      scales: { x: { time: false, auto: false }, y: { auto: false } },
      series: [
        {},
        { label: 'min', stroke: 'transparent', width: 0, points: { show: false } },
        { label: 'max', stroke: 'transparent', width: 0, points: { show: false } },
        // Points only where they are far apart (uPlot's default rule): single samples show as dots.
        { label: spec.label, stroke: spec.color, width: 1.25, points: { size: 5, fill: spec.color } },
      ],
      bands: [{ series: [2, 1], fill: spec.band }],
      axes: [
        {
          stroke: '#aab',
          grid: { stroke: 'rgba(255,255,255,0.07)' },
          ticks: { stroke: 'rgba(255,255,255,0.15)' },
          // Room for long labels such as "10.79000025 s" at single-sample zoom.
          space: 110,
          values: (_u, splits) => axisValues(splits, 's'),
        },
        {
          stroke: '#aab',
          size: 78,
          grid: { stroke: 'rgba(255,255,255,0.07)' },
          ticks: { stroke: 'rgba(255,255,255,0.15)' },
          label: `${spec.label} (${spec.units})`,
          values: (_u, splits) => axisValues(splits, spec.units),
        },
      ],
    };
    this.u = new uPlot(opts, [x, this.min, this.max, this.mean], parent);
  }

  /** Copies this signal's column of `stats` (rows of the window) into the plot's arrays. */
  fill(stats: StatsArray, rows: number): void {
    fillColumns(stats, this.spec.field, rows, this.mean, this.min, this.max);
  }
}

/** Markers as drawn: sample ids, or null when hidden. */
export type MarkerPair = [number, number] | null;

/** The stack of three plots, drawn from each frame's rows. */
export class Plots {
  private readonly plots: SignalPlot[];
  private readonly x: number[] = [];
  private readonly markerEls: HTMLDivElement[][] = [];
  private xMin = 0;
  private xMax = 1;
  private samplingFrequency = 2e6;
  private markers: MarkerPair = null;

  constructor(
    private readonly parent: HTMLElement,
    width: number,
    height: number,
  ) {
    this.plots = SIGNALS.map((spec) => new SignalPlot(spec, parent, this.x, width, height));
    for (const plot of this.plots) {
      const pair: HTMLDivElement[] = [];
      for (let k = 0; k < 2; k++) {
        const el = document.createElement('div');
        el.className = `marker marker-${String(k + 1)}`;
        el.dataset.marker = String(k);
        el.innerHTML = `<span>${String(k + 1)}</span>`;
        el.hidden = true;
        plot.u.over.appendChild(el);
        pair.push(el);
      }
      this.markerEls.push(pair);
    }
  }

  /** The plotting areas (the elements that take pointer and wheel input). */
  get overlays(): HTMLDivElement[] {
    return this.plots.map((p) => p.u.over);
  }

  /** The canvases (the e2e test reads their pixels). */
  get canvases(): HTMLCanvasElement[] {
    return this.plots.map((p) => p.u.ctx.canvas);
  }

  /** Width of the plotting area in CSS pixels: the `pixels` of a query. */
  get plotWidth(): number {
    return Math.max(1, Math.round(this.plots[0].u.over.clientWidth));
  }

  /** Draws the rows of `view` for the x range `[start, stop)` (sample ids). */
  render(stats: StatsArray, view: ViewWindow, start: number, stop: number, samplingFrequency: number): void {
    const rows = Math.min(view.rows, stats.rows);
    this.x.length = rows;
    for (let r = 0; r < rows; r++) this.x[r] = rowTime(view, r, samplingFrequency);
    this.samplingFrequency = samplingFrequency;
    this.xMin = start / samplingFrequency;
    this.xMax = stop / samplingFrequency;
    for (const plot of this.plots) {
      plot.fill(stats, rows);
      const [lo, hi] = yRange(plot.min, plot.max, rows);
      plot.u.batch(() => {
        plot.u.setData([this.x, plot.min, plot.max, plot.mean], false);
        plot.u.setScale('x', { min: this.xMin, max: this.xMax });
        plot.u.setScale('y', { min: lo, max: hi });
      });
    }
    this.placeMarkers();
  }

  /** Shows the markers at these sample ids (or hides them). */
  setMarkers(markers: MarkerPair): void {
    this.markers = markers;
    this.placeMarkers();
  }

  private placeMarkers(): void {
    const m = this.markers;
    for (let p = 0; p < this.plots.length; p++) {
      const u = this.plots[p].u;
      for (let k = 0; k < 2; k++) {
        const el = this.markerEls[p][k];
        if (m === null) {
          el.hidden = true;
          continue;
        }
        const px = u.valToPos(m[k] / this.samplingFrequency, 'x');
        el.hidden = !(px >= 0 && px <= u.over.clientWidth);
        el.style.left = `${px.toFixed(1)}px`;
      }
    }
  }

  /** Resizes every plot to `width` × `height` CSS pixels (all of the plot, axes included). */
  resize(width: number, height: number): void {
    for (const plot of this.plots) plot.u.setSize({ width, height });
    this.placeMarkers();
  }

  /** The parent element. */
  get element(): HTMLElement {
    return this.parent;
  }
}
