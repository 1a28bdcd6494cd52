/**
 * The page: controls, the frame loop (one view query in flight at a time, its rows buffer handed
 * back with the next one), zoom, pan and markers, and the figures. It only draws; the worker
 * owns the device and the buffer.
 */
import { browserUsbProvider, navigatorUsb } from '@joulescope/driver/browser';
import { count, rangeName, si } from './format';
import { Multimeter, show, showMarkers, type MarkerReadout } from './multimeter';
import { bindPlotInput } from './plot-input';
import { Plots } from './plots';
import {
  BUFFER_DURATIONS,
  CURRENT_RANGES,
  DEFAULT_SETTINGS,
  GLITCH_FILTERS,
  VOLTAGE_RANGES,
  unpackStats,
  type DeviceSettings,
  type SourceInfo,
  type SourceSpec,
  type SourceStatus,
  type ViewReply,
} from './protocol';
import { initialView, viewReduce, type ViewAction, type ViewLimits, type ViewState } from './view-state';
import type { WorkerClient } from './worker-client';

/** The window shown first while streaming: the newest 2 s (20 bursts of the emulated firmware). */
const LIVE_SPAN_SECONDS = 2;
const PLOT_HEIGHT = 210;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as T;
}

function fillSelect(select: HTMLSelectElement, options: readonly (string | number)[], labels: (v: string | number) => string, value: string | number): void {
  for (const option of options) {
    const el = document.createElement('option');
    el.value = String(option);
    el.textContent = labels(option);
    select.appendChild(el);
  }
  select.value = String(value);
}

const FILTER_LABELS: Record<string, string> = {
  interp_1_n_1: 'interpolate (default)',
  mean_1_n_1: 'mean',
  nan_1_n_1: 'NaN (gap)',
  off: 'off',
};

/** The page's state as automation (the e2e test) reads it. */
export interface DemoSnapshot {
  info: SourceInfo | null;
  status: SourceStatus | null;
  view: ViewState;
  markers: [number, number] | null;
  lastView: Omit<ViewReply, 'rows' | 'window' | 'markers'> | null;
  frames: number;
  /** Milliseconds spent drawing frames (plots and figures), summed. */
  drawMs: number;
  firstDataMs: number | null;
}

/** What automation reads and calls: `window.joulescopeDemo`. */
export interface DemoHandle {
  snapshot(): DemoSnapshot;
  /** Exact statistics of `[start, stop)` from the worker, as plain arrays. */
  statistics(start: number, stop: number): Promise<{ count: number[]; mean: number[]; variance: number[]; min: number[]; max: number[]; range: [number, number] }>;
}

/** The page controller. */
export class App {
  private info: SourceInfo | null = null;
  private status: SourceStatus | null = null;
  private view: ViewState = initialView(LIVE_SPAN_SECONDS * 2e6);
  private limits: ViewLimits = { first: 0, last: 0, maxSpan: 60e6 };
  private markers: [number, number] | null = null;
  private recycle: ArrayBuffer | null = null;
  private querying = false;
  /** The reply to draw at the next animation frame. */
  private ready: ViewReply | null = null;
  /** Counts opens: a reply to a query made before the last open is dropped. */
  private generation = 0;
  private dirty = true;
  /** A recording was opened: fit the view to it once its extent is known. */
  private needsFit = false;
  private lastView: DemoSnapshot['lastView'] = null;
  private frames = 0;
  /** Milliseconds spent drawing, summed over the frames. */
  private drawMs = 0;
  private frameTimes: number[] = [];
  private firstDataMs: number | null = null;
  private recording: FileSystemFileHandle | null | false = false;
  private settings: DeviceSettings = { ...DEFAULT_SETTINGS };
  private readonly plots: Plots;
  private readonly meter: Multimeter;
  private readonly markerEls: MarkerReadout;

