import { describeValue } from './_js110-options';
import { Js110RangeError, Js110TypeError } from './errors';
import type { EmulatorSignal } from './emulator-signal';

/** Faults the emulated JS110 can be told to produce; `at` counts packets from the stream start. */
export type EmulatorFault =
  /** Packets [at, at + count) are never sent (their index is skipped); `count` defaults to 1. */
  | { kind: 'drop'; at: number; count?: number }
  /** Packet `at` is sent with a bad header: type 2, status 1, or length 500. */
  | { kind: 'corrupt'; at: number; field: 'type' | 'status' | 'length' }
  /** The transfer that would carry packet `at` stalls, and the endpoint stays halted. */
  | { kind: 'stall'; at: number }
  /** The device sends nothing for `durationMs` (at most 2147483647) before packet `at`. */
  | { kind: 'timeout'; at: number; durationMs: number }
  /** The device is unplugged when packet `at` is due: the transfer carrying it fails. */
  | { kind: 'unplug'; at: number }
  /** The next control transfer (of `request`, if given) is never answered. */
  | { kind: 'controlTimeout'; request?: number }
  /** The next control transfer (of `request`, if given) stalls. */
  | { kind: 'controlStall'; request?: number };

/** Options of `new EmulatedJs110()`. */
export interface EmulatorOptions {
  /** USB string serial number (default `EMU001`; at most 126 characters). */
  serialNumber?: string;
  /** The 16 bytes of the SERIAL_NUMBER reply (default: ASCII "JS110 emulator 1"). */
  hardwareSerial?: Uint8Array;
  /** `production` 16d0:0e88 (default) or `alpha` 1fc9:fc93. */
  identity?: 'production' | 'alpha';
  /** `realtime`: 2 MS/s of wall clock (default); `fast`: as fast as the host reads. */
  pacing?: 'realtime' | 'fast';
  /** What the inputs see (default `firmwareLikeSignal()`). */
  signal?: EmulatorSignal;
  /** STATUS reply form: 1 (24 bytes) or 2 (104 bytes with statistics, default). */
  statusVersion?: 1 | 2;
  /** INFO reply form: bare JSON (firmware ≥ 1.1, default), with header (older), none (stall). */
  infoForm?: 'json' | 'header' | 'none';
  /** The INFO JSON (default: firmware-like, with this device's serial numbers). */
  info?: object;
  /** Calibration records (datafile bytes); null: the request stalls. Default: signed fixture values. */
  calibration?: { active?: Uint8Array | null; factory?: Uint8Array | null };
  /** STATUS reads answered "busy" (settings result 19) after each SETTINGS (default 1). */
  settingsBusyPolls?: number;
  /** Realtime pacing: packets the device buffers before it discards the oldest (default 2048). */
  fifoPackets?: number;
}

const OPTION_KEYS = [
  'serialNumber',
  'hardwareSerial',
  'identity',
  'pacing',
  'signal',
  'statusVersion',
  'infoForm',
  'info',
  'calibration',
  'settingsBusyPolls',
  'fifoPackets',
];
const FAULT_KINDS = ['drop', 'corrupt', 'stall', 'timeout', 'unplug', 'controlTimeout', 'controlStall'] as const;
const FAULT_KEYS: Record<EmulatorFault['kind'], readonly string[]> = {
  drop: ['kind', 'at', 'count'],
  corrupt: ['kind', 'at', 'field'],
  stall: ['kind', 'at'],
  timeout: ['kind', 'at', 'durationMs'],
  unplug: ['kind', 'at'],
  controlTimeout: ['kind', 'request'],
  controlStall: ['kind', 'request'],
};
const TIMER_MAX_MS = 2_147_483_647;

function oneOf(name: string, value: unknown, allowed: readonly unknown[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new Js110RangeError(`${name} must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')}, got ${describeValue(value)}`);
  }
}

function integer(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Js110RangeError(`${name} must be an integer in ${String(min)}..${String(max)}, got ${describeValue(value)}`);
  }
}

