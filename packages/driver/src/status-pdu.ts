import { pduField } from './_pdu-field';
import { checkBytes, checkFields, hexHead, writePduHeader } from './_pdu-header';
import { Js110ProtocolError, Js110RangeError } from './errors';
import { HOST_API_VERSION, PduType } from './protocol';

/** STATUS reply lengths (docs/protocol.md, "STATUS"): v1 without and v2 with the on-device statistics. */
export const STATUS_V1_LENGTH = 24;
export const STATUS_V2_LENGTH = 104;

/** Fixed-point scales of the v2 statistics block (value = integer / 2^n). */
const Q_POWER_MEAN = 2 ** 34;
const Q_CHARGE = 2 ** 27;
const Q_CURRENT = 2 ** 27;
const Q_VOLTAGE = 2 ** 17;
const Q_POWER = 2 ** 21;

/** The v1 fields of a STATUS reply. */
export interface StatusFields {
  /** Result of the last SETTINGS command; −1 or 19 while the sensor is still busy. */
  settingsResult: number;
  fpgaFrameCounter: number;
  fpgaDiscardCounter: number;
  sensorFlags: number;
  sensorIRange: number;
  sensorSource: number;
}

export interface SignalSummary {
  mean: number;
  min: number;
  max: number;
}

/** What a device reports in the v2 block, in SI units (what `encodeStatus` takes). */
export interface SensorStatisticsFields {
  samplesTotal: number;
  /** Samples in this update; 0 means the block holds no statistics. */
  samplesThis: number;
  samplesPerUpdate: number;
  samplesPerSecond: number;
  /** A. */
  current: SignalSummary;
  /** V. */
  voltage: SignalSummary;
  /** W. */
  power: SignalSummary;
  /** Accumulated charge since the sensor started, C. */
  charge: number;
  /** Accumulated energy, J. */
  energy: number;
}

/** The on-device statistics of a v2 STATUS reply with its derived values (docs/protocol.md, "STATUS"). */
export interface SensorStatistics extends SensorStatisticsFields {
  /** Seconds: [samplesTotal − samplesThis, samplesTotal] / samplesPerSecond. */
  time: { start: number; end: number; delta: number };
  current: SignalSummary & { p2p: number; integral: number };
  voltage: SignalSummary & { p2p: number };
  power: SignalSummary & { p2p: number; integral: number };
}

/** A parsed STATUS reply. */
export interface Js110Status extends StatusFields {
  /** 24 (v1) or 104 (v2). */
  length: number;
  /** The v2 statistics, or null for a v1 reply or an update without samples. */
  statistics: SensorStatistics | null;
}

/** Parses a STATUS reply (request 4): length 24 or 104, header (1, length, 2). */
export function parseStatus(reply: Uint8Array): Js110Status {
  checkBytes(reply, 'parseStatus');
  const n = reply.length;
  if (n !== STATUS_V1_LENGTH && n !== STATUS_V2_LENGTH) {
    throw new Js110ProtocolError(`a STATUS reply is 24 or 104 bytes, got ${String(n)}: ${hexHead(reply)}`);
  }
  if (reply[0] !== HOST_API_VERSION || reply[2] !== PduType.STATUS || reply[1] !== n) {
    throw new Js110ProtocolError(
      `a STATUS reply starts with version 1, its length ${String(n)} and type 2, got ${hexHead(reply)}`,
    );
  }
  const view = new DataView(reply.buffer, reply.byteOffset, n);
  const status: Js110Status = {
    length: n,
    settingsResult: view.getInt32(8, true),
    fpgaFrameCounter: view.getUint32(12, true),
    fpgaDiscardCounter: view.getUint32(16, true),
    sensorFlags: reply[20],
    sensorIRange: reply[21],
    sensorSource: reply[22],
    statistics: null,
  };
  if (n === STATUS_V2_LENGTH) status.statistics = parseStatistics(view, 24);
  return status;
}