  constructor(private readonly client: WorkerClient) {
    const plotsEl = byId('plots');
    this.plots = new Plots(plotsEl, this.plotWidth(), PLOT_HEIGHT);
    this.meter = new Multimeter(byId<HTMLTableElement>('meter'));
    this.markerEls = {
      dt: byId('marker-dt'),
      current: byId('marker-current'),
      voltage: byId('marker-voltage'),
      power: byId('marker-power'),
      charge: byId('marker-charge'),
      energy: byId('marker-energy'),
    };
    client.onEvent = (event) => {
      if (event.kind === 'status') this.onStatus(event.status);
      else this.message(`Streaming stopped: ${event.message}`);
    };
    this.bindControls();
    bindPlotInput(this.plots.overlays, {
      zoom: (factor, anchor) => this.dispatch({ type: 'zoom', factor, anchor, limits: this.limits }),
      pan: (fraction) => this.dispatch({ type: 'pan', fraction, limits: this.limits }),
      moveMarker: (index, fraction) => {
        if (this.markers === null) return;
        const sample = Math.round(this.view.start + fraction * (this.view.stop - this.view.start));
        this.markers = index === 0 ? [sample, this.markers[1]] : [this.markers[0], sample];
        this.plots.setMarkers(this.markers);
        this.dirty = true;
      },
      showAll: () => this.dispatch({ type: 'show', start: this.limits.first, stop: this.limits.last, limits: this.limits }),
    });
    window.addEventListener('resize', () => {
      this.plots.resize(this.plotWidth(), PLOT_HEIGHT);
      this.dirty = true;
    });
    requestAnimationFrame(this.frame);
  }

  /** The automation handle (the e2e test reads the page through it). */
  handle(): DemoHandle {
    return {
      snapshot: () => ({
        info: this.info,
        status: this.status,
        view: { ...this.view },
        markers: this.markers,
        lastView: this.lastView,
        frames: this.frames,
        drawMs: this.drawMs,
        firstDataMs: this.firstDataMs,
      }),
      statistics: async (start: number, stop: number) => {
        const reply = await this.client.call('statistics', { start, stop });
        const s = unpackStats(reply.stats);
        return { count: [...s.count], mean: [...s.mean], variance: [...s.variance], min: [...s.min], max: [...s.max], range: reply.range };
      },
    };
  }

  private plotWidth(): number {
    const el = byId('plots');
    return Math.max(320, Math.floor(el.clientWidth));
  }

  // ---- sources ----

  /** Opens a source and, for a device, starts streaming. */
  async open(source: SourceSpec): Promise<void> {
    this.message(null);
    byId('source-name').textContent = 'opening…';
    try {
      const info = await this.client.call('open', { source, settings: this.settings }, []);
      this.generation++;
      this.info = info;
      this.status = null;
      this.markers = null;
      this.plots.setMarkers(null);
      byId('source-name').textContent = `${info.name}${info.calibrated ? '' : ' (uncalibrated: raw counts)'}`;
      document.body.dataset.source = info.kind;
      this.enableDeviceControls(info.live);
      if (info.live) {
        this.setView(initialView(LIVE_SPAN_SECONDS * info.samplingFrequency));
        await this.client.call('start', {});
      } else {
        this.setView({ follow: false, start: 0, stop: 1 });
        this.needsFit = true;
      }
      this.dirty = true;
    } catch (error) {
      this.info = null;
      byId('source-name').textContent = '—';
      this.message(`Could not open: ${(error as Error).message}`);
    }
  }

  private enableDeviceControls(live: boolean): void {
    for (const id of ['start', 'stop', 'follow', 'pause', 'record', 'current-range', 'voltage-range', 'glitch-filter', 'buffer-duration']) {
      byId<HTMLButtonElement | HTMLSelectElement>(id).disabled = !live;
    }
  }

  private async connectUsb(): Promise<void> {
    if (navigatorUsb() === null) {
      this.message('WebUSB is not available in this browser. Use Chrome, Edge or Opera (on https or localhost), or the emulated JS110.');
      return;
    }
    let serialNumber: string;
    try {
      // The chooser needs this click; the worker then finds the granted device by itself.
      serialNumber = (await browserUsbProvider().requestDevice()).serialNumber;
    } catch (error) {
      this.message(`No JS110 chosen (${(error as Error).message})`);
      return;
    }
    await this.open({ kind: 'usb', serialNumber });
  }

  // ---- controls ----

