/**
 * JS110 calibration records (docs/datafile.md, "Calibration records"): a datafile holding
 * [SGS] HDR AJS [SGE] END, where AJS is Python-style JSON with the per-range offsets and gains.
 *
 * `parseCalibration` follows the reference load procedure, except that a bad signature is
 * reported (`signed: false` with the reason) instead of thrown, every record is read through
 * END (so every CRC is checked), and it refuses what `serializeCalibration` could not write.
 * `serializeCalibration` writes what the reference `Calibration.save` writes, byte for byte
 * given the same values.
 */
import { CalibrationError } from './calibration-error';
import { calibrationTables } from './calibration-tables';
import { DATAFILE_TAG } from './datafile-format';
import { DatafileReader } from './datafile-reader';
import type { DatafileRecord } from './datafile-reader';
import { versionToU32 } from './datafile-hdr';
import { DatafileWriter } from './datafile-writer';
import { eddsaPublicKey } from './eddsa-blake2b';
import { calibrationPublicKeys } from './public-keys';
import { timestampFromDate } from './timestamp';
import { bytesEqual } from './_bytes-equal';
import { describeValue } from './_describe';
import { bytesToHex, hexToBytes } from './hex';
import { parsePythonJson, pythonFloat, pythonJsonString } from './_python-json';
import type { JsonObject, JsonValue } from './_python-json';

/** `product_id.vendor_id.subtype_id` of a JS110 calibration. */
export const CALIBRATION_PRODUCT = '1.1.1';
/** Entries of the current arrays: ranges 0..6, 7 = off (0), 8 = missing sample (NaN). */
export const CALIBRATION_CURRENT_ENTRIES = 9;
/** Entries of the voltage arrays: range 0 = 15 V, 1 = 5 V. */
export const CALIBRATION_VOLTAGE_ENTRIES = 2;
/**
 * Calibration records are at most 32 KiB on the device; this bounds what a hostile one inflates
 * to, per value and in total over the whole parse.
 */
const MAX_INFLATED_SIZE = 1024 * 1024;

/** The calibration values, as `serializeCalibration` takes them. */
export interface CalibrationData {
  /** Float32Array(9), added to the raw current before the gain; index = current range. */
  currentOffset: Float32Array;
  /** Float32Array(9); entry 7 is 0 (current off), entry 8 NaN (missing sample). */
  currentGain: Float32Array;
  /** Float32Array(2); index = voltage range. */
  voltageOffset: Float32Array;
  voltageGain: Float32Array;
  /** 32 lowercase hex digits (16 bytes). */
  serialNumber: string;
  time: Date;
  /** "major.minor.patch". */
  version: string;
}

/**
 * Why a calibration is or is not `signed`:
 * - `verified`: signed by an allowed key and the signature checks;
 * - `unsigned`: the record has no signature (it does not start with SGS);
 * - `untrusted_key`: signed with a key that is not allowed (not verified at all);
 * - `missing_end`: SGS, HDR and AJS are not followed by SGE;
 * - `bad_signature`: signed by an allowed key but the signature does not match the bytes;
 * - `malformed`: SGS or SGE of the wrong size;
 * - `unsupported`: an unknown signature type or the payload-only flag;
 * - `default`: made by `defaultCalibration`, not loaded.
 */
export type CalibrationSignatureStatus =
  | 'verified'
  | 'unsigned'
  | 'untrusted_key'
  | 'missing_end'
  | 'bad_signature'
  | 'malformed'
  | 'unsupported'
  | 'default';

/** A loaded calibration: its values and whether, and why not, it is signed. */
export interface Calibration extends CalibrationData {
  /** True only when the signature verifies with an allowed key. */
  signed: boolean;
  signatureStatus: CalibrationSignatureStatus;
  /** A sentence saying why `signed` is false; null when signed. */
  unsignedReason: string | null;
}

/** Options of `parseCalibration`. */
export interface ParseCalibrationOptions {
  /** Allowed signing keys; default: the official CALIBRATION_SIGNING and RECALIBRATION_01_SIGNING. */
  publicKeys?: readonly Uint8Array[];
}

/** Options of `serializeCalibration`. */
export interface SerializeCalibrationOptions {
  /** 32-byte EdDSA-BLAKE2b secret key (seed); without it the record is not signed. */
  privateKey?: Uint8Array;
}

