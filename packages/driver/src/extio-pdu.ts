import { pduField } from './_pdu-field';
import { checkBytes, checkFields, hexHead, writePduHeader } from './_pdu-header';
import { Js110ProtocolError } from './errors';
import { HOST_API_VERSION, PduType } from './protocol';

/** Length of the EXTIO PDU, OUT and the meaningful part of IN (docs/protocol.md, "EXTIO"). */
export const EXTIO_PDU_LENGTH = 24;

/** The EXTIO settings the host sends, as raw values. */
export interface ExtioSettings {
  /** Byte 9: 0 auto, 2 gpi0, 3 gpi1. */
  triggerSource: number;
  /** Byte 10: what drives the current LSB: 0 normal, 2 gpi0, 3 gpi1. */
  currentLsb: number;
  /** Byte 11: what drives the voltage LSB: 0 normal, 2 gpi0, 3 gpi1. */
  voltageLsb: number;
  /** Byte 12: general purpose output 0 level. */
  gpo0: number;
  /** Byte 13. */
  gpo1: number;
  /** u32 at 20: I/O voltage in mV (1800..5000). */
  ioVoltage: number;
}

/** The EXTIO status the device returns. */
export interface ExtioStatus extends ExtioSettings {
  /** Byte 8. */
  flags: number;
  /** Byte 15: the GPI input levels, bit 0 = gpi0, bit 1 = gpi1. */
  gpiValue: number;
}

/** Builds the 24-byte EXTIO OUT PDU (request 9). */
export function encodeExtio(settings: ExtioSettings): Uint8Array {
  checkFields(settings, 'encodeExtio');
  const pdu = new Uint8Array(EXTIO_PDU_LENGTH);
  writePduHeader(pdu, PduType.EXTIO);
  writeFields(pdu, { ...settings, flags: 0, gpiValue: 0 });
  return pdu;
}

/** Reads an EXTIO OUT PDU (what the device receives); exactly 24 bytes with header (1, 24, 3). */
export function decodeExtio(pdu: Uint8Array): ExtioSettings {
  checkBytes(pdu, 'decodeExtio');
  if (pdu.length !== EXTIO_PDU_LENGTH || pdu[0] !== HOST_API_VERSION || pdu[1] !== EXTIO_PDU_LENGTH || pdu[2] !== PduType.EXTIO) {
    throw new Js110ProtocolError(`an EXTIO PDU is 24 bytes with header 01 18 03, got ${String(pdu.length)} bytes: ${hexHead(pdu)}`);
  }
  const { flags: _flags, gpiValue: _gpi, ...settings } = readFields(pdu);
  return settings;
}

/** Parses the EXTIO IN reply: at least 24 bytes, version 1, type 3, byte 1 = 24. */
export function parseExtioStatus(reply: Uint8Array): ExtioStatus {
  checkBytes(reply, 'parseExtioStatus');
  if (reply.length < EXTIO_PDU_LENGTH || reply[0] !== HOST_API_VERSION || reply[2] !== PduType.EXTIO || reply[1] !== EXTIO_PDU_LENGTH) {
    throw new Js110ProtocolError(
      `an EXTIO reply is at least 24 bytes with header 01 18 03, got ${String(reply.length)} bytes: ${hexHead(reply)}`,
    );
  }
  return readFields(reply);
}

/** Builds the EXTIO IN reply as the firmware sends it (24 bytes). */
export function encodeExtioStatus(status: ExtioStatus): Uint8Array {
  checkFields(status, 'encodeExtioStatus');
  const reply = new Uint8Array(EXTIO_PDU_LENGTH);
  writePduHeader(reply, PduType.EXTIO);
  writeFields(reply, status);
  return reply;
}

function writeFields(pdu: Uint8Array, s: ExtioStatus): void {
  pdu[8] = pduField('EXTIO flags', s.flags, 8);
  pdu[9] = pduField('EXTIO triggerSource', s.triggerSource, 8);
  pdu[10] = pduField('EXTIO currentLsb', s.currentLsb, 8);
  pdu[11] = pduField('EXTIO voltageLsb', s.voltageLsb, 8);
  pdu[12] = pduField('EXTIO gpo0', s.gpo0, 8);
  pdu[13] = pduField('EXTIO gpo1', s.gpo1, 8);
  pdu[15] = pduField('EXTIO gpiValue', s.gpiValue, 8);
  new DataView(pdu.buffer, pdu.byteOffset, pdu.length).setUint32(20, pduField('EXTIO ioVoltage', s.ioVoltage, 32), true);
}

function readFields(pdu: Uint8Array): ExtioStatus {
  return {
    flags: pdu[8],
    triggerSource: pdu[9],
    currentLsb: pdu[10],
    voltageLsb: pdu[11],
    gpo0: pdu[12],
    gpo1: pdu[13],
    gpiValue: pdu[15],
    ioVoltage: new DataView(pdu.buffer, pdu.byteOffset, pdu.length).getUint32(20, true),
  };
}