  private bindControls(): void {
    byId('source-emulated').addEventListener('click', () => void this.open({ kind: 'emulated' }));
    byId('source-usb').addEventListener('click', () => void this.connectUsb());
    const fileInput = byId<HTMLInputElement>('file-input');
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file !== undefined) void this.open({ kind: 'recording', file, name: file.name });
      fileInput.value = '';
    });
    document.addEventListener('dragover', (e) => e.preventDefault());
    document.addEventListener('drop', (e) => {
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file !== undefined) void this.open({ kind: 'recording', file, name: file.name });
    });
    byId('start').addEventListener('click', () => void this.act(() => this.client.call('start', {})));
    byId('stop').addEventListener('click', () => void this.act(() => this.client.call('stop', {})));
    byId('follow').addEventListener('click', () => this.dispatch({ type: 'follow', limits: this.limits }));
    byId('pause').addEventListener('click', () => this.dispatch({ type: 'pause' }));
    byId('markers').addEventListener('click', () => this.toggleMarkers());
    byId('record').addEventListener('click', () => void this.toggleRecording());

    const ranges = byId<HTMLSelectElement>('current-range');
    fillSelect(ranges, CURRENT_RANGES, String, this.settings.currentRange);
    ranges.addEventListener('change', () => void this.configure({ currentRange: ranges.value as DeviceSettings['currentRange'] }));
    const volts = byId<HTMLSelectElement>('voltage-range');
    fillSelect(volts, VOLTAGE_RANGES, String, this.settings.voltageRange);
    volts.addEventListener('change', () => void this.configure({ voltageRange: volts.value as DeviceSettings['voltageRange'] }));
    const filter = byId<HTMLSelectElement>('glitch-filter');
    fillSelect(filter, GLITCH_FILTERS, (v) => FILTER_LABELS[String(v)] ?? String(v), this.settings.glitchFilter);
    filter.addEventListener('change', () => void this.configure({ glitchFilter: filter.value as DeviceSettings['glitchFilter'] }));
    const duration = byId<HTMLSelectElement>('buffer-duration');
    fillSelect(duration, BUFFER_DURATIONS, (v) => `${String(v)} s`, this.settings.bufferDuration);
    duration.addEventListener('change', () => void this.configure({ bufferDuration: Number(duration.value) }));
    if ('showSaveFilePicker' in window) byId('save-as-label').hidden = false;
  }

  private async act(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      this.dirty = true;
    } catch (error) {
      this.message((error as Error).message);
    }
  }

  private async configure(settings: Partial<DeviceSettings>): Promise<void> {
    this.settings = { ...this.settings, ...settings };
    if (this.info === null || !this.info.live) return;
    await this.act(() => this.client.call('configure', { settings }));
    if (settings.bufferDuration !== undefined && this.status?.streaming === true) this.message('The new buffer duration applies at the next start.');
  }

  private toggleMarkers(): void {
    if (this.markers !== null) {
      this.markers = null;
    } else {
      const span = this.view.stop - this.view.start;
      this.markers = [Math.round(this.view.start + span / 3), Math.round(this.view.start + (2 * span) / 3)];
    }
    byId('markers').classList.toggle('on', this.markers !== null);
    this.plots.setMarkers(this.markers);
    this.dirty = true;
  }

  private async toggleRecording(): Promise<void> {
    const button = byId<HTMLButtonElement>('record');
    if (this.recording === false) {
      const name = `joulescope-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.jls`;
      let handle: FileSystemFileHandle | null = null;
      const picker = (window as Window & { showSaveFilePicker?: (o: object) => Promise<FileSystemFileHandle> }).showSaveFilePicker;
      if (byId<HTMLInputElement>('save-as').checked && picker !== undefined) {
        try {
          handle = await picker({ suggestedName: name, types: [{ description: 'JLS recording', accept: { 'application/octet-stream': ['.jls'] } }] });
        } catch {
          return; // the user closed the picker
        }
      }
      try {
        await this.client.call('recordStart', { name });
      } catch (error) {
        this.message((error as Error).message);
        return;
      }
      this.recording = handle;
      button.textContent = 'Stop recording';
      button.classList.add('on');
      return;
    }
    const handle = this.recording;
    this.recording = false;
    button.textContent = 'Record';
    button.classList.remove('on');
    try {
      const result = await this.client.call('recordStop', {});
      if (handle !== null) {
        const writable = await handle.createWritable();
        await result.file.stream().pipeTo(writable);
      } else {
        const url = URL.createObjectURL(result.file);
        const a = document.createElement('a');
        a.href = url;
        a.download = result.name;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
      this.message(`Recorded ${count(result.samples)} samples to ${handle?.name ?? result.name} (written through ${result.store === 'opfs' ? 'the origin-private file system' : 'memory'})`);
    } catch (error) {
      this.message(`Recording failed: ${(error as Error).message}`);
    }
  }

  // ---- zoom, pan, markers ----

  private dispatch(action: ViewAction): void {
    this.setView(viewReduce(this.view, action));
  }

  private setView(view: ViewState): void {
    this.view = view;
    byId('follow').classList.toggle('on', view.follow);
    this.dirty = true;
  }

  // ---- the frame loop ----

  /**
   * One animation frame: draw the reply that arrived since the last frame, and ask for the next
   * one. Querying and drawing overlap (the worker computes frame n + 1 while the page draws
   * frame n); one query is in flight at a time, so a slow worker lowers the frame rate instead
   * of queueing work.
   */
  private readonly frame = (): void => {
    requestAnimationFrame(this.frame);
    const ready = this.ready;
    if (ready !== null) {
      this.ready = null;
      this.draw(ready);
    }
    if (this.info === null || this.querying) return;
    if (!this.dirty && this.status?.streaming !== true) return;
    this.dirty = false;
    this.querying = true;
    const recycle = this.recycle;
    this.recycle = null;
    const v = this.view;
    const generation = this.generation;
    this.client
      .call(
        'view',
        { follow: v.follow, start: v.start, stop: v.stop, pixels: this.plots.plotWidth, markers: this.markers, recycle },
        recycle === null ? [] : [recycle],
      )
      .then((reply) => {
        if (generation === this.generation) this.ready = reply;
      })
      .catch((error: unknown) => this.message((error as Error).message))
      .finally(() => {
        this.querying = false;
      });
  };

  private draw(reply: ViewReply): void {
    const info = this.info;
    if (info === null) return;
    const t0 = performance.now();
    const fs = info.samplingFrequency;
    this.limits = { first: reply.held[0], last: reply.held[1], maxSpan: reply.capacity };
    if (this.needsFit && reply.held[1] > reply.held[0]) {
      this.needsFit = false;
      this.setView({ follow: false, start: reply.held[0], stop: reply.held[1] });
    }
    this.view = viewReduce(this.view, { type: 'data', limits: this.limits });
    const { start, stop } = this.view;
    const rows = unpackStats(reply.rows);
    this.plots.render(rows, { start: reply.start, stop: reply.stop, increment: reply.increment, rows: reply.rows.rows }, start, stop, fs);
    this.recycle = reply.rows.buffer;
    this.meter.update(unpackStats(reply.window));
    showMarkers(this.markerEls, reply.markers === null ? null : unpackStats(reply.markers), reply.markerRange, fs);
    show(byId('window-span'), `${si((stop - start) / fs, 's')} from ${si(start / fs, 's')}`, (stop - start) / fs);
    show(byId('held'), si((reply.held[1] - reply.held[0]) / fs, 's'), (reply.held[1] - reply.held[0]) / fs);
    show(byId('increment'), reply.increment === 1 ? '1 sample' : `${count(reply.increment)} samples`, reply.increment);
    this.lastView = { start: reply.start, stop: reply.stop, increment: reply.increment, windowRange: reply.windowRange, markerRange: reply.markerRange, held: reply.held, capacity: reply.capacity };
    this.frames++;
    const t = performance.now();
    this.drawMs += t - t0;
    this.frameTimes.push(t);
    while (this.frameTimes.length > 0 && this.frameTimes[0] < t - 1000) this.frameTimes.shift();
    show(byId('fps'), `${String(this.frameTimes.length)} fps`, this.frameTimes.length);
    if (this.firstDataMs === null && reply.rows.rows > 0 && reply.held[1] > reply.held[0]) {
      this.firstDataMs = t;
      show(byId('first-data'), `${t.toFixed(0)} ms after load`, t);
    }
  }

  private onStatus(s: SourceStatus): void {
    this.status = s;
    document.body.dataset.streaming = String(s.streaming);
    show(byId('samples'), count(s.held[1]), s.held[1]);
    show(byId('missing'), count(s.missing), s.missing);
    show(byId('skips'), `${count(s.skips)} / ${count(s.syncs)}`, s.skips);
    show(byId('charge'), si(s.charge, 'C'), s.charge);
    show(byId('energy'), si(s.energy, 'J'), s.energy);
    const [lo, hi] = s.currentRange;
    // Listed from the most sensitive range (the highest index) to the least.
    const ranges = lo === hi || Number.isNaN(lo) ? rangeName(hi) : `${rangeName(hi)} … ${rangeName(lo)}`;
    show(byId('range'), this.info?.live === true && this.settings.currentRange === 'auto' ? `auto: ${ranges}` : ranges, lo);
    const fs = this.info?.samplingFrequency ?? NaN;
    show(byId('rate'), s.streaming ? si(s.sampleRate, 'S/s') : this.info?.live === true ? 'stopped' : `${si(fs, 'S/s')} (file)`, s.sampleRate);
    show(byId('query-load'), `${(s.queryLoad * 100).toFixed(1)} %`, s.queryLoad);
    show(byId('recording'), s.recording === null ? '—' : `${count(s.recording)} samples`, s.recording ?? NaN);
    const t = performance.now();
    while (this.frameTimes.length > 0 && this.frameTimes[0] < t - 1000) this.frameTimes.shift();
    show(byId('fps'), `${String(this.frameTimes.length)} fps`, this.frameTimes.length);
  }

  private message(text: string | null): void {
    const el = byId('message');
    el.hidden = text === null;
    el.textContent = text ?? '';
  }
}