/** The identity calibration: offsets 0, gains 1, current entry 7 = 0 and entry 8 = NaN. */
export function defaultCalibration(serialNumber = '0'.repeat(32)): Calibration {
  if (typeof serialNumber !== 'string') throw new TypeError(`defaultCalibration serialNumber must be a string, got ${describeValue(serialNumber)}`);
  return {
    currentOffset: Float32Array.of(0, 0, 0, 0, 0, 0, 0, 0, NaN),
    currentGain: Float32Array.of(1, 1, 1, 1, 1, 1, 1, 0, NaN),
    voltageOffset: Float32Array.of(0, 0),
    voltageGain: Float32Array.of(1, 1),
    serialNumber,
    time: new Date(Date.UTC(2018, 0, 1)),
    version: '1.0.0',
    signed: false,
    signatureStatus: 'default',
    unsignedReason: 'default identity calibration, not loaded from a record',
  };
}

/**
 * Loads a calibration record, reading every record through END. Datafile faults (CRC, END
 * included, truncation, magic) throw DatafileError; a wrong record sequence, product, JSON, field
 * or a used value that is not a finite float32 throws CalibrationError with its `code`; options
 * of the wrong type a TypeError. The signature never throws: `signed` says whether it verified
 * with an allowed key and `signatureStatus`/`unsignedReason` say why not.
 */
export function parseCalibration(bytes: Uint8Array, options: ParseCalibrationOptions = {}): Calibration {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`parseCalibration options must be an object, got ${describeValue(options)}`);
  }
  if (options.publicKeys !== undefined && (!Array.isArray(options.publicKeys) || !options.publicKeys.every((k) => k instanceof Uint8Array))) {
    throw new TypeError(`parseCalibration publicKeys must be an array of Uint8Array keys, got ${describeValue(options.publicKeys)}`);
  }
  const allowed = options.publicKeys ?? calibrationPublicKeys();
  const reader = new DatafileReader(bytes, {
    publicKeys: allowed,
    maxInflatedSize: MAX_INFLATED_SIZE,
    maxTotalInflatedSize: MAX_INFLATED_SIZE,
  });
  let status: CalibrationSignatureStatus = 'unsigned';
  let reason: string | null = 'the record has no signature (it does not start with SGS)';
  let candidate = false;

  let rec = reader.next();
  if (rec?.tag === DATAFILE_TAG.SGS) {
    const start = rec.signatureStart;
    if (start === undefined) {
      status = 'malformed';
      reason = `SGS value is ${rec.value.length} bytes, expected 40`;
    } else if (!allowed.some((k) => bytesEqual(k, start.publicKey))) {
      status = 'untrusted_key';
      reason = `signed with key ${bytesToHex(start.publicKey)}, which is not an allowed calibration key`;
    } else {
      candidate = true;
    }
    rec = reader.next();
  }
  expectTag(rec, [DATAFILE_TAG.HDR], 'HDR');
  const json = reader.next();
  expectTag(json, [DATAFILE_TAG.AJS, DATAFILE_TAG.CJS], 'AJS (or CJS) calibration JSON');
  // Decode before verifying: a record that cannot load anyway costs no signature check.
  const data = decodeJson((json as DatafileRecord).value);
  let next = reader.next();
  if (candidate) {
    const check = next?.signature;
    if (check === undefined) {
      status = 'missing_end';
      reason = `the calibration JSON is followed by ${next === null ? 'nothing' : next.tag}, not the SGE that ends the signature`;
    } else if (check.verified) {
      status = 'verified';
      reason = null;
    } else {
      status = check.status;
      reason = check.reason;
    }
  }
  // Read on to END so that every record's CRC is checked, the ones after the signature too.
  while (next !== null && next.tag !== DATAFILE_TAG.END) next = reader.next();
  if (!reader.ended) {
    throw new CalibrationError('missing_tag', 'calibration record: expected END after the calibration records, found the end of the data');
  }
  return { ...data, signed: status === 'verified', signatureStatus: status, unsignedReason: reason };
}

/**
 * The calibration record bytes: [SGS] HDR AJS [SGE] END, signed when `privateKey` is given.
 * Current arrays are written as their first 7 entries + 0.0 + NaN, as the reference does.
 * Throws TypeError for a field of the wrong type and RangeError for one that cannot be written
 * (a used value that is not a finite float32, a voltage array without exactly 2 entries, a serial
 * number that is not 32 hex digits, a bad version or time).
 */
