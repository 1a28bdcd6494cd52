/**
 * Js110Recorder: a JLS recording of a JS110 as the Joulescope UI writes one (docs/jls.md,
 * "JS110 recordings"), fed with blocks of columnar samples. It takes sample values, not driver
 * objects, so it serves the CLI's `capture --out` and the web demo alike.
 *
 * What it writes: optional notes (user data 0, a string); source 1 `JS110-<serial>` (vendor
 * Jetperch LLC, model JS110, version the JSON {"hw", "fw", "fpga"}); FSR signals current (A),
 * voltage (V), power (W) as f32, current_range as u8 and gpi[0], gpi[1] as u1, ids 1, 2, ... in
 * that order; UTC entries on every signal at the first block, then every 10 minutes of UTC, and
 * one for the last sample at close.
 */
import { SIGNAL_UNITS } from '@joulescope/stats';
import { checkInteger, checkSampleId, checkString } from './_checks';
import { pythonJsonStringify } from './_python-json';
import type { DataType } from './data-type';
import type { JlsSink } from './sink';
import { TIME64_SECOND, isTime64, time64FromUnixMs } from './time64';
import { JlsWriter } from './writer';

/** The signals of a JS110 recording, by their names in the file. */
export type Js110SignalName = 'current' | 'voltage' | 'power' | 'current_range' | 'gpi[0]' | 'gpi[1]';

/** The block field that carries each signal. */
const FIELDS = {
  current: 'current',
  voltage: 'voltage',
  power: 'power',
  current_range: 'currentRange',
  'gpi[0]': 'gpi0',
  'gpi[1]': 'gpi1',
} as const satisfies Record<Js110SignalName, keyof Js110Block>;

const TYPES: Readonly<Record<Js110SignalName, DataType>> = {
  current: 'f32',
  voltage: 'f32',
  power: 'f32',
  current_range: 'u8',
  'gpi[0]': 'u1',
  'gpi[1]': 'u1',
};

const UNITS: Readonly<Record<Js110SignalName, string>> = {
  current: SIGNAL_UNITS.current,
  voltage: SIGNAL_UNITS.voltage,
  power: SIGNAL_UNITS.power,
  current_range: SIGNAL_UNITS.current_range,
  'gpi[0]': '',
  'gpi[1]': '',
};

/** All six signals, in the order (and so with the ids 1..6) the recorder writes them. */
export const JS110_SIGNALS: readonly Js110SignalName[] = ['current', 'voltage', 'power', 'current_range', 'gpi[0]', 'gpi[1]'];

/** Options of `Js110Recorder.open`: the instrument's identity and what to record. */
export interface Js110RecorderOptions {
  /** The instrument's serial number (`000415`): the source is named `JS110-<serialNumber>`. */
  serialNumber: string;
  /** Hardware, firmware and FPGA versions for the source's version JSON. */
  hardware?: string;
  firmware?: string;
  fpga?: string;
  /** Samples per second of the blocks (default 2 000 000; lower after host decimation). */
  sampleRate?: number;
  /** The signals to record (default all six). */
  signals?: readonly Js110SignalName[];
  /** Notes, stored as the UI stores them (user data 0, a string). */
  notes?: string;
  /** Seconds of UTC between UTC entries (default 600, as the UI). */
  utcIntervalSeconds?: number;
}

/** One block of samples, one array per recorded signal, all of the same length. */
export interface Js110Block {
  /** The sample id of the first sample (device sample id divided by any decimation). */
  sampleId: number;
  /** UTC time64 of the first sample; default: now, less the block's duration. */
  time64?: bigint;
  current?: Float32Array;
  voltage?: Float32Array;
  power?: Float32Array;
  /** Current range index per sample (0..7). */
  currentRange?: Uint8Array;
  /** General-purpose inputs per sample (0 or 1). */
  gpi0?: Uint8Array;
  gpi1?: Uint8Array;
}

/** True when every byte is 0 or 1. */
function isBits(a: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc |= a[i];
  return (acc & 0xfe) === 0;
}

/**
 * Records JS110 samples as the Joulescope UI does. Create with `Js110Recorder.open`, feed with
 * `write(block)`, finish with `close()`.
 */
export class Js110Recorder {
  private first = true;
  private lastUtcTime = 0n;
  private lastUtcSample = -1;
  private lastSample = -1;
  private lastTime = 0n;

  private constructor(
    /** The underlying writer (for annotations: `recorder.writer.annotation(recorder.signalId('current'), ...)`). */
    readonly writer: JlsWriter,
    private readonly names: readonly Js110SignalName[],
    private readonly sampleRate: number,
    private readonly utcInterval: bigint,
  ) {}

