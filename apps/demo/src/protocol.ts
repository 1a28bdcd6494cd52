/**
 * The messages between the page and its worker. The page only draws; the worker owns the device
 * (or the recording) and the buffer. Statistics rows cross as the `ArrayBuffer` of a `StatsArray`,
 * transferred (no copy, no per-sample objects, no JSON of samples), and go back with the next query
 * so that a steady stream of frames allocates nothing.
 */
import { StatsArray } from '@joulescope/stats';

/** Where the samples come from. `usb`: a JS110 this origin was granted (WebUSB), by serial number or the first one. */
export type SourceSpec = { kind: 'emulated' } | { kind: 'usb'; serialNumber?: string } | { kind: 'recording'; file: Blob; name: string };

/** The glitch filter modes offered (the driver's `current_ranging` values). */
export const GLITCH_FILTERS = ['interp_1_n_1', 'mean_1_n_1', 'nan_1_n_1', 'off'] as const;
/** Current ranges (the driver's `i_range` names). */
export const CURRENT_RANGES = ['auto', '10 A', '2 A', '180 mA', '18 mA', '1.8 mA', '180 µA', '18 µA'] as const;
/** Voltage ranges (the driver's `v_range` names). */
export const VOLTAGE_RANGES = ['15V', '5V'] as const;
/** Buffer durations offered, in seconds. */
export const BUFFER_DURATIONS = [5, 10, 30, 60] as const;

/** The device settings the page controls. */
export interface DeviceSettings {
  currentRange: (typeof CURRENT_RANGES)[number];
  voltageRange: (typeof VOLTAGE_RANGES)[number];
  glitchFilter: (typeof GLITCH_FILTERS)[number];
  /** Seconds of history the buffer holds (takes effect at the next start). */
  bufferDuration: number;
}

/** The defaults of the reference: autoranging, 15 V, the default filter, 30 s. */
export const DEFAULT_SETTINGS: Readonly<DeviceSettings> = Object.freeze({
  currentRange: 'auto',
  voltageRange: '15V',
  glitchFilter: 'interp_1_n_1',
  bufferDuration: 30,
});

/** What was opened. */
export interface SourceInfo {
  kind: SourceSpec['kind'];
  /** e.g. "Emulated JS110 000001", or a file name. */
  name: string;
  samplingFrequency: number;
  /** False when the samples are uncalibrated counts (a device with no calibration). */
  calibrated: boolean;
  /** Whether it can stream (a device) or only be viewed (a recording). */
  live: boolean;
}

/** A `StatsArray` on the wire: its row count and its buffer (transferred). */
export interface StatsTransfer {
  rows: number;
  buffer: ArrayBuffer;
}

/** Packs a `StatsArray` for `postMessage`; list `buffer` in the transfer list. */
export function packStats(stats: StatsArray): StatsTransfer {
  const buffer = stats.buffer;
  // A SharedArrayBuffer cannot be transferred; the worker never makes one.
  if (!(buffer instanceof ArrayBuffer)) throw new TypeError('packStats needs a StatsArray over an ArrayBuffer, not a SharedArrayBuffer');
  return { rows: stats.rows, buffer };
}

/** Rebuilds a `StatsArray` over a received buffer (no copy). */
export function unpackStats(packed: StatsTransfer): StatsArray {
  return new StatsArray(packed.rows, packed.buffer);
}

/**
 * A `StatsArray` of `rows` rows over `recycled` when it is big enough (a buffer that came back
 * from the page), else over a new buffer.
 */
export function statsFor(rows: number, recycled: ArrayBuffer | null): StatsArray {
  if (recycled !== null && recycled.byteLength >= StatsArray.byteLength(rows)) return new StatsArray(rows, recycled);
  return new StatsArray(rows);
}

/** A frame's query: the window, the plot width, the markers, and a buffer to reuse. */
export interface ViewQuery {
  /** Follow the newest sample: only `stop − start` (the span) is used. */
  follow: boolean;
  start: number;
  stop: number;
  /** Plot width in pixels: about one row per pixel. */
  pixels: number;
  /** Sample ids of the two markers, in any order, or null. */
  markers: [number, number] | null;
  /** The rows buffer of an earlier reply, handed back (transferred) for reuse. */
  recycle: ArrayBuffer | null;
}