function parseStatistics(view: DataView, base: number): SensorStatistics | null {
  const samplesThis = view.getInt32(base + 32, true);
  if (samplesThis === 0) return null;
  const samplesTotal = Number(view.getBigInt64(base, true));
  const samplesPerSecond = view.getInt32(base + 40, true);
  const start = (samplesTotal - samplesThis) / samplesPerSecond;
  const end = samplesTotal / samplesPerSecond;
  const delta = end - start;
  const i32 = (offset: number, q: number): number => view.getInt32(base + offset, true) / q;
  const current = { mean: i32(44, Q_CURRENT), min: i32(48, Q_CURRENT), max: i32(52, Q_CURRENT) };
  const voltage = { mean: i32(56, Q_VOLTAGE), min: i32(60, Q_VOLTAGE), max: i32(64, Q_VOLTAGE) };
  const power = {
    mean: Number(view.getBigInt64(base + 8, true)) / Q_POWER_MEAN,
    min: i32(68, Q_POWER),
    max: i32(72, Q_POWER),
  };
  return {
    samplesTotal,
    samplesThis,
    samplesPerUpdate: view.getInt32(base + 36, true),
    samplesPerSecond,
    time: { start, end, delta },
    current: { ...current, p2p: current.max - current.min, integral: current.mean * delta },
    voltage: { ...voltage, p2p: voltage.max - voltage.min },
    power: { ...power, p2p: power.max - power.min, integral: power.mean * delta },
    charge: Number(view.getBigInt64(base + 16, true)) / Q_CHARGE,
    energy: Number(view.getBigInt64(base + 24, true)) / Q_CHARGE,
  };
}

/**
 * Builds a STATUS reply as the firmware sends it: 24 bytes without `statistics`, 104 bytes
 * with them (`null` writes an empty block, samplesThis 0). Values are rounded to the
 * fixed-point scales of the reply and saturate at the field limits.
 */
export function encodeStatus(fields: StatusFields, statistics?: SensorStatisticsFields | null): Uint8Array {
  checkFields(fields, 'encodeStatus');
  if (statistics !== undefined && statistics !== null) checkFields(statistics, 'encodeStatus statistics');
  const settingsResult = fields.settingsResult;
  if (!Number.isInteger(settingsResult) || settingsResult < -0x80000000 || settingsResult > 0x7fffffff) {
    throw new Js110RangeError(`STATUS settingsResult must be a 32-bit signed integer, got ${String(settingsResult)}`);
  }
  const sensorBytes = [
    pduField('STATUS sensorFlags', fields.sensorFlags, 8),
    pduField('STATUS sensorIRange', fields.sensorIRange, 8),
    pduField('STATUS sensorSource', fields.sensorSource, 8),
  ];
  const reply = new Uint8Array(statistics === undefined ? STATUS_V1_LENGTH : STATUS_V2_LENGTH);
  writePduHeader(reply, PduType.STATUS);
  const view = new DataView(reply.buffer);
  view.setInt32(8, settingsResult, true);
  // The FPGA counters wrap at 32 bits, as on the device.
  view.setUint32(12, fields.fpgaFrameCounter >>> 0, true);
  view.setUint32(16, fields.fpgaDiscardCounter >>> 0, true);
  reply.set(sensorBytes, 20);
  if (statistics) {
    const b = 24;
    const i64 = (offset: number, x: number): void => view.setBigInt64(b + offset, toI64(x), true);
    const i32 = (offset: number, x: number, q: number): void => view.setInt32(b + offset, toI32(x * q), true);
    i64(0, statistics.samplesTotal);
    i64(8, statistics.power.mean * Q_POWER_MEAN);
    i64(16, statistics.charge * Q_CHARGE);
    i64(24, statistics.energy * Q_CHARGE);
    i32(32, statistics.samplesThis, 1);
    i32(36, statistics.samplesPerUpdate, 1);
    i32(40, statistics.samplesPerSecond, 1);
    i32(44, statistics.current.mean, Q_CURRENT);
    i32(48, statistics.current.min, Q_CURRENT);
    i32(52, statistics.current.max, Q_CURRENT);
    i32(56, statistics.voltage.mean, Q_VOLTAGE);
    i32(60, statistics.voltage.min, Q_VOLTAGE);
    i32(64, statistics.voltage.max, Q_VOLTAGE);
    i32(68, statistics.power.min, Q_POWER);
    i32(72, statistics.power.max, Q_POWER);
  }
  return reply;
}

const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);

function toI64(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9.2e18) return I64_MAX;
  if (x <= -9.2e18) return I64_MIN;
  return BigInt(Math.round(x));
}

function toI32(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.max(-0x80000000, Math.min(0x7fffffff, Math.round(x)));
}