  /** Creates the recording at a path (Node.js) or on a JlsSink, and defines its source and signals. */
  static async open(target: string | JlsSink, options: Js110RecorderOptions): Promise<Js110Recorder> {
    if (options === null || typeof options !== 'object') throw new TypeError('Js110Recorder.open needs options with serialNumber');
    const serial = checkString('serialNumber', options.serialNumber, true);
    const rate = options.sampleRate === undefined ? 2_000_000 : checkInteger('sampleRate', options.sampleRate, 1, 0xffffffff);
    const list: unknown = options.signals ?? JS110_SIGNALS;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((n) => typeof n !== 'string' || !Object.hasOwn(TYPES, n)) ||
      new Set(list).size !== list.length
    ) {
      throw new RangeError(`signals must be distinct names among ${JS110_SIGNALS.join(', ')}`);
    }
    const names = list as readonly Js110SignalName[];
    const interval = options.utcIntervalSeconds ?? 600;
    if (typeof interval !== 'number' || !(interval > 0) || !Number.isFinite(interval)) {
      throw new RangeError(`utcIntervalSeconds must be a positive number, got ${String(interval)}`);
    }
    const version = pythonJsonStringify({
      hw: checkString('hardware', options.hardware ?? '', true),
      fw: checkString('firmware', options.firmware ?? '', true),
      fpga: checkString('fpga', options.fpga ?? '', true),
    });
    const notes = options.notes === undefined ? undefined : checkString('notes', options.notes, false);
    const writer = await JlsWriter.open(target);
    if (notes !== undefined && notes !== '') await writer.userData(0, notes);
    await writer.sourceDef({ sourceId: 1, name: `JS110-${serial}`, vendor: 'Jetperch LLC', model: 'JS110', version, serialNumber: serial });
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      await writer.signalDef({ signalId: i + 1, sourceId: 1, dataType: TYPES[name], sampleRate: rate, name, units: UNITS[name] });
    }
    return new Js110Recorder(writer, names, rate, BigInt(Math.round(interval * Number(TIME64_SECOND))));
  }

  /** The signal id of a recorded signal (RangeError if it is not recorded). */
  signalId(name: Js110SignalName): number {
    const i = this.names.indexOf(name);
    if (i < 0) throw new RangeError(`${String(name)} is not recorded (recording: ${this.names.join(', ')})`);
    return i + 1;
  }

  /** Appends one block: every recorded signal's samples, from `block.sampleId`. */
  async write(block: Js110Block): Promise<void> {
    if (block === null || typeof block !== 'object') throw new TypeError('write takes a block { sampleId, current, voltage, ... }');
    const sampleId = checkSampleId('sampleId', block.sampleId);
    let n = -1;
    for (const name of this.names) {
      const field = FIELDS[name];
      const a = block[field];
      const expected = TYPES[name] === 'f32' ? Float32Array : Uint8Array;
      if (!(a instanceof expected)) throw new TypeError(`block.${field} must be a ${expected.name} (${name} is recorded)`);
      if (n >= 0 && a.length !== n) throw new RangeError(`block.${field} holds ${a.length} samples, the other signals ${n}`);
      if (TYPES[name] === 'u1' && !isBits(a as Uint8Array)) throw new RangeError(`block.${field} must hold 0 or 1 per sample`);
      n = a.length;
    }
    if (n === 0) return;
    // Checked here too (the writer checks per signal), so a refused block writes nothing.
    if (this.lastSample >= 0 && sampleId - this.lastSample - 1 > 3600 * this.sampleRate) {
      throw new RangeError(`block.sampleId ${sampleId} leaves a gap of over an hour after sample ${this.lastSample}`);
    }
    let t0: bigint;
    if (block.time64 === undefined) {
      t0 = time64FromUnixMs(Date.now()) - BigInt(Math.round((n / this.sampleRate) * Number(TIME64_SECOND)));
    } else if (isTime64(block.time64)) {
      t0 = block.time64;
    } else {
      throw new TypeError('block.time64 must be a bigint time64');
    }
    if (this.first || t0 - this.lastUtcTime >= this.utcInterval) {
      for (let i = 0; i < this.names.length; i++) await this.writer.utc(i + 1, sampleId, t0);
      this.first = false;
      this.lastUtcTime = t0;
      this.lastUtcSample = sampleId;
    }
    for (let i = 0; i < this.names.length; i++) {
      await this.writer.fsr(i + 1, sampleId, block[FIELDS[this.names[i]]] as Float32Array | Uint8Array);
    }
    this.lastSample = sampleId + n - 1;
    this.lastTime = t0 + BigInt(Math.round(((n - 1) / this.sampleRate) * Number(TIME64_SECOND)));
  }

  /** Hands everything written so far to the store (see JlsWriter.flush). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Writes the final UTC entry (the last sample) and closes the file. */
  async close(): Promise<void> {
    if (this.lastSample >= 0 && this.lastSample !== this.lastUtcSample) {
      for (let i = 0; i < this.names.length; i++) await this.writer.utc(i + 1, this.lastSample, this.lastTime);
    }
    await this.writer.close();
  }
}
