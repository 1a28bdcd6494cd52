import { checkUint, hexHead, writePduHeader } from './_pdu-header';
import { Js110ProtocolError } from './errors';
import { HOST_API_VERSION, PduType } from './protocol';

/** Length of the EXTIO PDU, OUT and the meaningful part of IN (§2.6). */
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
  const pdu = new Uint8Array(EXTIO_PDU_LENGTH);
  writePduHeader(pdu, PduType.EXTIO);
  writeFields(pdu, { ...settings, flags: 0, gpiValue: 0 });
  return pdu;
}

/** Reads an EXTIO OUT PDU (what the device receives); exactly 24 bytes with header (1, 24, 3). */
export function decodeExtio(pdu: Uint8Array): ExtioSettings {
  if (pdu.length !== EXTIO_PDU_LENGTH || pdu[0] !== HOST_API_VERSION || pdu[1] !== EXTIO_PDU_LENGTH || pdu[2] !== PduType.EXTIO) {
    throw new Js110ProtocolError(`an EXTIO PDU is 24 bytes with header 01 18 03, got ${String(pdu.length)} bytes: ${hexHead(pdu)}`);
  }
  const { flags: _flags, gpiValue: _gpi, ...settings } = readFields(pdu);
  return settings;
}

/** Parses the EXTIO IN reply: at least 24 bytes, version 1, type 3, byte 1 = 24. */
export function parseExtioStatus(reply: Uint8Array): ExtioStatus {
  if (reply.length < EXTIO_PDU_LENGTH || reply[0] !== HOST_API_VERSION || reply[2] !== PduType.EXTIO || reply[1] !== EXTIO_PDU_LENGTH) {
    throw new Js110ProtocolError(
      `an EXTIO reply is at least 24 bytes with header 01 18 03, got ${String(reply.length)} bytes: ${hexHead(reply)}`,
    );
  }
  return readFields(reply);
}

/** Builds the EXTIO IN reply as the firmware sends it (24 bytes). */
export function encodeExtioStatus(status: ExtioStatus): Uint8Array {
  const reply = new Uint8Array(EXTIO_PDU_LENGTH);
  writePduHeader(reply, PduType.EXTIO);
  writeFields(reply, status);
  return reply;
}

function writeFields(pdu: Uint8Array, s: ExtioStatus): void {
  pdu[8] = checkUint(s.flags, 0xff, 'EXTIO flags');
  pdu[9] = checkUint(s.triggerSource, 0xff, 'EXTIO triggerSource');
  pdu[10] = checkUint(s.currentLsb, 0xff, 'EXTIO currentLsb');
  pdu[11] = checkUint(s.voltageLsb, 0xff, 'EXTIO voltageLsb');
  pdu[12] = checkUint(s.gpo0, 0xff, 'EXTIO gpo0');
  pdu[13] = checkUint(s.gpo1, 0xff, 'EXTIO gpo1');
  pdu[15] = checkUint(s.gpiValue, 0xff, 'EXTIO gpiValue');
  new DataView(pdu.buffer, pdu.byteOffset, pdu.length).setUint32(20, checkUint(s.ioVoltage, 0xffffffff, 'EXTIO ioVoltage'), true);
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