/** A frame's data. */
export interface ViewReply {
  /** The rows: `rows.rows` rows of `increment` samples from `start`. */
  start: number;
  stop: number;
  increment: number;
  rows: StatsTransfer;
  /** Exact statistics of the visible window (`statisticsGet`) and the range it covered. */
  window: StatsTransfer;
  windowRange: [number, number];
  /** Exact statistics between the markers, or null. */
  markers: StatsTransfer | null;
  markerRange: [number, number] | null;
  /** Sample ids held `[first, last)` when the query ran. */
  held: [number, number];
  /** The most samples the source can hold (the widest useful window). */
  capacity: number;
}

/** Counters and rates, pushed by the worker about four times a second. */
export interface SourceStatus {
  streaming: boolean;
  /** Sample ids held `[first, last)`. */
  held: [number, number];
  /** Samples received per second over the last second. */
  sampleRate: number;
  /** Samples the device or USB lost (filled as missing). */
  missing: number;
  /** Sample-index skips and resyncs seen by the processor. */
  skips: number;
  syncs: number;
  /** Charge (C) and energy (J) since the start. */
  charge: number;
  energy: number;
  /** Current range indices (0 = 10 A … 6 = 18 µA, 7 = off) used in the newest statistics update: [lowest, highest], NaN when none. */
  currentRange: [number, number];
  /** Fraction of wall time the worker spent answering the page's calls (the queries of the frames). */
  queryLoad: number;
  /** Samples written to the recording in progress, or null. */
  recording: number | null;
  /** Why streaming stopped, when it stopped by itself. */
  message: string | null;
}

/** A finished recording. */
export interface RecordingResult {
  file: Blob;
  name: string;
  samples: number;
  /** Sample id (in the buffer) of the first recorded sample. */
  start: number;
  /** Where the worker wrote it: the origin-private file system, or memory where there is none. */
  store: 'opfs' | 'memory';
}

/** Every call the page can make: arguments and result. */
export interface WorkerApi {
  open: { args: { source: SourceSpec; settings: DeviceSettings }; result: SourceInfo };
  start: { args: Record<string, never>; result: null };
  stop: { args: Record<string, never>; result: null };
  configure: { args: { settings: Partial<DeviceSettings> }; result: null };
  view: { args: ViewQuery; result: ViewReply };
  statistics: { args: { start: number; stop: number }; result: { stats: StatsTransfer; range: [number, number] } };
  recordStart: { args: { name: string }; result: null };
  recordStop: { args: Record<string, never>; result: RecordingResult };
  close: { args: Record<string, never>; result: null };
}

/** A call's name. */
export type Method = keyof WorkerApi;

/** The page → worker message. */
export interface CallMessage<M extends Method = Method> {
  kind: 'call';
  id: number;
  method: M;
  args: WorkerApi[M]['args'];
}

/** An error as it crosses: its class name and message. */
export interface ErrorInfo {
  name: string;
  message: string;
}

/** The worker → page reply to one call. */
export type ReplyMessage =
  | { kind: 'reply'; id: number; ok: true; value: WorkerApi[Method]['result'] }
  | { kind: 'reply'; id: number; ok: false; error: ErrorInfo };

/** Pushed by the worker. */
export type EventMessage = { kind: 'status'; status: SourceStatus } | { kind: 'stopped'; message: string };

/** Everything the worker posts. */
export type WorkerMessage = ReplyMessage | EventMessage;

const METHODS: ReadonlySet<string> = new Set<Method>([
  'open',
  'start',
  'stop',
  'configure',
  'view',
  'statistics',
  'recordStart',
  'recordStop',
  'close',
]);

/** Thrown by the worker for a message that is not a call it knows. */
export class ProtocolError extends TypeError {
  override readonly name = 'ProtocolError';
}

/**
 * Checks that `data` is a call message (kind, integer id, known method, object args); returns
 * it typed or throws `ProtocolError` saying what is wrong.
 */
export function parseCall(data: unknown): CallMessage {
  if (typeof data !== 'object' || data === null) throw new ProtocolError(`a call must be an object, got ${data === null ? 'null' : typeof data}`);
  const m = data as Partial<CallMessage>;
  if (m.kind !== 'call') throw new ProtocolError(`a call has kind 'call', got ${String(m.kind)}`);
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) throw new ProtocolError(`a call id must be an integer, got ${String(m.id)}`);
  if (typeof m.method !== 'string' || !METHODS.has(m.method)) {
    throw new ProtocolError(`unknown method ${String(m.method)}; known: ${[...METHODS].join(', ')}`);
  }
  if (typeof m.args !== 'object' || m.args === null) throw new ProtocolError(`${m.method} needs an args object`);
  return m as CallMessage;
}

/** The error as it crosses the boundary. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The error a caller sees for a failed call: same name and message as in the worker. */
export class WorkerCallError extends Error {
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}
