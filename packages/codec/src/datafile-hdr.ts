/**
 * The 40-byte value of the HDR record (docs/datafile.md, "HDR"), in the layout the reference
 * writer actually produces: i64 timestamp, u32 version, u32 product_id, u16 vendor_id,
 * u16 subtype_id, u32 hardware_compatibility, 16-byte serial number.
 */
import { checkUint } from './check-uint';
import { DatafileError } from './datafile-error';
import { describeValue } from './_describe';

/** Bytes of the HDR value. */
export const HDR_SIZE = 40;

/** The fields of an HDR value. */
export interface HdrRecord {
  /** 34Q30 seconds since 2018-01-01T00:00:00Z (see `timestampFromDate`). */
  timestamp: bigint;
  /** `(major << 24) | (minor << 16) | patch`; see `versionToU32`. */
  version: number;
  productId: number;
  vendorId: number;
  subtypeId: number;
  hardwareCompatibility: number;
  /** 16 bytes. */
  serialNumber: Uint8Array;
}

/**
 * The HDR value bytes. Throws TypeError when a field has the wrong type (the timestamp is a
 * bigint, the serial number a Uint8Array) and RangeError when it does not fit its width.
 */
export function encodeHdr(hdr: HdrRecord): Uint8Array {
  if (hdr === null || typeof hdr !== 'object') throw new TypeError(`HDR must be an object, got ${describeValue(hdr)}`);
  if (typeof hdr.timestamp !== 'bigint') {
    throw new TypeError(`HDR timestamp must be a bigint (34Q30 seconds, see timestampFromDate), got ${describeValue(hdr.timestamp)}`);
  }
  if (hdr.timestamp < -(2n ** 63n) || hdr.timestamp >= 2n ** 63n) {
    throw new RangeError(`HDR timestamp must fit a signed 64-bit integer, got ${String(hdr.timestamp)}`);
  }
  checkUint('HDR version', hdr.version, 32);
  checkUint('HDR productId', hdr.productId, 32);
  checkUint('HDR vendorId', hdr.vendorId, 16);
  checkUint('HDR subtypeId', hdr.subtypeId, 16);
  checkUint('HDR hardwareCompatibility', hdr.hardwareCompatibility, 32);
  if (!(hdr.serialNumber instanceof Uint8Array)) {
    throw new TypeError(`HDR serialNumber must be a 16-byte Uint8Array, got ${describeValue(hdr.serialNumber)}`);
  }
  if (hdr.serialNumber.length !== 16) {
    throw new RangeError(`HDR serialNumber must be 16 bytes, got ${String(hdr.serialNumber.length)}`);
  }
  const out = new Uint8Array(HDR_SIZE);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, hdr.timestamp, true);
  view.setUint32(8, hdr.version, true);
  view.setUint32(12, hdr.productId, true);
  view.setUint16(16, hdr.vendorId, true);
  view.setUint16(18, hdr.subtypeId, true);
  view.setUint32(20, hdr.hardwareCompatibility, true);
  out.set(hdr.serialNumber, 24);
  return out;
}

/** The fields of an HDR value. Throws DatafileError `bad_record` unless it is 40 bytes. */
export function decodeHdr(value: Uint8Array): HdrRecord {
  if (!(value instanceof Uint8Array)) throw new TypeError(`an HDR value must be a Uint8Array, got ${describeValue(value)}`);
  if (value.length !== HDR_SIZE) {
    throw new DatafileError('bad_record', `HDR value must be ${HDR_SIZE} bytes, got ${value.length}`);
  }
  const view = new DataView(value.buffer, value.byteOffset, HDR_SIZE);
  return {
    timestamp: view.getBigInt64(0, true),
    version: view.getUint32(8, true),
    productId: view.getUint32(12, true),
    vendorId: view.getUint16(16, true),
    subtypeId: view.getUint16(18, true),
    hardwareCompatibility: view.getUint32(20, true),
    serialNumber: value.slice(24, 40),
  };
}

/** "major.minor.patch" → `(major << 24) | (minor << 16) | patch` (8, 8 and 16 bits). */
export function versionToU32(version: string): number {
  if (typeof version !== 'string') throw new TypeError(`version must be a "major.minor.patch" string, got ${describeValue(version)}`);
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  const major = m ? Number(m[1]) : NaN;
  const minor = m ? Number(m[2]) : NaN;
  const patch = m ? Number(m[3]) : NaN;
  if (!(major <= 0xff && minor <= 0xff && patch <= 0xffff)) {
    throw new RangeError(`version must be "major.minor.patch" with major, minor < 256 and patch < 65536, got "${version}"`);
  }
  return ((major << 24) | (minor << 16) | patch) >>> 0;
}

/** `(major << 24) | (minor << 16) | patch` → "major.minor.patch". */
export function versionFromU32(version: number): string {
  checkUint('version', version, 32);
  return `${version >>> 24}.${(version >>> 16) & 0xff}.${version & 0xffff}`;
}