export function serializeCalibration(cal: CalibrationData, options: SerializeCalibrationOptions = {}): Uint8Array {
  if (cal === null || typeof cal !== 'object') throw new TypeError(`serializeCalibration needs calibration data, got ${describeValue(cal)}`);
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`serializeCalibration options must be an object, got ${describeValue(options)}`);
  }
  for (const [name, arr] of [
    ['voltageOffset', cal.voltageOffset],
    ['voltageGain', cal.voltageGain],
  ] as const) {
    if (arr !== null && typeof arr === 'object' && arr.length !== CALIBRATION_VOLTAGE_ENTRIES) {
      throw new RangeError(`${name} needs ${String(CALIBRATION_VOLTAGE_ENTRIES)} entries, got ${String(arr.length)}`);
    }
  }
  const t = calibrationTables(cal.currentOffset, cal.currentGain, cal.voltageOffset, cal.voltageGain);
  if (typeof cal.serialNumber !== 'string' || !/^[0-9a-fA-F]{32}$/.test(cal.serialNumber)) {
    throw new RangeError(`serialNumber must be 32 hex digits, got ${describeValue(cal.serialNumber)}`);
  }
  const serial = hexToBytes(cal.serialNumber);
  const version = versionToU32(cal.version);
  const time = isoformat(cal.time);
  const timestamp = timestampFromDate(cal.time);
  if (options.privateKey !== undefined) eddsaPublicKey(options.privateKey); // checks the key before any work
  const current = (a: Float32Array): number[] => [...a.subarray(0, 7), 0, NaN];
  const text =
    `{"version": ${pythonJsonString(cal.version)}, ` +
    `"time": ${pythonJsonString(time)}, ` +
    `"timestamp": "${timestamp}", ` +
    `"product_name": "Joulescope JS110", "vendor_name": "Jetperch LLC", "subtype_name": "Calibration", ` +
    `"product": "${CALIBRATION_PRODUCT}", ` +
    `"serial_number": ${pythonJsonString(cal.serialNumber.toLowerCase())}, ` +
    `"voltage": {"offset": ${floatList(t.voltageOffset)}, "gain": ${floatList(t.voltageGain)}}, ` +
    `"current": {"offset": ${floatList(current(t.currentOffset))}, "gain": ${floatList(current(t.currentGain))}}}`;

  const w = new DatafileWriter();
  if (options.privateKey !== undefined) w.signatureStart(options.privateKey);
  w.appendHdr({ timestamp, version, productId: 1, vendorId: 1, subtypeId: 1, hardwareCompatibility: 0, serialNumber: serial });
  w.append(DATAFILE_TAG.AJS, text);
  if (options.privateKey !== undefined) w.signatureEnd();
  return w.finalize();
}

function expectTag(rec: DatafileRecord | null, tags: readonly string[], what: string): void {
  if (rec === null || !tags.includes(rec.tag)) {
    const got = rec === null ? 'the end of the records' : `${rec.tag} at ${rec.offset}`;
    throw new CalibrationError('missing_tag', `calibration record: expected ${what}, found ${got}`);
  }
}

/** Float32 values printed as Python prints the float64 they widen to. */
function floatList(values: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) parts.push(pythonFloat(Math.fround(values[i])));
  return `[${parts.join(', ')}]`;
}

/** A valid Date whose UTC year is 1..9999, the years Python's `datetime` can write. */
function writableTime(time: Date): boolean {
  const year = time.getUTCFullYear();
  return Number.isFinite(time.getTime()) && year >= 1 && year <= 9999;
}

