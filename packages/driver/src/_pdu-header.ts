import { bytesToHex } from '@joulescope/codec';
import { describeValue } from './_js110-options';
import { Js110TypeError } from './errors';
import { HOST_API_VERSION, PDU_HEADER_SIZE } from './protocol';

/** Writes the common 8-byte header (docs/protocol.md, "PDU header"): version, total length, type, reserved zeros. */
export function writePduHeader(bytes: Uint8Array, type: number): void {
  bytes[0] = HOST_API_VERSION;
  bytes[1] = bytes.length;
  bytes[2] = type;
  bytes.fill(0, 3, PDU_HEADER_SIZE);
}

/** Hex of the first bytes of a reply, for error messages. */
export function hexHead(bytes: Uint8Array, count = 8): string {
  return bytesToHex(bytes.subarray(0, count)) + (bytes.length > count ? '…' : '');
}

/** Checks that `value` is bytes (a Uint8Array); `what` names the function in the error. */
export function checkBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new Js110TypeError(`${what} needs the bytes as a Uint8Array, got ${describeValue(value)}`);
}

/** Checks that `value` is an object of fields; `what` names the function in the error. */
export function checkFields(value: unknown, what: string): void {
  if (typeof value !== 'object' || value === null) throw new Js110TypeError(`${what} needs an object of fields, got ${describeValue(value)}`);
}
