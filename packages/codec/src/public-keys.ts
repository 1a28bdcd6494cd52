/** Jetperch's EdDSA-BLAKE2b public keys (docs/datafile.md, "Public keys"), named as in pyjoulescope. */
import { hexToBytes } from './hex';

const KEY_HEX = {
  /** Signs factory calibrations; accepted for calibration records by default. */
  CALIBRATION_SIGNING: '3b3aee3fb2ac984fd37040aa52092e2ad88371455285002a6eef568ef152232f',
  /** Signs recalibrations; accepted for calibration records by default. */
  RECALIBRATION_01_SIGNING: '75693bf67e3a8d783789e831e16a8df40fee55b363e787d2212866b1a18cf64d',
  FIRMWARE_SIGNING: '32fe2bed04bbc42fe1b382e0371ba95ec2947045e8d919e49fdef601e24c105e',
  FIRMWARE_DISTRIBUTION: '83fd0b085bda32c041644b7c299859b1101fbccc334f9ba6223a9d94a083a9d0',
  JOULESCOPE_ROOT: 'eb385a7ff9c1315deba7cd5fca29630a1a0c66b4bbb0deac5c1e18aa68715ae4',
} as const;

/** The name of an official key. */
export type PublicKeyName = keyof typeof KEY_HEX;

function key(name: PublicKeyName): Uint8Array {
  return hexToBytes(KEY_HEX[name]);
}

/**
 * The official 32-byte public keys. Typed arrays cannot be frozen: treat them as read-only
 * (the calibration loader keeps its own copies, so changing these does not change what it trusts).
 */
export const PUBLIC_KEYS: Readonly<Record<PublicKeyName, Uint8Array>> = /* @__PURE__ */ Object.freeze({
  CALIBRATION_SIGNING: key('CALIBRATION_SIGNING'),
  RECALIBRATION_01_SIGNING: key('RECALIBRATION_01_SIGNING'),
  FIRMWARE_SIGNING: key('FIRMWARE_SIGNING'),
  FIRMWARE_DISTRIBUTION: key('FIRMWARE_DISTRIBUTION'),
  JOULESCOPE_ROOT: key('JOULESCOPE_ROOT'),
});

/** Fresh copies of the keys a calibration record is trusted with by default. */
export function calibrationPublicKeys(): Uint8Array[] {
  return [key('CALIBRATION_SIGNING'), key('RECALIBRATION_01_SIGNING')];
}
