/**
 * The worker's side of the protocol: parses each call, runs it against the open source, replies
 * (with the rows buffers in the transfer list), and pushes the status four times a second.
 */
import { StatsArray } from '@joulescope/stats';
import {
  DEFAULT_SETTINGS,
  errorInfo,
  packStats,
  parseCall,
  statsFor,
  type CallMessage,
  type DeviceSettings,
  type Method,
  type RecordingResult,
  type SourceSpec,
  type SourceStatus,
  type ViewQuery,
  type ViewReply,
  type WorkerApi,
  type WorkerMessage,
} from '../protocol';
import { clampWindow, viewWindow } from '../view-window';
import type { SampleTap, Source } from './source';

/** Posts a message with its transfer list (the worker's `postMessage`). */
export type Post = (message: WorkerMessage, transfer: Transferable[]) => void;

/** A recording in progress. */
export interface Recorder {
  readonly tap: SampleTap;
  /** Samples written so far. */
  readonly samples: number;
  finish(): Promise<RecordingResult>;
}

/** What the engine is built from: how to open sources and recordings, and a clock. */
export interface EngineDeps {
  openSource(spec: SourceSpec, settings: DeviceSettings): Promise<Source>;
  createRecorder(name: string, source: Source): Promise<Recorder>;
  now(): number;
  /** Status period in ms (250). */
  statusPeriod?: number;
}

const MAX_PIXELS = 16384;

