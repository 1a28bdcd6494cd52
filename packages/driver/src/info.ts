import { checkBytes, hexHead, writePduHeader } from './_pdu-header';
import { Js110ProtocolError, Js110RangeError, Js110TypeError } from './errors';
import { HOST_API_VERSION, PDU_HEADER_SIZE, PduType } from './protocol';

/** What the INFO request returns: the firmware's JSON plus the keys the host adds (docs/protocol.md, "INFO"). */
export interface FirmwareInfo {
  [key: string]: unknown;
  model: 'JS110';
  hardware_version: 'H';
  /** The USB string serial number. */
  serial_number: string;
}

/**
 * Parses an INFO reply (request 10). Firmware ≥ 1.1.0 replies with bare UTF-8 JSON (first byte
 * `{`); older firmware prefixes the 8-byte header (1, length, 4) and is shorter than 256 bytes.
 * Trailing NUL padding is ignored.
 */
export function parseInfo(reply: Uint8Array, usbSerialNumber: string): FirmwareInfo {
  checkBytes(reply, 'parseInfo');
  if (typeof usbSerialNumber !== 'string') throw new Js110TypeError('parseInfo needs the USB serial number as a string');
  let body: Uint8Array;
  if (reply.length > 0 && reply[0] === 0x7b) {
    body = reply;
  } else {
    if (reply.length < PDU_HEADER_SIZE || reply[0] !== HOST_API_VERSION || reply[2] !== PduType.INFO || reply[1] !== reply.length) {
      throw new Js110ProtocolError(
        `an INFO reply is JSON starting with "{" or has the header (1, its length, 4), got ${String(reply.length)} bytes: ${hexHead(reply)}`,
      );
    }
    body = reply.subarray(PDU_HEADER_SIZE);
  }
  let end = body.indexOf(0);
  if (end < 0) end = body.length;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, end));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Js110ProtocolError(`the INFO reply is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Js110ProtocolError(`the INFO reply must be a JSON object, got ${text.slice(0, 40)}`);
  }
  return { ...(json as Record<string, unknown>), model: 'JS110', hardware_version: 'H', serial_number: usbSerialNumber };
}

/**
 * Builds an INFO reply as the firmware does: `json` form (firmware ≥ 1.1.0) or `header` form
 * (older firmware; the whole reply must stay below 256 bytes since its length field is a u8).
 */
export function encodeInfo(info: object, form: 'json' | 'header'): Uint8Array {
  if (typeof info !== 'object' || info === null) throw new Js110TypeError('encodeInfo needs the INFO object');
  if (form !== 'json' && form !== 'header') throw new Js110RangeError(`encodeInfo form must be 'json' or 'header', got ${String(form)}`);
  const json = new TextEncoder().encode(JSON.stringify(info));
  if (form === 'json') return json;
  const length = PDU_HEADER_SIZE + json.length;
  if (length > 255) {
    throw new Js110RangeError(`an INFO reply with header must be at most 255 bytes, this one would be ${String(length)}`);
  }
  const reply = new Uint8Array(length);
  writePduHeader(reply, PduType.INFO);
  reply.set(json, PDU_HEADER_SIZE);
  return reply;
}
