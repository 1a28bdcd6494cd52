import { pduField } from './_pdu-field';
import { checkBytes, checkFields, hexHead, writePduHeader } from './_pdu-header';
import { Js110ProtocolError } from './errors';
import { HOST_API_VERSION, PduType } from './protocol';

/** Length of the SETTINGS PDU (docs/protocol.md, "SETTINGS"). */
export const SETTINGS_PDU_LENGTH = 16;

/** The fields of the SETTINGS PDU, as raw byte values. */
export interface SettingsFields {
  /** Byte 8: 0 off, 1 on. */
  sensorPower: number;
  /** Byte 9: one-hot range select, 0x80 auto, 0x00 off. */
  iRange: number;
  /** Byte 10: 0x00 off, 0xC0 raw, 0x09/0x0A/0xAF test patterns. */
  source: number;
  /** Byte 11 bit 1: 0 = 15 V, 1 = 5 V. */
  vRange: number;
  /** Byte 11 bit 0. */
  ovrToLsb: number;
  /** Byte 12: 0 when not streaming, else `control_test_mode` (normal = 0x03). */
  streaming: number;
}

/** Builds the 16-byte SETTINGS PDU (request 3, OUT). */
export function encodeSettings(fields: SettingsFields): Uint8Array {
  checkFields(fields, 'encodeSettings');
  const pdu = new Uint8Array(SETTINGS_PDU_LENGTH);
  writePduHeader(pdu, PduType.SETTINGS);
  pdu[8] = pduField('SETTINGS sensorPower', fields.sensorPower, 8);
  pdu[9] = pduField('SETTINGS iRange', fields.iRange, 8);
  pdu[10] = pduField('SETTINGS source', fields.source, 8);
  pdu[11] = (pduField('SETTINGS vRange', fields.vRange, 1) << 1) | pduField('SETTINGS ovrToLsb', fields.ovrToLsb, 1);
  pdu[12] = pduField('SETTINGS streaming', fields.streaming, 8);
  return pdu;
}

/** Reads a SETTINGS PDU (what the device receives); the header must be exactly (1, 16, 1). */
export function decodeSettings(pdu: Uint8Array): SettingsFields {
  checkBytes(pdu, 'decodeSettings');
  if (pdu.length !== SETTINGS_PDU_LENGTH || pdu[0] !== HOST_API_VERSION || pdu[1] !== SETTINGS_PDU_LENGTH || pdu[2] !== PduType.SETTINGS) {
    throw new Js110ProtocolError(
      `a SETTINGS PDU is 16 bytes with header 01 10 01, got ${String(pdu.length)} bytes: ${hexHead(pdu)}`,
    );
  }
  return {
    sensorPower: pdu[8],
    iRange: pdu[9],
    source: pdu[10],
    vRange: (pdu[11] >> 1) & 1,
    ovrToLsb: pdu[11] & 1,
    streaming: pdu[12],
  };
}