/** Python `datetime.isoformat()` of a UTC time: microseconds only when non-zero. */
function isoformat(time: Date): string {
  if (!(time instanceof Date)) throw new TypeError(`calibration time must be a Date, got ${describeValue(time)}`);
  if (!writableTime(time)) throw new RangeError('calibration time must be a valid Date in years 1..9999 (UTC)');
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const frac = time.getUTCMilliseconds() === 0 ? '' : `.${p(time.getUTCMilliseconds(), 3)}000`;
  return (
    `${p(time.getUTCFullYear(), 4)}-${p(time.getUTCMonth() + 1)}-${p(time.getUTCDate())}` +
    `T${p(time.getUTCHours())}:${p(time.getUTCMinutes())}:${p(time.getUTCSeconds())}${frac}+00:00`
  );
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** ISO-8601 as Python writes it; a time without zone is taken as UTC. Null when invalid. */
function parseIsoTime(s: string): Date | null {
  const m = ISO_TIME.exec(s);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, minute, second, ms);
  if (t.getUTCDate() !== day) return null; // e.g. February 30
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const zh = Number(digits.slice(0, 2));
    const zm = Number(digits.slice(2) || '0');
    if (zh > 23 || zm > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  return new Date(t.getTime() - offsetMinutes * 60_000);
}

function decodeJson(value: Uint8Array): CalibrationData {
  let root: JsonValue;
  try {
    root = parsePythonJson(new TextDecoder('utf-8', { fatal: true }).decode(value));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CalibrationError('bad_json', `calibration JSON cannot be parsed: ${why}`, { cause: e });
  }
  const top = asObject(root, 'the calibration JSON');
  const product = top.get('product');
  if (product !== CALIBRATION_PRODUCT) {
    const got = product === undefined ? 'no product' : `product ${JSON.stringify(product)}`;
    throw new CalibrationError('wrong_product', `calibration is for ${got}; only "${CALIBRATION_PRODUCT}" (JS110) is supported`);
  }
  const version = asString(top, 'version');
  try {
    versionToU32(version);
  } catch (e) {
    throw new CalibrationError('bad_field', `calibration "version" must be "major.minor.patch" with major, minor < 256 and patch < 65536, got ${JSON.stringify(version)}`, { cause: e });
  }
  const timeText = asString(top, 'time');
  const time = parseIsoTime(timeText);
  if (time === null || !writableTime(time)) {
    throw new CalibrationError('bad_field', `calibration "time" must be an ISO-8601 date and time in years 1..9999 (UTC), got ${JSON.stringify(timeText)}`);
  }
  const serial = asString(top, 'serial_number');
  if (!/^[0-9a-fA-F]{32}$/.test(serial)) {
    throw new CalibrationError('bad_field', `calibration "serial_number" must be 32 hex digits, got ${JSON.stringify(serial)}`);
  }
  const voltage = asObject(top.get('voltage'), '"voltage"');
  const current = asObject(top.get('current'), '"current"');
  const voltageOffset = numbers(voltage, 'voltage', 'offset');
  const voltageGain = numbers(voltage, 'voltage', 'gain');
  for (const [name, arr] of [['offset', voltageOffset], ['gain', voltageGain]] as const) {
    if (arr.length !== CALIBRATION_VOLTAGE_ENTRIES) {
      throw new CalibrationError('bad_field', `calibration "voltage"."${name}" must have ${CALIBRATION_VOLTAGE_ENTRIES} entries, got ${arr.length}`);
    }
  }
  const currentOffset = stuffed(numbers(current, 'current', 'offset'), 'offset');
  const currentGain = stuffed(numbers(current, 'current', 'gain'), 'gain');
  try {
    calibrationTables(currentOffset, currentGain, voltageOffset, voltageGain);
  } catch (e) {
    throw new CalibrationError('bad_value', `calibration values cannot be used: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return {
    currentOffset,
    currentGain,
    voltageOffset: Float32Array.from(voltageOffset),
    voltageGain: Float32Array.from(voltageGain),
    serialNumber: serial.toLowerCase(),
    time,
    version,
  };
}

/**
 * The reference "stuffing" (docs/datafile.md, "Calibration records"): repeat the last entry up to 9, then entry 7 = 0 and
 * entry 8 = NaN. Longer lists are cut to 9 (the reference keeps them; nothing reads past 8).
 */
function stuffed(values: number[], name: string): Float32Array {
  if (values.length === 0) throw new CalibrationError('bad_field', `calibration "current"."${name}" is empty`);
  const out = new Float32Array(CALIBRATION_CURRENT_ENTRIES);
  for (let i = 0; i < out.length; i++) out[i] = values[Math.min(i, values.length - 1)];
  out[7] = 0;
  out[8] = NaN;
  return out;
}

function asObject(v: JsonValue | undefined, what: string): JsonObject {
  if (!(v instanceof Map)) throw new CalibrationError('bad_field', `${what} must be a JSON object`);
  return v;
}

function asString(obj: JsonObject, key: string): string {
  const v = obj.get(key);
  if (typeof v !== 'string') throw new CalibrationError('bad_field', `calibration "${key}" must be a string`);
  return v;
}

function numbers(obj: JsonObject, parent: string, key: string): number[] {
  const v = obj.get(key);
  if (!Array.isArray(v) || !v.every((x): x is number => typeof x === 'number')) {
    throw new CalibrationError('bad_field', `calibration "${parent}"."${key}" must be an array of numbers (NaN allowed)`);
  }
  return v;
}