/** Checks the emulator's options; a bad one is a `TypeError`/`RangeError` naming it. */
export function checkEmulatorOptions(options: EmulatorOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new Js110TypeError(`EmulatedJs110 options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new Js110RangeError(`unknown EmulatedJs110 option "${key}"; the options are ${OPTION_KEYS.join(', ')}`);
  }
  const o = options as Record<keyof EmulatorOptions, unknown>;
  if (o.serialNumber !== undefined && (typeof o.serialNumber !== 'string' || o.serialNumber.length > 126)) {
    throw new Js110RangeError(`serialNumber must be a string of at most 126 characters, got ${describeValue(o.serialNumber)}`);
  }
  if (o.hardwareSerial !== undefined && (!(o.hardwareSerial instanceof Uint8Array) || o.hardwareSerial.length !== 16)) {
    const got = o.hardwareSerial instanceof Uint8Array ? `${String(o.hardwareSerial.length)} bytes` : describeValue(o.hardwareSerial);
    throw new Js110RangeError(`hardwareSerial must be 16 bytes (a Uint8Array), got ${got}`);
  }
  oneOf('identity', o.identity, ['production', 'alpha']);
  oneOf('pacing', o.pacing, ['realtime', 'fast']);
  oneOf('statusVersion', o.statusVersion, [1, 2]);
  oneOf('infoForm', o.infoForm, ['json', 'header', 'none']);
  if (o.signal !== undefined) {
    const signal: unknown = o.signal;
    const s = signal as Partial<EmulatorSignal>;
    if (typeof signal !== 'object' || signal === null || typeof s.fill !== 'function' || typeof s.period !== 'number') {
      throw new Js110TypeError('signal must be an EmulatorSignal: { period: number, fill(start, n, current, voltage, gpi) }');
    }
  }
  if (o.info !== undefined && (typeof o.info !== 'object' || o.info === null)) throw new Js110TypeError(`info must be an object, got ${describeValue(o.info)}`);
  if (o.calibration !== undefined) {
    const c = o.calibration as Record<string, unknown> | null;
    if (typeof c !== 'object' || c === null) throw new Js110TypeError(`calibration must be { active?, factory? }, got ${describeValue(c)}`);
    for (const which of ['active', 'factory']) {
      const record = c[which];
      if (record !== undefined && record !== null && !(record instanceof Uint8Array)) {
        throw new Js110TypeError(`calibration.${which} must be the record bytes (a Uint8Array) or null, got ${describeValue(record)}`);
      }
    }
  }
  if (o.settingsBusyPolls !== undefined) integer('settingsBusyPolls', o.settingsBusyPolls, 0, 1_000_000);
  if (o.fifoPackets !== undefined) integer('fifoPackets', o.fifoPackets, 1, 1 << 24);
}

/** Checks a fault and returns a copy of it; a fault that makes no sense schedules nothing. */
export function checkFault(fault: EmulatorFault): EmulatorFault {
  if (typeof fault !== 'object' || fault === null) throw new Js110TypeError(`injectFault() takes a fault object, got ${describeValue(fault)}`);
  const kind = (fault as { kind?: unknown }).kind;
  if (!FAULT_KINDS.includes(kind as EmulatorFault['kind'])) {
    throw new Js110RangeError(`unknown fault kind ${describeValue(kind)}; the kinds are ${FAULT_KINDS.join(', ')}`);
  }
  const f = fault as Record<string, unknown>;
  const keys = FAULT_KEYS[kind as EmulatorFault['kind']];
  for (const key of Object.keys(f)) {
    if (!keys.includes(key)) throw new Js110RangeError(`a ${String(kind)} fault has ${keys.slice(1).join(', ') || 'no other fields'}, not "${key}"`);
  }
  if (keys.includes('at')) integer(`${String(kind)} fault at (a packet number)`, f.at, 0, Number.MAX_SAFE_INTEGER);
  if (f.count !== undefined) integer('drop fault count', f.count, 1, 2 ** 32);
  if (kind === 'corrupt') oneOf('corrupt fault field', f.field ?? null, ['type', 'status', 'length']);
  if (kind === 'timeout' && (typeof f.durationMs !== 'number' || !(f.durationMs >= 0 && f.durationMs <= TIMER_MAX_MS))) {
    throw new Js110RangeError(`timeout fault durationMs must be a number of milliseconds in 0..${String(TIMER_MAX_MS)}, got ${describeValue(f.durationMs)}`);
  }
  if (f.request !== undefined) integer(`${String(kind)} fault request`, f.request, 0, 255);
  return { ...fault };
}