function checkSampleId(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${name} must be a finite number, got ${String(value)}`);
  return value;
}

function checkQuery(q: ViewQuery): void {
  checkSampleId('view start', q.start);
  checkSampleId('view stop', q.stop);
  if (!(q.stop > q.start)) throw new RangeError(`view stop (${String(q.stop)}) must be greater than start (${String(q.start)})`);
  if (!Number.isInteger(q.pixels) || q.pixels < 1 || q.pixels > MAX_PIXELS) {
    throw new RangeError(`view pixels must be an integer from 1 to ${String(MAX_PIXELS)}, got ${String(q.pixels)}`);
  }
  if (q.markers !== null) {
    if (!Array.isArray(q.markers) || q.markers.length !== 2) throw new TypeError('markers must be null or two sample ids');
    checkSampleId('marker', q.markers[0]);
    checkSampleId('marker', q.markers[1]);
  }
  if (q.recycle !== null && !(q.recycle instanceof ArrayBuffer)) throw new TypeError('recycle must be an ArrayBuffer or null');
}

/** Runs the calls of one page. */
export class Engine {
  private source: Source | null = null;
  private recorder: Recorder | null = null;
  /** Milliseconds spent answering queries, summed. */
  private queryMs = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private rate = { t: 0, received: 0, queryMs: 0, sampleRate: 0, load: 0 };
  private stoppedMessage: string | null = null;
  /** Calls run one at a time, in order: a view never sees a half-opened source. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly post: Post,
    private readonly deps: EngineDeps,
  ) {}

  /** Handles one message from the page (whatever it is: bad ones get an error reply when they have an id). */
  receive(data: unknown): Promise<void> {
    const run = this.queue.then(() => this.dispatch(data));
    this.queue = run;
    return run;
  }

  private async dispatch(data: unknown): Promise<void> {
    let call: CallMessage;
    try {
      call = parseCall(data);
    } catch (error) {
      const id = (data as { id?: unknown } | null)?.id;
      this.post({ kind: 'reply', id: typeof id === 'number' ? id : -1, ok: false, error: errorInfo(error) }, []);
      return;
    }
    const t0 = this.deps.now();
    try {
      const [value, transfer] = await this.run(call);
      this.post({ kind: 'reply', id: call.id, ok: true, value }, transfer);
    } catch (error) {
      this.post({ kind: 'reply', id: call.id, ok: false, error: errorInfo(error) }, []);
    } finally {
      // The query load counts the plots' queries, not the waits of open, start or stop.
      if (call.method === 'view' || call.method === 'statistics') this.queryMs += this.deps.now() - t0;
    }
  }

  private requireSource(what: string): Source {
    if (this.source === null) throw new Error(`${what}: nothing is open (open a source first)`);
    return this.source;
  }

  private async run(call: CallMessage): Promise<[WorkerApi[Method]['result'], Transferable[]]> {
    switch (call.method) {
      case 'open':
        return [await this.open(call.args as WorkerApi['open']['args']), []];
      case 'start': {
        const source = this.requireSource('start');
        this.stoppedMessage = null;
        await source.start();
        this.resetRate(source);
        this.pushStatus();
        return [null, []];
      }
      case 'stop':
        await this.requireSource('stop').stop();
        this.pushStatus();
        return [null, []];
      case 'configure': {
        const { settings } = call.args as WorkerApi['configure']['args'];
        if (typeof settings !== 'object' || settings === null) throw new TypeError('configure needs a settings object');
        await this.requireSource('configure').configure(settings);
        return [null, []];
      }
      case 'view': {
        const reply = await this.view(call.args as ViewQuery);
        const transfer: Transferable[] = [reply.rows.buffer, reply.window.buffer];
        if (reply.markers !== null) transfer.push(reply.markers.buffer);
        return [reply, transfer];
      }
      case 'statistics': {
        const { start, stop } = call.args as WorkerApi['statistics']['args'];
        checkSampleId('start', start);
        checkSampleId('stop', stop);
        const stats = new StatsArray(1);
        const range = await this.requireSource('statistics').statisticsGet(start, stop, stats);
        return [{ stats: packStats(stats), range }, [stats.buffer]];
      }
      case 'recordStart': {
        const { name } = call.args as WorkerApi['recordStart']['args'];
        if (typeof name !== 'string' || name.length === 0) throw new TypeError('recordStart needs a file name');
        const source = this.requireSource('recordStart');
        if (!source.info.live) throw new Error('recordStart: a recording cannot be recorded again; open a device');
        if (this.recorder !== null) throw new Error('recordStart: already recording');
        const recorder = await this.deps.createRecorder(name, source);
        this.recorder = recorder;
        source.tap(recorder.tap);
        return [null, []];
      }
      case 'recordStop':
        return [await this.recordStop(), []];
      case 'close':
        await this.close();
        return [null, []];
    }
  }

  private async open(args: WorkerApi['open']['args']): Promise<WorkerApi['open']['result']> {
    const { source: spec, settings } = args;
    if (typeof spec !== 'object' || spec === null || !['emulated', 'usb', 'recording'].includes(spec.kind)) {
      throw new TypeError("open needs a source of kind 'emulated', 'usb' or 'recording'");
    }
    if (spec.kind === 'recording' && !(spec.file instanceof Blob)) throw new TypeError('open recording needs a file (Blob)');
    const merged = { ...DEFAULT_SETTINGS, ...settings };
    // The old source closes first: a USB device cannot be opened twice.
    await this.close();
    const source = await this.deps.openSource(spec, merged);
    this.source = source;
    this.stoppedMessage = null;
    source.onStopped = (message) => {
      this.stoppedMessage = message;
      this.post({ kind: 'stopped', message }, []);
      this.pushStatus();
    };
    this.resetRate(source);
    this.timer ??= setInterval(() => this.pushStatus(), this.deps.statusPeriod ?? 250);
    return source.info;
  }

  private async view(q: ViewQuery): Promise<ViewReply> {
    checkQuery(q);
    const source = this.requireSource('view');
    const held = source.held();
    // The page zooms in fractions of samples; the buffer counts whole ones.
    const span = Math.max(1, Math.round(q.stop - q.start));
    const start = q.follow ? held[1] - span : Math.round(q.start);
    const stop = q.follow ? held[1] : start + span;
    const w = clampWindow(viewWindow(start, stop, q.pixels, source.blocks), held[0], held[1]);
    const rows = statsFor(w.rows, q.recycle);
    await source.dataGet(w.start, w.increment, w.rows, rows);
    const window = new StatsArray(1);
    const windowRange = await source.statisticsGet(start, stop, window);
    let markers: StatsArray | null = null;
    let markerRange: [number, number] | null = null;
    if (q.markers !== null) {
      markers = new StatsArray(1);
      const [a, b] = q.markers;
      markerRange = await source.statisticsGet(Math.round(Math.min(a, b)), Math.round(Math.max(a, b)), markers);
    }
    return {
      start: w.start,
      stop: w.stop,
      increment: w.increment,
      rows: packStats(rows),
      window: packStats(window),
      windowRange,
      markers: markers === null ? null : packStats(markers),
      markerRange,
      held,
      capacity: source.capacity(),
    };
  }

  private async recordStop(): Promise<RecordingResult> {
    const recorder = this.recorder;
    if (recorder === null) throw new Error('recordStop: not recording');
    this.recorder = null;
    this.source?.tap(null);
    return recorder.finish();
  }

  private resetRate(source: Source): void {
    this.rate = { t: this.deps.now(), received: source.counters().received, queryMs: this.queryMs, sampleRate: 0, load: 0 };
  }

  /** The status now; rates over the time since the previous status. */
  status(): SourceStatus | null {
    const source = this.source;
    if (source === null) return null;
    const c = source.counters();
    const t = this.deps.now();
    const dt = t - this.rate.t;
    if (dt >= 500) {
      this.rate.sampleRate = c.received >= this.rate.received ? ((c.received - this.rate.received) * 1000) / dt : 0;
      this.rate.load = (this.queryMs - this.rate.queryMs) / dt;
      this.rate.t = t;
      this.rate.received = c.received;
      this.rate.queryMs = this.queryMs;
    }
    return {
      streaming: c.streaming,
      held: source.held(),
      sampleRate: c.streaming ? this.rate.sampleRate : 0,
      missing: c.missing,
      skips: c.skips,
      syncs: c.syncs,
      charge: c.charge,
      energy: c.energy,
      currentRange: c.currentRange,
      queryLoad: this.rate.load,
      recording: this.recorder === null ? null : this.recorder.samples,
      message: this.stoppedMessage,
    };
  }

  private pushStatus(): void {
    const status = this.status();
    if (status !== null) this.post({ kind: 'status', status }, []);
  }

  /** Stops and closes the source (a recording in progress is finished and dropped). */
  async close(): Promise<void> {
    if (this.recorder !== null) await this.recordStop().catch(() => undefined);
    const source = this.source;
    this.source = null;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (source !== null) {
      await source.stop();
      await source.close();
    }
  }
}
